// Durable waits: each wait's latest resume token (the WaitState of onState) in one Redis hash per
// worker, so a restarted worker lists its waits and resumes them with their own deadlines.
import { readWaitState, type WaitState } from '@cloud-jobs/jobs';
import type { PollSharing } from './sharedPoll.js';

/**
 * A stored wait: its id (unique per worker) and its resume token.
 * @example const { id, state }: StoredWait = (await fleet.storedWaits())[0]!;
 */
export interface StoredWait {
  id: string;
  state: WaitState;
}

/**
 * The waits of one worker in Redis (hash `<prefix>:waits:<workerId>`). Writes are bounded and
 * never fail a wait: when Redis is away the newest state is written with the next change.
 * @example const store = new WaitStore(sharing, 'worker-1'); store.save('ecs:p1:job1', state);
 */
export class WaitStore {
  readonly #sharing: PollSharing;
  readonly #key: string;
  /** Latest state per wait whose write has not landed yet. */
  readonly #unsaved = new Map<string, WaitState>();

  constructor(sharing: PollSharing, workerId: string) {
    this.#sharing = sharing;
    this.#key = `${sharing.settings.keyPrefix}:waits:{${workerId}}`;
  }

  save(id: string, state: WaitState): void {
    this.#unsaved.set(id, state);
    void this.#flush(id);
  }

  async #flush(id: string): Promise<void> {
    const state = this.#unsaved.get(id);
    if (state === undefined) return;
    const { redis } = this.#sharing.settings;
    const done = await this.#sharing.call('store', () => redis.hset(this.#key, id, JSON.stringify(state)));
    // A newer state may have come meanwhile: it has its own write under way.
    if (done && this.#unsaved.get(id) === state) this.#unsaved.delete(id);
  }

  async remove(id: string): Promise<void> {
    this.#unsaved.delete(id);
    const { redis } = this.#sharing.settings;
    await this.#sharing.call('store', () => redis.hdel(this.#key, id));
  }

  /** Every stored wait of this worker; entries that are no WaitState (any more) are dropped. Undefined when Redis is away. */
  async list(): Promise<StoredWait[] | undefined> {
    const { redis } = this.#sharing.settings;
    const result = await this.#sharing.call('store', () => redis.hgetall(this.#key));
    if (!result) return undefined;
    const waits: StoredWait[] = [];
    for (const [id, text] of Object.entries(result.value)) {
      try {
        waits.push({ id, state: readWaitState(JSON.parse(text)) });
      } catch {
        void this.#sharing.call('store', () => redis.hdel(this.#key, id));
      }
    }
    return waits.sort((a, b) => a.state.startedAt - b.state.startedAt);
  }
}

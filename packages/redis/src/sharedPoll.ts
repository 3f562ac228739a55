// One poll per job across processes: the waits on a job elect a poller with a lease in Redis
// (SET NX PX, renewed while it waits); it publishes each answer; the others read it. A wait is
// always either polling itself or reading, so its own deadline and signal stay in force.
import type { GetJob, Job, PollContext, RateLimiter } from '@cloud-jobs/jobs';
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { answerOutcome, decodeAnswer, encodeOutcome, type Answer } from './answer.js';
import { bounded } from './bounded.js';
import type { RedisUnavailableError } from './errors.js';
import type { RedisHealth } from './health.js';
import { luaScript, runScript } from './script.js';

/**
 * Takes the lease when free (SET NX PX) or extends it when ours. Returns { 1 when we hold it after,
 * the job's latest answer when it is newer than ARGV[3] (the last this wait read) or '' }.
 */
const CLAIM = luaScript(`
local held = 0
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])
  held = 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  held = 1
end
local answer = ''
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
if seq > tonumber(ARGV[3]) then answer = redis.call('GET', KEYS[3]) or '' end
return { held, answer }
`);

/** Drops the lease only when ours. */
const RELEASE = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/** Numbers, stores and publishes one answer (ARGV[1] is a JSON object without `seq`). */
const PUBLISH = luaScript(`
local seq = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
local payload = '{"seq":' .. seq .. ',' .. string.sub(ARGV[1], 2)
redis.call('SET', KEYS[1], payload, 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], ARGV[4] .. '\\n' .. payload)
return seq
`);

/**
 * Settings of a {@link PollSharing}.
 * @example const settings: PollSharingSettings = { redis, health, keyPrefix: 'cloud-jobs', leaseMs: 10_000, redisTimeoutMs: 500, answerTtlMs: 600_000 };
 */
export interface PollSharingSettings {
  redis: Redis;
  health: RedisHealth;
  keyPrefix: string;
  /** How long a poller's claim lasts without renewal: a dead poller is replaced within about this long. */
  leaseMs: number;
  redisTimeoutMs: number;
  /** How long the last answer of a job is kept. */
  answerTtlMs: number;
}

/**
 * The hooks one wait uses: its `rateLimiter` (decides whether this poll is the wait's own, and
 * only then takes a token) and its `getJob` (polls, or reads the poller's answer).
 * @example const shared = sharing.share(jobKey, getJob, limiter); await waitForJob(shared.getJob, { ref, rateLimiter: shared.rateLimiter }).finally(() => shared.close());
 */
export interface SharedPoll {
  readonly rateLimiter: RateLimiter;
  readonly getJob: GetJob;
  /** The polls this wait sent itself, and the answers it read from another's poll. */
  readonly counts: { polled: number; read: number };
  /** Stops renewing and gives the lease up (call when the wait settles). */
  close(): Promise<void>;
}

/** Longest a follower waits for a newer answer before it reads the same one again, ms. */
const FOLLOW_MAX_MS = 5_000;

type Mode = 'unknown' | 'poll' | 'follow' | 'local' | 'read';

/**
 * The part of a fleet that shares polls: one subscriber connection per process for every job's
 * answers (one channel), and the lease and answer keys of each job.
 * @example const sharing = new PollSharing(settings); const shared = sharing.share('ecs:p1:job1', getJob);
 */
export class PollSharing {
  readonly #s: PollSharingSettings;
  readonly #owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  readonly #channel: string;
  readonly #listeners = new Map<string, Set<(answer: Answer) => void>>();
  readonly #subscriber: Redis;
  #count = 0;
  #closed = false;

  constructor(settings: PollSharingSettings) {
    this.#s = settings;
    this.#channel = `${settings.keyPrefix}:answers`;
    this.#subscriber = settings.redis.duplicate();
    this.#subscriber.on('error', () => {
      // A lost subscriber only delays followers to their next check; the other calls report it.
    });
    // Subscribe on every (re)connection: a first attempt while Redis is down is not remembered.
    this.#subscriber.on('ready', () => void this.#subscribe());
    this.#subscriber.on('message', (channel: string, message: string) => this.#onMessage(channel, message));
    if (this.#subscriber.status === 'ready') void this.#subscribe();
  }

  async #subscribe(): Promise<void> {
    if (this.#closed) return;
    try {
      await bounded('subscribe', this.#s.redisTimeoutMs, () => this.#subscriber.subscribe(this.#channel));
    } catch {
      // Followers still check the answer key on their own timer.
    }
  }

  #onMessage(channel: string, message: string): void {
    if (channel !== this.#channel) return;
    const cut = message.indexOf('\n');
    if (cut < 0) return;
    const listeners = this.#listeners.get(message.slice(0, cut));
    if (!listeners || listeners.size === 0) return;
    const answer = decodeAnswer(message.slice(cut + 1));
    if (!answer) return;
    for (const listener of [...listeners]) listener(answer);
  }

  listen(jobKey: string, listener: (answer: Answer) => void): () => void {
    let set = this.#listeners.get(jobKey);
    if (!set) {
      set = new Set();
      this.#listeners.set(jobKey, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(jobKey);
    };
  }

  keys(jobKey: string): { lease: string; answer: string; seq: string } {
    const tag = `{${jobKey}}`;
    const p = this.#s.keyPrefix;
    return { lease: `${p}:lease:${tag}`, answer: `${p}:answer:${tag}`, seq: `${p}:seq:${tag}` };
  }

  /** Runs a Redis call under the budget, keeping the health up to date; undefined when Redis is away. */
  async call<T>(operation: string, run: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (!this.#s.health.usable()) return undefined;
    try {
      const value = await bounded(operation, this.#s.redisTimeoutMs, run, this.#s.redis);
      this.#s.health.succeeded();
      return { value };
    } catch (error) {
      this.#s.health.failed(error as RedisUnavailableError);
      return undefined;
    }
  }

  get settings(): PollSharingSettings {
    return this.#s;
  }

  /**
   * The hooks of one wait on `jobKey`: `fetch` sends the real request; `limiter` (if any) is asked
   * for a token only before a request this wait sends itself.
   */
  share(jobKey: string, fetch: GetJob, limiter?: RateLimiter, tally?: { polled: number; read: number }): SharedPoll {
    this.#count += 1;
    return new OneWait(this, jobKey, `${this.#owner}:${this.#count}`, fetch, limiter, tally);
  }

  /** Unsubscribes and closes the subscriber connection (the caller's own connection stays open). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#listeners.clear();
    this.#subscriber.disconnect();
  }

  static readonly scripts = { CLAIM, RELEASE, PUBLISH };
}

class OneWait implements SharedPoll {
  readonly counts = { polled: 0, read: 0 };
  readonly rateLimiter: RateLimiter;
  readonly getJob: GetJob;
  readonly #sharing: PollSharing;
  readonly #jobKey: string;
  readonly #keys: { lease: string; answer: string; seq: string };
  readonly #owner: string;
  readonly #fetch: GetJob;
  readonly #limiter: RateLimiter | undefined;
  #mode: Mode = 'unknown';
  #lastSeq = 0;
  #renew: NodeJS.Timeout | undefined;
  #held = false;
  /** The answer #claim found for the coming getJob ('read'). */
  #pending: Answer | undefined;
  readonly #tally: { polled: number; read: number } | undefined;

  constructor(sharing: PollSharing, jobKey: string, owner: string, fetch: GetJob, limiter: RateLimiter | undefined, tally: { polled: number; read: number } | undefined) {
    this.#tally = tally;
    this.#sharing = sharing;
    this.#jobKey = jobKey;
    this.#keys = sharing.keys(jobKey);
    this.#owner = owner;
    this.#fetch = fetch;
    this.#limiter = limiter;
    const self = this;
    this.rateLimiter = {
      acquire: (signal?: AbortSignal) => self.#acquire(signal),
      get queued() {
        return limiter?.queued ?? 0;
      },
      maxRequestsPerSecond: limiter?.maxRequestsPerSecond ?? Infinity,
    };
    this.getJob = (context: PollContext) => this.#getJob(context);
  }

  async #acquire(signal: AbortSignal | undefined): Promise<void> {
    this.#mode = await this.#claim();
    if (this.#mode === 'poll' || this.#mode === 'local') await this.#limiter?.acquire(signal);
  }

  /**
   * Read (an answer newer than our last is there: no request), poll (we hold the lease), follow
   * (another does), or local (Redis away).
   */
  async #claim(): Promise<Mode> {
    const { leaseMs, redis } = this.#sharing.settings;
    const { lease, seq, answer } = this.#keys;
    const result = await this.#sharing.call('lease', () => runScript(redis, CLAIM, [lease, seq, answer], [this.#owner, leaseMs, this.#lastSeq]));
    if (!result) {
      this.#stopRenew();
      return 'local';
    }
    const [held, text] = result.value as [number, string];
    if (held === 1) {
      this.#held = true;
      this.#startRenew();
    } else {
      this.#held = false;
      this.#stopRenew();
    }
    const fresh = text === '' ? undefined : decodeAnswer(text);
    if (fresh && fresh.seq > this.#lastSeq) {
      this.#pending = fresh;
      return 'read';
    }
    return held === 1 ? 'poll' : 'follow';
  }

  async #getJob(context: PollContext): Promise<Job> {
    if (this.#mode === 'unknown') await this.#acquire(context.signal);
    try {
      for (;;) {
        if (this.#mode === 'read') {
          const answer = this.#pending!;
          this.#pending = undefined;
          return this.#read(answer);
        }
        if (this.#mode !== 'follow') return await this.#pollSelf(context);
        const answer = await this.#follow(context.signal);
        if (answer) return this.#read(answer);
        // The poller is gone (its lease expired) or Redis is away: this wait polls itself.
        this.#mode = await this.#claim();
        if (this.#mode === 'poll' || this.#mode === 'local') await this.#limiter?.acquire(context.signal);
      }
    } finally {
      this.#mode = 'unknown';
    }
  }

  #read(answer: Answer): Job {
    this.#lastSeq = Math.max(this.#lastSeq, answer.seq);
    this.counts.read += 1;
    if (this.#tally) this.#tally.read += 1;
    return answerOutcome(answer);
  }

  async #pollSelf(context: PollContext): Promise<Job> {
    const publish = this.#mode === 'poll';
    this.counts.polled += 1;
    if (this.#tally) this.#tally.polled += 1;
    let outcome: { job: Job } | { error: unknown };
    try {
      outcome = { job: await this.#fetch(context) };
    } catch (error) {
      outcome = { error };
    }
    if (publish && !context.signal.aborted) {
      const body = encodeOutcome(outcome);
      if (body !== undefined) void this.#publish(body);
    }
    if ('job' in outcome) return outcome.job;
    throw outcome.error;
  }

  async #publish(body: string): Promise<void> {
    const { redis, answerTtlMs, keyPrefix } = this.#sharing.settings;
    const result = await this.#sharing.call('publish', () =>
      runScript(redis, PUBLISH, [this.#keys.answer, this.#keys.seq], [body, answerTtlMs, `${keyPrefix}:answers`, this.#jobKey]),
    );
    if (result && typeof result.value === 'number') this.#lastSeq = Math.max(this.#lastSeq, result.value);
  }

  /**
   * Waits for an answer newer than the last one this wait read. Resolves with it; with the same
   * answer again when nothing newer came for a lease period or 5 s (the poller is alive but sleeping);
   * with undefined when the lease is free or Redis is away (then this wait polls itself).
   */
  #follow(signal: AbortSignal): Promise<Answer | undefined> {
    const { redis, leaseMs } = this.#sharing.settings;
    const tickMs = Math.max(50, Math.floor(leaseMs / 4));
    const started = Date.now();
    return new Promise<Answer | undefined>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let latest: Answer | undefined;
      const cleanup = (): void => {
        settled = true;
        if (timer) clearTimeout(timer);
        unlisten();
        signal.removeEventListener('abort', onAbort);
      };
      const finish = (answer: Answer | undefined): void => {
        if (settled) return;
        cleanup();
        resolve(answer);
      };
      const onAbort = (): void => {
        if (settled) return;
        cleanup();
        reject(signal.reason);
      };
      const unlisten = this.#sharing.listen(this.#jobKey, (answer) => {
        if (answer.seq > this.#lastSeq) finish(answer);
      });
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const check = async (): Promise<void> => {
        const peek = await this.#sharing.call('answer', () => redis.mget(this.#keys.answer, this.#keys.lease));
        if (settled) return;
        if (!peek) return finish(undefined);
        const [text, holder] = peek.value;
        const answer = decodeAnswer(text ?? null);
        if (answer) latest = answer;
        if (answer && answer.seq > this.#lastSeq) return finish(answer);
        if (holder === null || holder === undefined) return finish(undefined);
        // Bounded well under a poll's requestTimeoutMs, so a follower's read never counts as a timeout.
        if (latest && Date.now() - started >= Math.min(leaseMs, FOLLOW_MAX_MS)) return finish(latest);
        timer = setTimeout(() => void check(), tickMs);
      };
      void check();
    });
  }

  #startRenew(): void {
    if (this.#renew) return;
    const { leaseMs, redis } = this.#sharing.settings;
    this.#renew = setInterval(() => {
      const { lease, seq, answer } = this.#keys;
      // A last seq read beyond any: a renewal wants no answer back.
      void this.#sharing.call('lease', () => runScript(redis, CLAIM, [lease, seq, answer], [this.#owner, leaseMs, '1e300'])).then((result) => {
        if (result && (result.value as [number, string])[0] !== 1) {
          this.#held = false;
          this.#stopRenew();
        }
      });
    }, Math.max(20, Math.floor(leaseMs / 3)));
    this.#renew.unref();
  }

  #stopRenew(): void {
    if (this.#renew) clearInterval(this.#renew);
    this.#renew = undefined;
  }

  async close(): Promise<void> {
    this.#stopRenew();
    if (!this.#held) return;
    this.#held = false;
    const { redis } = this.#sharing.settings;
    await this.#sharing.call('lease', () => runScript(redis, RELEASE, [this.#keys.lease], [this.#owner]));
  }
}

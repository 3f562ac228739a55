// A cap on requests in flight: a request waits here, before its Request, headers and signals are
// built, so 100,000 waits polling at once cost 100,000 small queue entries, not 100,000 requests.

interface Slot {
  resolve(): void;
  next: Slot | undefined;
}

/**
 * At most `max` functions running at once, the others queued first come first served.
 * @example const cap = new InFlightLimit(256); const job = await cap.run(() => fetchJob(...));
 */
export class InFlightLimit {
  readonly max: number;
  #running = 0;
  #head: Slot | undefined;
  #tail: Slot | undefined;

  constructor(max: number) {
    this.max = max;
  }

  get running(): number {
    return this.#running;
  }

  /** Runs `task` when a slot is free; an abort while queued rejects with `signal.reason` (the task never runs). */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#running >= this.max) await this.#queue(signal);
    else this.#running += 1;
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  #queue(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const slot: Slot = { resolve, next: undefined };
      const onAbort = (): void => {
        // Left in the queue as a no-op: the release that reaches it passes the slot on.
        slot.resolve = () => this.#release();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const granted = resolve;
      slot.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        granted();
      };
      if (this.#tail) this.#tail.next = slot;
      else this.#head = slot;
      this.#tail = slot;
    });
  }

  /** Passes the slot to the next in the queue (it stays counted as running), or frees it. */
  #release(): void {
    const next = this.#head;
    if (!next) {
      this.#running -= 1;
      return;
    }
    this.#head = next.next;
    if (!this.#head) this.#tail = undefined;
    next.resolve();
  }
}

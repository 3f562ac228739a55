// A client-side request rate limit that many waits (and retrying fetches) share.
import { JobsConfigError } from '@cloud-jobs/core';
import { resolveClock, type WaitClock } from './clock.js';
import { checkClock, checkNumber } from './validate.js';

/**
 * Grants permission to send one request. Share one per service among all waits.
 * @example await limiter.acquire(signal); // then send the request
 */
export interface RateLimiter {
  /**
   * Resolves when one request may be sent, in the order the calls were made (FIFO). Rejects at once
   * with `signal.reason` when `signal` aborts (and leaves the queue).
   */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Callers waiting for a token now. */
  readonly queued: number;
  /** The configured rate. */
  readonly maxRequestsPerSecond: number;
}

/**
 * Options of {@link createRateLimiter}.
 * @example const options: RateLimiterOptions = { maxRequestsPerSecond: 10 };
 */
export interface RateLimiterOptions {
  /** Requests per second, over the long run. A fraction is fine (`0.5` = one every 2 s). */
  maxRequestsPerSecond: number;
  /**
   * Requests that may go at once after a pause (default 1: requests are evenly spaced). Whatever
   * the burst, no sliding second ever sees more than `maxRequestsPerSecond` (rounded down, at
   * least 1) grants.
   */
  burst?: number | undefined;
  /** `now` and `sleep` for tests; real time by default. */
  clock?: Partial<WaitClock> | undefined;
}

interface Waiter {
  /** The log entry of its grant, and the time written there. */
  slot: number;
  decidedAt: number;
  resolve(): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/** A late timer is made up for (grants follow the schedule, not the lateness) up to this much. */
const CATCH_UP_MS = 100;
/**
 * A grant is stamped just before its caller resumes; a pause of the process (GC) between the two
 * could make the caller's own clock see one grant more in a second. The log keeps this much room.
 */
const SECOND_MARGIN_MS = 2;
/** Above this rate the sliding-second log is not kept (it would cost 8 bytes a request per second). */
const MAX_LOGGED_RATE = 65_536;

function noop(): void {}

/**
 * GCRA (a virtual schedule of one grant every `1000 / rate` ms, `burst - 1` of them early) plus a
 * log of the last `floor(rate)` grant times: a grant waits until the one that many grants before it
 * is a full second old. A timer that fires late is made up for by the schedule (earlier releases
 * held one token and lost every late millisecond: 0.71 of 500 req/s), and the log keeps every
 * sliding second at or under the rate whatever the timers do.
 */
class ExactLimiter implements RateLimiter {
  readonly maxRequestsPerSecond: number;
  readonly #interval: number;
  readonly #tolerance: number;
  readonly #clock: WaitClock;
  /** When the next grant is due on the schedule (theoretical arrival time). */
  #due = -Infinity;
  readonly #log: Float64Array | undefined;
  #logNext = 0;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  #size = 0;
  /** The one timer of this limiter, while someone waits. */
  #timer: AbortController | undefined;

  constructor(rate: number, burst: number, clock: WaitClock) {
    this.maxRequestsPerSecond = rate;
    this.#interval = 1000 / rate;
    this.#tolerance = (burst - 1) * this.#interval;
    this.#clock = clock;
    const perSecond = Math.floor(rate);
    if (perSecond >= 1 && perSecond <= MAX_LOGGED_RATE) this.#log = new Float64Array(perSecond).fill(-Infinity);
  }

  get queued(): number {
    return this.#size;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#size === 0) {
      const now = this.#clock.now();
      // After a pause the schedule restarts now: no catch-up burst beyond `burst`.
      if (this.#due < now) this.#due = now;
      if (this.#readyAt() <= now) {
        const slot = this.#grant(now);
        const granted = Promise.resolve();
        // Registered before the caller's own reaction: runs just before the caller resumes.
        void granted.then(() => this.#stamp(slot, now));
        return granted;
      }
    }
    let waiter: Waiter | undefined;
    const promise = new Promise<void>((resolve, reject) => {
      waiter = { slot: -1, decidedAt: NaN, resolve, signal, onAbort: undefined, prev: undefined, next: undefined };
      const self = waiter;
      if (signal) {
        self.onAbort = () => {
          this.#remove(self);
          if (this.#size === 0) this.#stopTimer();
          reject(signal.reason);
        };
        signal.addEventListener('abort', self.onAbort, { once: true });
      }
      this.#push(self);
      this.#schedule();
    });
    const queued = waiter as Waiter;
    promise.then(() => this.#stamp(queued.slot, queued.decidedAt), noop);
    return promise;
  }

  /**
   * Moves a grant's log entry from when it was decided to when its caller resumes (a caller of a
   * busy tick resumes later): the sliding second then holds for the requests, not only the grants.
   */
  #stamp(slot: number, decidedAt: number): void {
    const log = this.#log;
    if (log && slot >= 0 && log[slot] === decidedAt) log[slot] = Math.max(decidedAt, this.#clock.now());
  }

  /** The earliest time the next grant may go: its place on the schedule, and a full second after the grant `floor(rate)` before it. */
  #readyAt(): number {
    const bySchedule = this.#due - this.#tolerance;
    const log = this.#log;
    const bySecond = log ? (log[this.#logNext] as number) + 1000 + SECOND_MARGIN_MS : -Infinity;
    return Math.max(bySchedule, bySecond);
  }

  /** Takes the grant: returns its log slot (-1 without a log). */
  #grant(now: number): number {
    // The schedule moves one interval on from where it was (not from now): lateness is made up for, within CATCH_UP_MS.
    this.#due = Math.max(this.#due, now - CATCH_UP_MS) + this.#interval;
    const log = this.#log;
    if (!log) return -1;
    const slot = this.#logNext;
    log[slot] = now;
    this.#logNext = (slot + 1) % log.length;
    return slot;
  }

  #push(waiter: Waiter): void {
    waiter.prev = this.#tail;
    if (this.#tail) this.#tail.next = waiter;
    else this.#head = waiter;
    this.#tail = waiter;
    this.#size += 1;
  }

  #remove(waiter: Waiter): void {
    if (waiter.prev) waiter.prev.next = waiter.next;
    else this.#head = waiter.next;
    if (waiter.next) waiter.next.prev = waiter.prev;
    else this.#tail = waiter.prev;
    waiter.prev = undefined;
    waiter.next = undefined;
    this.#size -= 1;
  }

  #schedule(): void {
    if (this.#timer || this.#size === 0) return;
    const now = this.#clock.now();
    const waitMs = Math.max(0, Math.ceil(this.#readyAt() - now));
    const timer = new AbortController();
    this.#timer = timer;
    this.#clock.sleep(waitMs, timer.signal).then(() => {
      if (this.#timer !== timer) return;
      this.#timer = undefined;
      this.#drain();
    }, noop);
  }

  #stopTimer(): void {
    const timer = this.#timer;
    this.#timer = undefined;
    timer?.abort();
  }

  #drain(): void {
    const now = this.#clock.now();
    while (this.#head && this.#readyAt() <= now) {
      const waiter = this.#head;
      this.#remove(waiter);
      waiter.slot = this.#grant(now);
      waiter.decidedAt = now;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.#schedule();
  }
}

/**
 * Creates an exact rate limiter: `maxRequestsPerSecond` over the long run (timer lateness is made
 * up for), never more than that in any sliding second, `burst` at once, callers served first come
 * first served. It never busy-loops and holds at most ONE timer,
 * only while someone is waiting (10,000 queued waits share it); the timer is cleared when the queue
 * empties, so an idle limiter keeps no process alive. Throws a JobsConfigError naming the option for bad options.
 * @example
 * const ecsLimiter = createRateLimiter({ maxRequestsPerSecond: 10 });
 * await Promise.all(jobIds.map((id) => waitForJob(getJobFor(id), { ref: { service: 'ecs', jobId: id }, rateLimiter: ecsLimiter })));
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const where = 'createRateLimiter';
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', `${where}: options must be an object`);
  if (options.maxRequestsPerSecond === undefined) throw new JobsConfigError('options.maxRequestsPerSecond', `${where}: options.maxRequestsPerSecond is required`);
  const rate = checkNumber(where, 'maxRequestsPerSecond', options.maxRequestsPerSecond, 1, { min: 0.001, max: 1_000_000 });
  const burst = checkNumber(where, 'burst', options.burst, 1, { min: 1, max: 1_000_000, integer: true });
  return new ExactLimiter(rate, burst, resolveClock(checkClock(where, options.clock)));
}

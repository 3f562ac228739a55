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
   * Tokens the bucket holds (default 1: requests are evenly spaced, so no window of one second ever
   * sees more than `maxRequestsPerSecond`). A larger burst lets that many go at once after a pause;
   * any window of `T` ms then sees at most `burst + maxRequestsPerSecond * T / 1000`. Timers fire at
   * most once a millisecond, so above about 1000 requests/s give a burst of at least a millisecond's
   * worth (`maxRequestsPerSecond / 1000`) or the rate is not reached.
   */
  burst?: number | undefined;
  /** `now` and `sleep` for tests; real time by default. */
  clock?: Partial<WaitClock> | undefined;
}

interface Waiter {
  resolve(): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/** Slack for floating-point refills, far below one token. */
const EPSILON = 1e-9;

function noop(): void {}

class TokenBucket implements RateLimiter {
  readonly maxRequestsPerSecond: number;
  readonly #burst: number;
  readonly #clock: WaitClock;
  #tokens: number;
  #refilledAt: number;
  #head: Waiter | undefined;
  #tail: Waiter | undefined;
  #size = 0;
  /** The one timer of this limiter, while someone waits. */
  #timer: AbortController | undefined;

  constructor(rate: number, burst: number, clock: WaitClock) {
    this.maxRequestsPerSecond = rate;
    this.#burst = burst;
    this.#clock = clock;
    this.#tokens = burst;
    this.#refilledAt = clock.now();
  }

  get queued(): number {
    return this.#size;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#refill();
    if (this.#size === 0 && this.#tokens >= 1 - EPSILON) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, signal, onAbort: undefined, prev: undefined, next: undefined };
      if (signal) {
        waiter.onAbort = () => {
          this.#remove(waiter);
          if (this.#size === 0) this.#stopTimer();
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#push(waiter);
      this.#schedule();
    });
  }

  #refill(): void {
    const now = this.#clock.now();
    const elapsed = Math.max(0, now - this.#refilledAt);
    this.#refilledAt = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.maxRequestsPerSecond) / 1000);
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
    const waitMs = Math.ceil(Math.max(0, ((1 - this.#tokens) * 1000) / this.maxRequestsPerSecond));
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
    this.#refill();
    while (this.#head && this.#tokens >= 1 - EPSILON) {
      const waiter = this.#head;
      this.#remove(waiter);
      this.#tokens -= 1;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    }
    this.#schedule();
  }
}

/**
 * Creates a token-bucket rate limiter: at most `maxRequestsPerSecond` over the long run, `burst` at
 * once, callers served first come first served. It never busy-loops and holds at most ONE timer,
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
  return new TokenBucket(rate, burst, resolveClock(checkClock(where, options.clock)));
}

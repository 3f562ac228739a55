// How long to sleep before the next poll or retry: exponential backoff with full jitter,
// Retry-After honoured within bounds, and the last sleep cut to the deadline.

/**
 * The bounds every computed delay stays within (before the deadline cut).
 * @example const bounds: BackoffBounds = { minDelayMs: 2000, maxDelayMs: 30_000 };
 */
export interface BackoffBounds {
  /** Shortest delay, ms. */
  minDelayMs: number;
  /** Longest delay, ms. */
  maxDelayMs: number;
}

/**
 * The delay after the `attempt`-th request (1-based): full jitter between `minDelayMs` and a ceiling
 * that doubles with each attempt, `min(maxDelayMs, minDelayMs * 2^attempt)`. With the defaults
 * (2 s, 30 s) the ceilings are 4, 8, 16, 30, 30... s, so a job that takes seconds is seen soon and
 * one that takes hours is polled about every 16 s on average. `random` is one draw in [0, 1).
 * @example backoffDelay(1, { minDelayMs: 2000, maxDelayMs: 30_000 }, 0.5) // 3000
 * @example backoffDelay(9, { minDelayMs: 2000, maxDelayMs: 30_000 }, 0.5) // 16_000
 */
export function backoffDelay(attempt: number, bounds: BackoffBounds, random: number): number {
  const { minDelayMs, maxDelayMs } = bounds;
  const exponent = Math.min(Math.max(attempt, 0), 64);
  const ceiling = Math.min(maxDelayMs, minDelayMs * 2 ** exponent);
  const unit = Math.min(Math.max(random, 0), 1);
  return Math.min(ceiling, Math.max(minDelayMs, minDelayMs + unit * (ceiling - minDelayMs)));
}

/**
 * The delay before the next request when the last answer may carry a `Retry-After`: the backoff
 * delay, but never less than the server asked for, with the server's value clamped to
 * [`minDelayMs`, `maxDelayMs`] (a huge or zero Retry-After cannot stall or hammer).
 * @example retryDelay(1, { minDelayMs: 2000, maxDelayMs: 30_000 }, 0, 120_000) // 30_000
 * @example retryDelay(1, { minDelayMs: 2000, maxDelayMs: 30_000 }, 0, 0) // 2000
 */
export function retryDelay(attempt: number, bounds: BackoffBounds, random: number, retryAfterMs?: number): number {
  const backoff = backoffDelay(attempt, bounds, random);
  if (retryAfterMs === undefined || Number.isNaN(retryAfterMs)) return backoff;
  const asked = Math.min(bounds.maxDelayMs, Math.max(bounds.minDelayMs, retryAfterMs));
  return Math.max(backoff, asked);
}

/**
 * Cuts a sleep to the deadline so that one last request starts `leadMs` before it: returns
 * `min(delayMs, remainingMs - leadMs)`, or `undefined` when there is no room left for another
 * request (the wait times out now instead of sleeping for nothing).
 * @example cutToDeadline(8000, 5000, 1000) // 4000
 * @example cutToDeadline(8000, 900, 1000) // undefined
 */
export function cutToDeadline(delayMs: number, remainingMs: number, leadMs: number): number | undefined {
  const room = remainingMs - leadMs;
  if (!(room > 0)) return undefined;
  return Math.min(delayMs, room);
}

// Time for the waiter: a monotonic clock, the wall clock, an abortable sleep and a random source,
// all injectable so tests are exact.

/**
 * The longest delay one timer can take (2^31-1 ms, about 24.8 days): Node and browsers fire a
 * longer `setTimeout` at once. No timer the waiter arms is longer; a longer sleep is chained.
 * @example MAX_TIMER_MS // 2147483647
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Where the waiter, the rate limiter and the retrying fetch take time and randomness from.
 * Pass a partial one (`clock: { now, sleep }`) to replace some parts in tests.
 * @example
 * const clock: WaitClock = { now: () => t, wallNow: () => 1_700_000_000_000 + t, sleep: fakeSleep, random: () => 0.5 };
 */
export interface WaitClock {
  /** Monotonic milliseconds (never goes back): every duration and deadline is measured on it. */
  now(): number;
  /** Wall-clock epoch milliseconds: used only for what is persisted (`WaitState`) and HTTP dates. */
  wallNow(): number;
  /**
   * Resolves after `ms`; rejects at once with `signal.reason` when `signal` aborts, and then
   * leaves no timer and no listener behind.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1): the jitter's random source. */
  random(): number;
}

/**
 * An abortable `setTimeout` sleep that keeps the process alive while it runs (a process waiting on a
 * job must not exit), chains timers longer than {@link MAX_TIMER_MS}, and removes its timer and its
 * abort listener as soon as it settles.
 * @example await sleep(1000, AbortSignal.timeout(5000));
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let left = Number.isNaN(ms) ? 0 : Math.max(0, ms);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const arm = (): void => {
      const step = Math.min(left, MAX_TIMER_MS);
      left -= step;
      timer = setTimeout(() => {
        if (left > 0) {
          arm();
          return;
        }
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, step);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}

/**
 * The real clock: `performance.now()`, `Date.now()`, {@link sleep} and `Math.random()`.
 * @example const started = systemClock.now();
 */
export const systemClock: WaitClock = Object.freeze({
  now: () => performance.now(),
  wallNow: () => Date.now(),
  sleep,
  random: () => Math.random(),
});

/**
 * A complete clock: the parts given in `partial`, the {@link systemClock} for the rest.
 * @example const clock = resolveClock({ random: () => 0 }); // real time, no jitter
 */
export function resolveClock(partial: Partial<WaitClock> | undefined): WaitClock {
  if (partial === undefined) return systemClock;
  return {
    now: partial.now ?? systemClock.now,
    wallNow: partial.wallNow ?? systemClock.wallNow,
    sleep: partial.sleep ?? systemClock.sleep,
    random: partial.random ?? systemClock.random,
  };
}

// When to poll next: a blind schedule (the delay grows with the time already waited, or today's
// exponential one), replaced by an informed one when the job's progress or learned durations of
// its kind say when it will likely end.
import { backoffDelay, type BackoffBounds } from './backoff.js';
import type { DurationSamples } from './learn/durations.js';
import { plannedDelay } from './learn/plan.js';
import { MAX_TIMER_MS as MAX_TIMER } from './clock.js';

/**
 * The blind schedule of a wait:
 * - `'elapsed'` (default): `clamp(0.08 x time waited, minDelayMs, maxDelayMs)`, +-10% jitter. The
 *   lag stays near 4% of the job's length whatever it is, and requests grow with the logarithm of
 *   the length below the cap (see the README's waiter table for the trade-off against the peers).
 *   The sleep after the first read is `FIRST_GAP` x minDelayMs (2.2 s by default).
 * - `'exponential'`: the schedule of earlier releases: full jitter between `minDelayMs` (default 2 s
 *   for it) and a ceiling that doubles per request up to `maxDelayMs`.
 * @example const schedule: WaitSchedule = 'exponential';
 */
export type WaitSchedule = 'elapsed' | 'exponential';

/** The share of the time waited that the elapsed schedule sleeps (chosen with `npm run bench`: see the README). */
export const ELAPSED_FRACTION = 0.08;
/**
 * The elapsed schedule's sleep after the first read, as a multiple of `minDelayMs`. The first read
 * goes at once (it checks the ID, and a job already done is seen without a sleep); a job seen
 * running then is rarely done within the floor, and a slightly longer first gap lets a two-second
 * job be seen with two requests (chosen with `npm run bench`, as the other constants).
 */
export const FIRST_GAP = 1.225;
/** Jitter of the elapsed schedule: +-10% spreads waits started together without adding much lag. */
export const ELAPSED_JITTER = 0.1;
/** Polls across the window where progress says the job may end. */
const DENSE_POLLS = 12;
/** Near an estimated end, polls never come closer than this share of the job's expected length. */
const NEAR_FLOOR = 0.005;
/** Fewer learned samples than this: not enough to plan on. */
export const MIN_LEARNED_SAMPLES = 4;

/** What the next delay is computed from. */
export interface ScheduleInput {
  schedule: WaitSchedule;
  bounds: BackoffBounds;
  /** Requests made so far (the exponential schedule's exponent). */
  attempt: number;
  /** Time waited since the wait (or the resumed wait) started, ms. */
  elapsedMs: number;
  /** One draw in [0, 1). */
  random: number;
  /** Time still needed by the job's own progress, when it gives a rate, ms. */
  remainingMs?: number | undefined;
  /** How far off `remainingMs` may be, as a share of it. */
  remainingSpread?: number | undefined;
  /** The share of the job one part is, when the job reports parts but no rate yet. */
  partShare?: number | undefined;
  /** Durations of earlier jobs of the same kind, sorted, when known. */
  learned?: DurationSamples | undefined;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/**
 * The blind delay: the elapsed schedule or the exponential one.
 * @example blindDelay('elapsed', { minDelayMs: 1800, maxDelayMs: 30_000 }, 3, 60_000, 0.5) // 4800
 */
export function blindDelay(schedule: WaitSchedule, bounds: BackoffBounds, attempt: number, elapsedMs: number, random: number): number {
  if (schedule === 'exponential') return backoffDelay(attempt, bounds, random);
  const base = attempt <= 1 ? clamp(FIRST_GAP * bounds.minDelayMs, bounds.minDelayMs, bounds.maxDelayMs) : clamp(ELAPSED_FRACTION * Math.max(0, elapsedMs), bounds.minDelayMs, bounds.maxDelayMs);
  const unit = clamp(random, 0, 1);
  return clamp(base * (1 + ELAPSED_JITTER * (2 * unit - 1)), bounds.minDelayMs, bounds.maxDelayMs);
}

/**
 * Sleeps toward an end expected `remainingMs` from now, give or take `spread` of it: until the
 * earliest it may come, then DENSE_POLLS polls across the window where it may come (never closer
 * than NEAR_FLOOR of the job's expected length, nor `minDelayMs`).
 */
function towardEnd(remainingMs: number, spread: number, expectedTotalMs: number, bounds: BackoffBounds): number {
  const dense = Math.max(bounds.minDelayMs, (2 * spread * remainingMs) / DENSE_POLLS, NEAR_FLOOR * expectedTotalMs);
  const earliest = remainingMs * (1 - spread);
  return earliest > dense ? Math.min(earliest, MAX_TIMER) : dense;
}

/**
 * The delay before the next poll of a job that is not final yet: from the job's progress when it
 * gives a rate, else from learned durations of its kind, else the blind schedule.
 * @example nextPollDelay({ schedule: 'elapsed', bounds: { minDelayMs: 1800, maxDelayMs: 30_000 }, attempt: 2, elapsedMs: 5000, random: 0.5 }) // 1800
 */
export function nextPollDelay(input: ScheduleInput): number {
  const { bounds, elapsedMs } = input;
  const blind = blindDelay(input.schedule, bounds, input.attempt, elapsedMs, input.random);
  if (input.remainingMs !== undefined && Number.isFinite(input.remainingMs) && input.remainingMs >= 0) {
    return towardEnd(input.remainingMs, input.remainingSpread ?? 0.5, elapsedMs + input.remainingMs, bounds);
  }
  if (input.learned && input.learned.sorted.length >= MIN_LEARNED_SAMPLES) {
    // A job that reports parts: the next read comes when a part of a typical job has ended, so
    // progress gives a rate early (the plan alone would sleep past the ends of the fastest jobs).
    if (input.partShare !== undefined && input.learned.median !== undefined) return clamp(input.learned.median * input.partShare, bounds.minDelayMs, MAX_TIMER);
    // The plan's sleeps are not capped: sparse early polls are the point of learning.
    const planned = plannedDelay(input.learned, elapsedMs);
    if (planned !== undefined) return clamp(planned, bounds.minDelayMs, MAX_TIMER);
  }
  return blind;
}

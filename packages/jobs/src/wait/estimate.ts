// How long a job still needs, from what it says about itself: its progress (sub-jobs, tasks, check
// items, or a percentage) seen over time, or the start time the service gives.
import type { Job } from '@cloud-jobs/core';

/** How far one part of a job (a sub-job, a task) may be from the average part, as a share of it (chosen with `npm run bench`). */
const PART_SPREAD = 0.6;
/** Progress never pins the end closer than this share of the time still needed. */
const MIN_SPREAD = 0.15;
/** The read that first shows k parts done comes, on average, this many parts after the k-th ended. */
const HALF_PART = 0.5;

/** The parts done and in all, from `progress` or else from the sub-jobs' states; undefined when unknown. */
function partsOf(job: Job): { completed: number; total: number } | undefined {
  const p = job.progress;
  if (p && Number.isFinite(p.total) && p.total > 0 && Number.isFinite(p.completed)) return p;
  if (job.subtasks.length > 0) return { completed: job.subtasks.filter((s) => s.done).length, total: job.subtasks.length };
  return undefined;
}

function fractionOf(parts: { completed: number; total: number }): number {
  return Math.min(1, Math.max(0, parts.completed / parts.total));
}

/** The share of the work done, from `progress` or else from the sub-jobs' states; undefined when unknown. */
export function doneFraction(job: Job): number | undefined {
  const parts = partsOf(job);
  return parts && fractionOf(parts);
}

/**
 * Follows one job's progress and turns it into a time still needed. Holds a few numbers only
 * (the first read that showed progress, the first that showed the latest fraction, and the latest), so a wait stays small.
 * @example
 * const e = new ProgressEstimator();
 * e.observe(job, clock.now(), clock.wallNow());
 * const remaining = e.remainingMs(); // undefined while there is no rate
 */
export class ProgressEstimator {
  #firstAt = NaN;
  #firstFraction = NaN;
  #lastAt = NaN;
  #lastFraction = NaN;
  /** The first read that showed the latest fraction: the rate is measured up to it, not to reads that saw no change. */
  #changedAt = NaN;
  /** Parts (sub-jobs, tasks, percent points) done at the first read that showed progress, at the latest, and in all. */
  #firstDone = NaN;
  #completed = NaN;
  #total = NaN;
  /** Time still needed from the service's own start time, when there is no two-point rate yet. */
  #fromStart: number | undefined;

  observe(job: Job, now: number, wallNow: number): void {
    const parts = partsOf(job);
    if (parts === undefined) return;
    const f = fractionOf(parts);
    if (Number.isNaN(this.#firstAt) || f < this.#firstFraction) {
      this.#firstAt = now;
      this.#firstFraction = f;
    }
    if (f !== this.#lastFraction) this.#changedAt = now;
    if (Number.isNaN(this.#firstDone) || this.#firstAt === now) this.#firstDone = parts.completed;
    this.#completed = parts.completed;
    this.#total = parts.total;
    this.#lastAt = now;
    this.#lastFraction = f;
    const started = job.startedAt?.getTime();
    const age = started === undefined ? NaN : wallNow - started;
    // The service's clock may be ahead or behind: a start "in the future" or days ago is not used.
    this.#fromStart = f > 0 && f < 1 && age > 0 && age < 30 * 86_400_000 ? (age * (1 - f)) / f : undefined;
  }

  /**
   * How far off `remainingMs` may be, as a share of it: parts of a job differ in length (taken as
   * +-PART_SPREAD each), and the more were seen and are left the more they even out (within
   * MIN_SPREAD and 0.9).
   */
  spread(): number {
    const done = this.#completed - this.#firstDone;
    const left = this.#total - this.#completed;
    if (!(done >= 1) || !(left >= 1)) return PART_SPREAD;
    // The rate comes from the parts done, the rest is the sum of the parts left: both even out.
    return Math.min(0.9, Math.max(MIN_SPREAD, PART_SPREAD * Math.sqrt(1 / done + 1 / left)));
  }

  /** The share of the job one part is, while the job reports parts but progress gives no rate yet. */
  partShare(): number | undefined {
    return this.#total > 0 && this.#lastFraction < 1 && this.remainingMs() === undefined ? 1 / this.#total : undefined;
  }

  /** Time still needed, ms (from the moment of the latest read), or undefined when progress gives no rate. */
  remainingMs(): number | undefined {
    // Counted from the read that first showed the latest fraction, half a part on (see HALF_PART).
    const last = this.#lastFraction < 1 && this.#total > 0 ? Math.min(1, this.#lastFraction + HALF_PART / this.#total) : this.#lastFraction;
    const df = last - this.#firstFraction;
    const dt = this.#changedAt - this.#firstAt;
    // From the read that first showed the latest fraction; reads since that saw no change count down.
    if (df > 0 && dt > 0 && this.#lastFraction < 1) return Math.max(0, ((1 - last) * dt) / df - (this.#lastAt - this.#changedAt));
    return this.#fromStart;
  }
}

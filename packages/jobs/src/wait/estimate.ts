// How long a job still needs, from what it says about itself: its progress (sub-jobs, tasks, check
// items, or a percentage) seen over time, or the start time the service gives.
import type { Job } from '@cloud-jobs/core';

/** The share of the work done, from `progress` or else from the sub-jobs' states; undefined when unknown. */
export function doneFraction(job: Job): number | undefined {
  const p = job.progress;
  if (p && Number.isFinite(p.total) && p.total > 0 && Number.isFinite(p.completed)) return Math.min(1, Math.max(0, p.completed / p.total));
  if (job.subtasks.length > 0) return job.subtasks.filter((s) => s.done).length / job.subtasks.length;
  return undefined;
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
  /** Time still needed from the service's own start time, when there is no two-point rate yet. */
  #fromStart: number | undefined;

  observe(job: Job, now: number, wallNow: number): void {
    const f = doneFraction(job);
    if (f === undefined) return;
    if (Number.isNaN(this.#firstAt) || f < this.#firstFraction) {
      this.#firstAt = now;
      this.#firstFraction = f;
    }
    if (f !== this.#lastFraction) this.#changedAt = now;
    this.#lastAt = now;
    this.#lastFraction = f;
    const started = job.startedAt?.getTime();
    const age = started === undefined ? NaN : wallNow - started;
    // The service's clock may be ahead or behind: a start "in the future" or days ago is not used.
    this.#fromStart = f > 0 && f < 1 && age > 0 && age < 30 * 86_400_000 ? (age * (1 - f)) / f : undefined;
  }

  /** Time still needed, ms (from the moment of the latest read), or undefined when progress gives no rate. */
  remainingMs(): number | undefined {
    const df = this.#lastFraction - this.#firstFraction;
    const dt = this.#changedAt - this.#firstAt;
    // From the read that first showed the latest fraction; reads since that saw no change count down.
    if (df > 0 && dt > 0 && this.#lastFraction < 1) return Math.max(0, ((1 - this.#lastFraction) * dt) / df - (this.#lastAt - this.#changedAt));
    return this.#fromStart;
  }
}

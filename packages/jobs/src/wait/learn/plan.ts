// Polls planned from learned durations. Without progress a read only says "not done yet", so the
// best a waiter can do is a fixed schedule fitted to the kind's duration distribution: the one
// that costs the fewest requests for a chosen mean lag. The durations are summarized as a
// log-normal (cloud jobs' durations are skewed and positive), so a plan depends only on its
// spread: plans are computed once per spread, as multiples of the median.
import type { DurationSamples } from './durations.js';

/** The mean lag a learned plan aims at, as a share of the kind's median duration (chosen with `npm run bench`). */
export const PLAN_LAG_SHARE = 0.04;
/** Quantiles of the fitted distribution the plan is computed on. */
const ATOMS = 160;
/** The spread (σ of the log durations) is rounded to this step: plans are cached per step. */
const SPREAD_STEP = 0.01;
const MIN_SPREAD = 0.02;
const MAX_SPREAD = 2;
const MAX_PLANS = 256;
/** Few samples understate the spread: this prior spread is added (its weight 1/n fades as samples come). */
const PRIOR_SPREAD = 0.3;

/** Φ⁻¹ (Tukey's lambda approximation: about 1% off in the far tails, plenty for a plan). */
function normalQuantile(p: number): number {
  return 4.91 * (p ** 0.14 - (1 - p) ** 0.14);
}

/**
 * The poll times (multiples of the median, after the read at 0) with the least mean requests for
 * a mean lag of `lagShare`, on `ATOMS` quantiles of a log-normal of spread `sigma`. On a
 * distribution of equal atoms the optimal polls sit on atoms: a dynamic programme over them,
 * minimizing lag + price x requests, with the price bisected until the lag is the one asked.
 */
function computePlan(sigma: number, lagShare: number): Float64Array {
  const atoms = Float64Array.from({ length: ATOMS }, (_, i) => Math.exp(sigma * normalQuantile((i + 0.5) / ATOMS)));
  // Candidate k (0: the read at time 0; k >= 1: atom k-1). `done[k]`: atoms at or before it.
  const g = ATOMS + 1;
  const at = (k: number): number => (k === 0 ? 0 : (atoms[k - 1] as number));
  const prefix = new Float64Array(g);
  for (let k = 1; k < g; k++) prefix[k] = (prefix[k - 1] as number) + (atoms[k - 1] as number);
  const next = new Int32Array(g);
  const cost = new Float64Array(g);
  const lag = new Float64Array(g);
  const solve = (price: number): number => {
    for (let j = g - 1; j >= 0; j--) {
      if (j === g - 1) {
        cost[j] = 0;
        lag[j] = 0;
        next[j] = -1;
        continue;
      }
      const still = (ATOMS - j) / ATOMS;
      let best = Infinity;
      for (let k = j + 1; k < g; k++) {
        // Atoms j..k-1 (candidates j+1..k) end in (at(j), at(k)] and are seen at at(k).
        const gapLag = ((k - j) * at(k) - ((prefix[k] as number) - (prefix[j] as number))) / ATOMS;
        const v = price * still + gapLag + (cost[k] as number);
        if (v < best) {
          best = v;
          next[j] = k;
          lag[j] = gapLag + (lag[k] as number);
        }
      }
      cost[j] = best;
    }
    return lag[0] as number;
  };
  let lo = 1e-9;
  let hi = 10;
  for (let i = 0; i < 40; i++) {
    const mid = Math.sqrt(lo * hi);
    if (solve(mid) > lagShare) hi = mid;
    else lo = mid;
  }
  solve(lo);
  const times: number[] = [];
  for (let k = next[0] as number; k > 0; k = next[k] as number) times.push(at(k));
  return Float64Array.from(times);
}

const plans = new Map<number, Float64Array>();

function planFor(sigma: number): Float64Array {
  const key = Math.round(Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, sigma)) / SPREAD_STEP);
  let plan = plans.get(key);
  if (!plan) {
    plan = computePlan(key * SPREAD_STEP, PLAN_LAG_SHARE);
    if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value as number);
    plans.set(key, plan);
  }
  return plan;
}

/** A kind's fitted median and plan. */
interface Fit {
  median: number;
  plan: Float64Array;
}

/** Per samples object (the store makes a new one when a duration is recorded). */
const fits = new WeakMap<DurationSamples, Fit>();

function fitOf(samples: DurationSamples): Fit {
  let fit = fits.get(samples);
  if (!fit) {
    const logs = samples.sorted.map((ms) => Math.log(Math.max(1, ms)));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const variance = logs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, logs.length - 1);
    fit = { median: Math.exp(mean), plan: planFor(Math.sqrt(variance + PRIOR_SPREAD ** 2 / logs.length)) };
    fits.set(samples, fit);
  }
  return fit;
}

/**
 * The time from now to the next planned poll of a job of a learned kind, `elapsedMs` into its
 * wait; undefined once the plan is past (the job is slower than nearly all of its kind).
 * @example plannedDelay(store.samples('ecs/createServer'), 30_000) // e.g. 41_200
 */
export function plannedDelay(samples: DurationSamples, elapsedMs: number): number | undefined {
  const { median, plan } = fitOf(samples);
  // The first planned time after now (binary search: plans are sorted).
  let lo = 0;
  let hi = plan.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((plan[mid] as number) * median <= elapsedMs) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= plan.length) return undefined;
  return (plan[lo] as number) * median - elapsedMs;
}

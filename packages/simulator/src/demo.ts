// The demo jobs `cloud-jobs-sim --seed-demo` and `npm start` create: each service module's own
// demo jobs (every service, both outcomes, a blocked job), in registry order.
import type { CreatedJob } from './jobRegistry.js';
import { SimulatorInputError } from './jobSpec.js';
import { SERVICES } from './registry.js';
import type { Simulator } from './simulator.js';
import type { JobSpec } from './types.js';

/** The registry's demo jobs with their service, and whether each is the featured one. */
const DEMO: ReadonlyArray<{ spec: JobSpec; featured: boolean }> = (() => {
  const all = Object.values(SERVICES).flatMap((module) =>
    module.demoJobs.map(({ featured, ...rest }) => ({ spec: Object.freeze({ service: module.name, ...rest }) as JobSpec, featured: featured === true })),
  );
  // One featured job at most: the first one marked, else the first job.
  const first = Math.max(0, all.findIndex((d) => d.featured));
  return all.map((d, i) => ({ spec: d.spec, featured: i === first }));
})();

/**
 * The demo jobs: one or more per service (each service module's `demoJobs`), lasting 20 to 60 seconds.
 * @example
 * new Set(DEMO_JOBS.map((j) => j.service)).size === SERVICE_NAMES.length; // true
 */
export const DEMO_JOBS: readonly JobSpec[] = Object.freeze(DEMO.map((d) => d.spec));

/**
 * Options of {@link seedDemoJobs}.
 * @example
 * const options: SeedDemoOptions = { scale: 0.1 }; // a quick run: a tenth of the durations
 */
export interface SeedDemoOptions {
  /** Multiplies every duration and blocked time (default 1); a job lasts at least 1 ms. */
  scale?: number;
}

/**
 * A created demo job: the spec it was made from, the job, and whether it is the featured one
 * (the job a demo suggests waiting on: it succeeds and shows progress).
 * @example
 * const { job } = seedDemoJobs(sim).find((d) => d.featured)!;
 */
export interface DemoJob {
  spec: JobSpec;
  job: CreatedJob;
  featured: boolean;
}

/**
 * Creates the {@link DEMO_JOBS} in `sim` (durations multiplied by `scale`) and returns them with
 * their specs; exactly one of them is `featured`.
 * @example
 * for (const { job } of seedDemoJobs(sim)) console.log(sim.url + job.path);
 */
export function seedDemoJobs(sim: Pick<Simulator, 'createJob'>, options: SeedDemoOptions = {}): DemoJob[] {
  const scale = options.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0) throw new SimulatorInputError('options.scale must be a number above 0');
  return DEMO.map(({ spec: original, featured }) => {
    const spec: JobSpec = { ...original };
    if (scale !== 1) {
      if (spec.durationMs !== undefined) spec.durationMs = Math.max(1, Math.round(spec.durationMs * scale));
      if (spec.blockedMs !== undefined) spec.blockedMs = Math.round(spec.blockedMs * scale);
    }
    return { spec, job: sim.createJob(spec), featured };
  });
}

// The demo jobs `cloud-jobs-sim --seed-demo` creates: every service, both outcomes, a blocked job.
import type { CreatedJob } from './jobRegistry.js';
import type { Simulator } from './simulator.js';
import type { JobSpec } from './types.js';

/**
 * The demo jobs: one or more per service, lasting 20 to 60 seconds.
 * @example
 * DEMO_JOBS.map((j) => j.service); // ['ecs', 'ecs', 'ecs', 'dcs', 'cfw', 'servicestage', 'osm']
 */
export const DEMO_JOBS: readonly JobSpec[] = [
  { service: 'ecs', durationMs: 60_000, outcome: 'success', subtasks: 3 },
  { service: 'ecs', durationMs: 40_000, outcome: 'failure', subtasks: 2 },
  { service: 'ecs', durationMs: 30_000, outcome: 'success', subtasks: 1, blockedMs: 20_000 },
  { service: 'dcs', durationMs: 20_000, outcome: 'success', jobType: 'modifyBandwidth' },
  { service: 'cfw', durationMs: 30_000, outcome: 'failure' },
  { service: 'servicestage', durationMs: 45_000, outcome: 'success', subtasks: 4 },
  { service: 'osm', durationMs: 25_000, outcome: 'success', subtasks: 3 },
];

/**
 * Creates the {@link DEMO_JOBS} in `sim` and returns them with their specs.
 * @example
 * for (const { job } of seedDemoJobs(sim)) console.log(sim.url + job.path);
 */
export function seedDemoJobs(sim: Pick<Simulator, 'createJob'>): Array<{ spec: JobSpec; job: CreatedJob }> {
  return DEMO_JOBS.map((spec) => ({ spec, job: sim.createJob(spec) }));
}

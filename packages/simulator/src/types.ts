// The simulator's vocabulary: services, outcomes, states, and the job a caller asks for.
import type * as registry from './services/index.js';

/**
 * The name of a service the simulator serves: a key of its registry (`services/index.ts`).
 * @example
 * const service: ServiceName = 'ecs';
 */
export type ServiceName = keyof typeof registry;

/**
 * How a simulated job ends.
 * @example
 * const outcome: JobOutcome = 'failure';
 */
export type JobOutcome = 'success' | 'failure';

/**
 * Where a simulated job stands at a given instant, the same for every service (each service
 * module maps it to its own wire status: ECS `INIT`, CFW `Running`, OSM `2`, ...).
 * `blocked` exists only for ECS jobs created with `blockedMs` (`PENDING_PAYMENT`).
 * @example
 * const state: SimState = 'running';
 */
export type SimState = 'blocked' | 'pending' | 'running' | 'succeeded' | 'failed';

/**
 * Where one sub-job (ECS), task (ServiceStage) or check item (OSM) stands.
 * @example
 * const state: SubtaskState = 'succeeded';
 */
export type SubtaskState = 'pending' | 'running' | 'succeeded' | 'failed';

/**
 * A millisecond clock, `Date.now` by default; inject your own to drive jobs from tests.
 * @example
 * let now = Date.parse('2024-01-01T00:00:00Z');
 * const clock: Clock = () => now;
 */
export type Clock = () => number;

/**
 * The job a caller asks the simulator for (`createJob` and `POST /_admin/jobs`).
 * @example
 * const spec: JobSpec = { service: 'ecs', durationMs: 4000, outcome: 'failure', subtasks: 3 };
 */
export interface JobSpec {
  service: ServiceName;
  /** Time from the start of work to the final state, in ms (default 10 000). */
  durationMs?: number;
  /** How the job ends (default `'success'`). */
  outcome?: JobOutcome;
  /**
   * ECS sub-jobs, ServiceStage tasks or OSM check items (defaults 1, 3, 3); they run one after
   * the other. DCS and CFW jobs have none, and ignore this.
   */
  subtasks?: number;
  /** job_type / JOB_TYPE (defaults `createServer`, `masterStandbySwapJob`, `PROVISION`); ignored by CFW and OSM. */
  jobType?: string;
  /** Project the job belongs to (default {@link DEFAULT_PROJECT_ID}); ignored by OSM, which is global. */
  projectId?: string;
  /** Values of the service's other reference fields (its module's `refFields`, e.g. `{ instanceId }`); each defaults to the module's. */
  refFields?: Record<string, string>;
  /** ECS only: the job first waits this long in `PENDING_PAYMENT` (an unpaid order), then runs. */
  blockedMs?: number;
  /** Use this job ID instead of a generated one (must have the service's ID form; OSM: digits). */
  id?: string;
}

/**
 * The project ID jobs get when the spec names none (the example value of the specs).
 * @example
 * sim.createJob({ service: 'dcs' }).path; // '/v2/0123456789abcdef0123456789abcdef/jobs/...'
 */
export const DEFAULT_PROJECT_ID = '0123456789abcdef0123456789abcdef';

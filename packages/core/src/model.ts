// The Job model every service's jobs are normalized to: the same states, fields and subtasks.

/**
 * Where a job stands, the same for every service.
 * - `pending`: accepted, not started; `running`: in progress;
 * - `blocked`: waiting on the user, not on the service (e.g. ECS `PENDING_PAYMENT`, an unpaid order);
 * - `succeeded`, `failed`, `canceled`: final;
 * - `unknown`: a status this release does not know; not final, not failed.
 */
export type JobState = 'pending' | 'running' | 'blocked' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

/** The final states: a job in one of them never changes again. */
export const TERMINAL_STATES: ReadonlySet<JobState> = new Set<JobState>(['succeeded', 'failed', 'canceled']);

/**
 * True when `state` is final.
 * @example isTerminalState('failed') // true
 */
export function isTerminalState(state: JobState): boolean {
  return TERMINAL_STATES.has(state);
}

/** Why a job or subtask failed, as the service said it. */
export interface JobError {
  code?: string;
  message: string;
}

/** How far a job is, counted from its sub-jobs, tasks or check items. */
export interface JobProgress {
  completed: number;
  total: number;
}

/** The resource a job works on, e.g. `{ kind: 'server_id', id: '...' }`. */
export interface JobResource {
  kind: string;
  id: string;
}

/** The fields a job and its subtasks share. */
export interface JobCore {
  /** Always a string, even where the API sends an integer; `''` when the service sent none. */
  id: string;
  /** job_type / JOB_TYPE / TASK_TYPE ... */
  type?: string;
  state: JobState;
  /** `state` is terminal. */
  done: boolean;
  /** The status exactly as the service sent it (`''` when it sent none). */
  status: string | number;
  startedAt?: Date;
  finishedAt?: Date;
  error?: JobError;
  resource?: JobResource;
  /** The untouched payload this was read from. */
  raw: unknown;
}

/** One normalized ECS sub-job, ServiceStage task or diagnosis check item. */
export interface Subtask extends JobCore {
  /** A human name where the service gives one (TASK_NAME, check_name). */
  name?: string;
}

/** One job of any service, normalized. */
export interface Job extends JobCore {
  /** The service's name as registered, e.g. `ecs`. */
  service: string;
  progress?: JobProgress;
  subtasks: Subtask[];
}

// Assembling normalized jobs and subtasks: optional fields only when known, `done` from `state`,
// progress from subtasks, and the job-level error taken from a failed subtask when needed.
import { isTerminalState, type Job, type JobError, type JobProgress, type JobResource, type JobState, type Subtask } from '@cloud-jobs/core';
import { redactDeep } from '../auth/secrets.js';
import { textOf } from './payloadFields.js';
import type { NormalizeContext } from '@cloud-jobs/core';

export type { NormalizeContext };

/**
 * The fields of a job or subtask before assembly; `undefined` means "not known".
 * @example const fields: CoreFields = { id: 'j', state: 'running', status: 'RUNNING', startedAt: undefined, raw: {} };
 */
export interface CoreFields {
  id: string;
  type?: string | undefined;
  state: JobState;
  status: string | number;
  startedAt?: Date | undefined;
  finishedAt?: Date | undefined;
  error?: JobError | undefined;
  resource?: JobResource | undefined;
  raw: unknown;
}

/**
 * The fields of a subtask before assembly.
 * @example const fields: SubtaskFields = { id: 'ECS_STATUS', name: 'Instance status', state: 'succeeded', status: 3, raw: item };
 */
export interface SubtaskFields extends CoreFields {
  name?: string | undefined;
}

/**
 * The fields of a job before assembly.
 * @example const fields: JobFields = { id: 'j', state: 'pending', status: 'INIT', subtasks: [], raw: body };
 */
export interface JobFields extends CoreFields {
  progress?: JobProgress | undefined;
  subtasks: Subtask[];
}

function assignCore(target: Subtask | Job, fields: CoreFields): void {
  if (fields.type !== undefined) target.type = fields.type;
  if (fields.startedAt !== undefined) target.startedAt = fields.startedAt;
  if (fields.finishedAt !== undefined) target.finishedAt = fields.finishedAt;
  // A failure text that echoes a token or a password (fail_reason, MESSAGES) is redacted; `raw` keeps it.
  if (fields.error !== undefined) target.error = redactDeep(fields.error);
  if (fields.resource !== undefined) target.resource = fields.resource;
}

/**
 * Builds a {@link Subtask}: `done` follows `state`, unknown optional fields are left out.
 * @example buildSubtask({ id: 's1', state: 'running', status: 'RUNNING', raw: {} }).done // false
 */
export function buildSubtask(fields: SubtaskFields): Subtask {
  const subtask: Subtask = {
    id: fields.id,
    state: fields.state,
    done: isTerminalState(fields.state),
    status: fields.status,
    raw: fields.raw,
  };
  assignCore(subtask, fields);
  if (fields.name !== undefined) subtask.name = fields.name;
  return subtask;
}

/**
 * Builds a {@link Job} of `service`: `done` follows `state`, unknown optional fields are left out.
 * @example buildJob('dcs', { id: 'j', state: 'succeeded', status: 'SUCCESS', subtasks: [], raw: {} }).done // true
 */
export function buildJob(service: string, fields: JobFields): Job {
  const job: Job = {
    service,
    id: fields.id,
    state: fields.state,
    done: isTerminalState(fields.state),
    status: fields.status,
    subtasks: fields.subtasks,
    raw: fields.raw,
  };
  assignCore(job, fields);
  if (fields.progress !== undefined) job.progress = fields.progress;
  return job;
}

/**
 * The job ID: the payload's (a string, or an integer as OSM sends it), else the ID the caller
 * asked for, else `''`.
 * @example resolveJobId(1234567, { jobId: 'x' }) // '1234567'
 * @example resolveJobId(undefined, { jobId: 'abc' }) // 'abc'
 */
export function resolveJobId(value: unknown, context?: NormalizeContext): string {
  return textOf(value) ?? (typeof context?.jobId === 'string' ? context.jobId : '');
}

/**
 * Progress from subtasks: `completed` counts the finished ones (in a terminal state); `total` is
 * the larger of the number listed and the total the service declares (ECS `sub_jobs_total`,
 * ServiceStage `task_count`: the list may be one page). `undefined` when the total is 0.
 * @example countProgress([], 3) // { completed: 0, total: 3 }
 */
export function countProgress(subtasks: readonly Subtask[], declaredTotal?: number): JobProgress | undefined {
  const total = Math.max(subtasks.length, declaredTotal ?? 0);
  if (total === 0) return undefined;
  return { completed: subtasks.filter((subtask) => subtask.done).length, total };
}

/**
 * The error of a job: its own, else, for a failed job only, the first failed subtask's.
 * @example jobErrorOrSubtaskError(undefined, 'failed', [failedSubtask]) // failedSubtask.error
 */
export function jobErrorOrSubtaskError(own: JobError | undefined, state: JobState, subtasks: readonly Subtask[]): JobError | undefined {
  if (own !== undefined || state !== 'failed') return own;
  return subtasks.find((subtask) => subtask.state === 'failed' && subtask.error !== undefined)?.error;
}

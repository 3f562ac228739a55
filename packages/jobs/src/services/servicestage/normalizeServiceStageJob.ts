// ServiceStage: GET /v2/{project_id}/cas/jobs/{job_id} (UPPERCASE keys) and its v3 twin
// GET /v3/{project_id}/cas/jobs/{job_id} (lowercase keys).
import { isTerminalState, type Job, type JobState, type Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { SERVICESTAGE_ERROR_CODES } from './errorCodes.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { parseServiceStageMessages } from './parseServiceStageMessages.js';
import { readCountField, readEitherCase, readRecordList, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';
import { readJobContainer, readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { SERVICESTAGE_EXECUTION_STATUS_STATES, SERVICESTAGE_TASK_STATUS_STATES } from './statusTable.js';

/** A task with what the job needs besides its subtask: its index and its two times. */
interface ReadTask {
  index: number | undefined;
  createdAt: Date | undefined;
  lastHealthCheck: Date | undefined;
  subtask: Subtask;
}

function taskIndex(value: unknown): number | undefined {
  const index = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  return typeof index === 'number' && Number.isFinite(index) ? index : undefined;
}

function readTask(task: PayloadRecord): ReadTask {
  const status = readSubtaskStatus(readEitherCase(task, 'TASK_STATUS'));
  const state = stateFromStatus(SERVICESTAGE_TASK_STATUS_STATES, status);
  const createdAt = parseJobTime(readEitherCase(task, 'CREATED_AT'));
  const lastHealthCheck = parseJobTime(readEitherCase(task, 'LAST_HEALTH_CHECK'));
  return {
    index: taskIndex(readEitherCase(task, 'TASK_INDEX')),
    createdAt,
    lastHealthCheck,
    subtask: buildSubtask({
      id: textOf(readEitherCase(task, 'TASK_ID')) ?? '',
      type: textOf(readEitherCase(task, 'TASK_TYPE')),
      name: textOf(readEitherCase(task, 'TASK_NAME')),
      state,
      status,
      startedAt: createdAt,
      finishedAt: isTerminalState(state) ? lastHealthCheck : undefined,
      error: parseServiceStageMessages(readEitherCase(task, 'MESSAGES')),
      raw: task,
    }),
  };
}

/** Tasks in `TASK_INDEX` order (not contiguous); tasks without an index keep their order, last. */
function byTaskIndex(a: ReadTask, b: ReadTask): number {
  if (a.index === undefined || b.index === undefined) return Number(a.index === undefined) - Number(b.index === undefined);
  return a.index - b.index;
}

/**
 * The job's state when the job sent no `EXECUTION_STATUS`, from its tasks: none -> `unknown`; any
 * task `unknown` -> `unknown`; all tasks final -> `failed` if one failed, else `canceled` if one was
 * canceled, else `succeeded`, but `unknown` when `task_count` says tasks are missing from this page;
 * otherwise `pending` when no task has started, else `running`.
 */
function stateFromTasks(tasks: readonly Subtask[], taskCount: number | undefined): JobState {
  if (tasks.length === 0) return 'unknown';
  const states = tasks.map((task) => task.state);
  if (states.includes('unknown')) return 'unknown';
  if (states.every(isTerminalState)) {
    if (states.includes('failed')) return 'failed';
    if (states.includes('canceled')) return 'canceled';
    return taskCount !== undefined && taskCount > tasks.length ? 'unknown' : 'succeeded';
  }
  return states.every((state) => state === 'pending') ? 'pending' : 'running';
}

function earliest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((min, d) => (d !== undefined && (min === undefined || d < min) ? d : min), undefined);
}

function latest(dates: readonly (Date | undefined)[]): Date | undefined {
  return dates.reduce<Date | undefined>((max, d) => (d !== undefined && (max === undefined || d > max) ? d : max), undefined);
}

/**
 * Normalizes a ServiceStage job (`GET /v2/{project_id}/cas/jobs/{job_id}`, the official SDK's
 * `ShowJobDetail`, and the v3 API): keys are read in v2 UPPERCASE or v3 lowercase. The state is the
 * job's `EXECUTION_STATUS` ({@link SERVICESTAGE_EXECUTION_STATUS_STATES}); only when the job sends
 * none is it derived from the tasks (status stays `''`). Tasks, sorted by `TASK_INDEX`, are the
 * subtasks ({@link SERVICESTAGE_TASK_STATUS_STATES}; `SKIPPED` is `succeeded`), their error from
 * `MESSAGES` (JSON in a string); progress counts finished tasks against `task_count`. `startedAt`
 * is the earliest task `CREATED_AT`, `finishedAt` the latest `LAST_HEALTH_CHECK` once the job is
 * final; the job's error is the first failed task's; resource is `SERVICE_INSTANCE_ID`.
 * @throws UnexpectedResponseError when the payload or `job` is not an object, or the status is
 * neither a string nor a number.
 * @throws ApiError (status 200) when there is neither a job status nor a task but an `error_code`.
 * @example
 * normalizeServiceStageJob({ job: { JOB_ID: 'JOB474362ef-091d-429f-9b3e-c9246b37dee6', EXECUTION_STATUS: 'FAILED' },
 *   tasks: [{ TASK_INDEX: 9, TASK_STATUS: 'FAILED', MESSAGES: '{"Message":"ECC00011","Detail":"Building failed."}' }], task_count: 1 }).error
 * // { code: 'ECC00011', message: 'Building failed.' }
 */
export function normalizeServiceStageJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('servicestage', payload);
  const job = readJobContainer('servicestage', body, 'job', payload);
  const status = job && readJobStatus('servicestage', readEitherCase(job, 'EXECUTION_STATUS'), 'job.EXECUTION_STATUS', payload);
  const tasks = readRecordList(body, 'tasks').map(readTask).sort(byTaskIndex);
  if (status === undefined && tasks.length === 0) {
    const apiError = businessErrorInBody('servicestage', body, SERVICESTAGE_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const subtasks = tasks.map((task) => task.subtask);
  const taskCount = readCountField(body, 'task_count');
  const state = status === undefined ? stateFromTasks(subtasks, taskCount) : stateFromStatus(SERVICESTAGE_EXECUTION_STATUS_STATES, status);
  const instanceId = job && textOf(readEitherCase(job, 'SERVICE_INSTANCE_ID'));
  return buildJob('servicestage', {
    id: resolveJobId(job && readEitherCase(job, 'JOB_ID'), context),
    type: job && textOf(readEitherCase(job, 'JOB_TYPE')),
    state,
    status: status ?? '',
    startedAt: earliest(tasks.map((task) => task.createdAt)),
    finishedAt: isTerminalState(state) ? latest(tasks.map((task) => task.lastHealthCheck)) : undefined,
    error: jobErrorOrSubtaskError(undefined, state, subtasks),
    resource: instanceId === undefined ? undefined : { kind: 'service_instance_id', id: instanceId },
    progress: countProgress(subtasks, taskCount),
    subtasks,
    raw: payload,
  });
}

// DMS for Kafka: GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}, one task in a list.
import type { Job } from '@cloud-jobs/core';
import { buildJob, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { ApiError, UnexpectedResponseError } from '../../errors.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { describeValueType, isPayloadRecord, readTextField, type PayloadRecord } from '../../normalize/payloadFields.js';
import { readJobStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { DMS_ERROR_CODES } from './errorCodes.js';
import { DMS_STATUS_STATES } from './statusTable.js';

/** `params`, a JSON object in a string: parsed when it is one, else left out (the text stays in `raw`). */
function parseParams(text: string | undefined): PayloadRecord | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isPayloadRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The task's parameters (`params`, a JSON document in a string), parsed; `undefined` when absent or
 * not a JSON object.
 * @example dmsTaskParams({ tasks: [{ params: '{"enable_public_ip":true}' }] }) // { enable_public_ip: true }
 */
export function dmsTaskParams(payload: unknown): Record<string, unknown> | undefined {
  const tasks = isPayloadRecord(payload) ? payload['tasks'] : undefined;
  const task = Array.isArray(tasks) && isPayloadRecord(tasks[0]) ? tasks[0] : undefined;
  return task && parseParams(readTextField(task, 'params'));
}

/**
 * Normalizes a DMS for Kafka background task (`ShowBackgroundTask`): the one task of the answer's
 * list `tasks` (`task_count` is a string). Status per {@link DMS_STATUS_STATES}; times from
 * `created_at`/`updated_at` (the end only once the task is final: while it runs `updated_at` is its
 * last update); type from `name`; the instance the task changes is not in the answer (the caller
 * knows it), so the resource is a public IP or other ID from `params` only when the JSON names one
 * (`public_ip_id`). An empty list is "no such task": an ApiError of kind `not-found`, code
 * `EmptyTaskList`; a body without `tasks` is a job of unknown state.
 * @throws UnexpectedResponseError when the payload, `tasks` or its first element is no object / list, or `status` is neither a string nor a number.
 * @throws ApiError (status 200) for an empty task list, or a body with an error code instead of tasks.
 * @example
 * normalizeDmsJob({ task_count: '1', tasks: [{ id: '8abf...', name: 'bindInstancePublicIp', status: 'EXECUTING', created_at: '2020-06-15T08:55:53.606Z' }] });
 * // { service: 'dms', state: 'running', type: 'bindInstancePublicIp', ... }
 */
export function normalizeDmsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('dms', payload);
  const tasks = body['tasks'];
  if (tasks === undefined || tasks === null) {
    const apiError = businessErrorInBody('dms', body, DMS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  if (tasks !== undefined && tasks !== null && !Array.isArray(tasks)) throw new UnexpectedResponseError('dms', `tasks: expected a list, got ${describeValueType(tasks)}`, payload);
  const list = (tasks ?? [{}]) as unknown[];
  // An empty list answers a task ID the instance does not know: our own code, as for an empty body.
  if (list.length === 0) {
    throw new ApiError({ service: 'dms', status: 200, code: 'EmptyTaskList', message: `no such task in the instance (task_count ${JSON.stringify(body['task_count'] ?? null)})`, kind: 'not-found', body: payload });
  }
  const task = list[0];
  if (!isPayloadRecord(task)) throw new UnexpectedResponseError('dms', `tasks[0]: expected an object, got ${describeValueType(task)}`, payload);
  const status = readJobStatus('dms', task['status'], 'tasks[0].status', payload);
  const state = status === undefined ? 'unknown' : stateFromStatus(DMS_STATUS_STATES, status);
  const final = state === 'succeeded' || state === 'failed' || state === 'canceled';
  const publicIp = readTextField(parseParams(readTextField(task, 'params')) ?? {}, 'public_ip_id');
  return buildJob('dms', {
    id: resolveJobId(task['id'], context),
    type: readTextField(task, 'name'),
    state,
    status: status ?? '',
    startedAt: parseJobTime(task['created_at']),
    finishedAt: final ? parseJobTime(task['updated_at']) : undefined,
    // The page gives no failure text: the task's name says what failed.
    error: state === 'failed' ? { message: `task ${readTextField(task, 'name') ?? ''} failed`.replace('  ', ' ') } : undefined,
    resource: publicIp === undefined ? undefined : { kind: 'public_ip_id', id: publicIp },
    subtasks: [],
    raw: payload,
  });
}

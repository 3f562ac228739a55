// ECS: GET /v1/{project_id}/jobs/{job_id}.
import type { Job, JobError, JobResource, Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { ECS_ERROR_CODES } from './errorCodes.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readCountField, readRecordField, readRecordList, readTextField, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';
import { jobErrorOf, readJobError, splitCodedMessage } from '../../normalize/readJobError.js';
import { readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { ECS_STATUS_STATES } from './statusTable.js';

/** `server_id` for a server operation, else `nic_id` for a NIC operation. */
function ecsResource(entities: PayloadRecord): JobResource | undefined {
  for (const kind of ['server_id', 'nic_id']) {
    const id = readTextField(entities, kind);
    if (id !== undefined) return { kind, id };
  }
  return undefined;
}

/** `error_code` + `fail_reason`, else the sub-job's `entities.errorcode_message` (`Ecs.0013: ...`). */
function subJobError(subJob: PayloadRecord, entities: PayloadRecord): JobError | undefined {
  const own = readJobError(subJob);
  if (own !== undefined && own.message !== own.code) return own;
  const detail = readTextField(entities, 'errorcode_message');
  if (detail === undefined) return own;
  const split = splitCodedMessage(detail);
  return jobErrorOf(own?.code ?? split.code, split.message);
}

function ecsSubtask(subJob: PayloadRecord): Subtask {
  const entities = readRecordField(subJob, 'entities') ?? {};
  const status = readSubtaskStatus(subJob['status']);
  return buildSubtask({
    id: textOf(subJob['job_id']) ?? '',
    type: readTextField(subJob, 'job_type'),
    state: stateFromStatus(ECS_STATUS_STATES, status),
    status,
    startedAt: parseJobTime(subJob['begin_time']),
    finishedAt: parseJobTime(subJob['end_time']),
    error: subJobError(subJob, entities),
    resource: ecsResource(entities),
    raw: subJob,
  });
}

/**
 * Normalizes an ECS job (`GET /v1/{project_id}/jobs/{job_id}`, also the official SDK's `ShowJob`
 * output). Status per {@link ECS_STATUS_STATES} (`PENDING_PAYMENT` is `blocked`); times from
 * `begin_time`/`end_time`; error from `error_code` + `fail_reason`, else, for a failed job, the
 * first failed sub-job's; `entities.sub_jobs` become subtasks, with progress counted against
 * `sub_jobs_total` when larger; resource from `entities.server_id`/`nic_id`, else the first
 * sub-job that names one.
 * @throws UnexpectedResponseError when the payload is not an object or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no status but an error code (`code`/`message`).
 * @example
 * normalizeEcsJob({ status: 'SUCCESS', job_id: '2c9eb2c5544cbf6101544f0602af2b4f', job_type: 'createServer',
 *   entities: { server_id: 'bae51750-0089-41a1-9b18-5c777978ff6d' } });
 * // { service: 'ecs', id: '2c9e...', type: 'createServer', state: 'succeeded', done: true, status: 'SUCCESS',
 * //   resource: { kind: 'server_id', id: 'bae5...' }, subtasks: [], raw: ... }
 */
export function normalizeEcsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('ecs', payload);
  const status = readJobStatus('ecs', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('ecs', body, ECS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const state = status === undefined ? 'unknown' : stateFromStatus(ECS_STATUS_STATES, status);
  const entities = readRecordField(body, 'entities') ?? {};
  const subtasks = readRecordList(entities, 'sub_jobs').map(ecsSubtask);
  return buildJob('ecs', {
    id: resolveJobId(body['job_id'], context),
    type: readTextField(body, 'job_type'),
    state,
    status: status ?? '',
    startedAt: parseJobTime(body['begin_time']),
    finishedAt: parseJobTime(body['end_time']),
    error: jobErrorOrSubtaskError(readJobError(body), state, subtasks),
    resource: ecsResource(entities) ?? subtasks.find((subtask) => subtask.resource !== undefined)?.resource,
    progress: countProgress(subtasks, readCountField(entities, 'sub_jobs_total')),
    subtasks,
    raw: payload,
  });
}

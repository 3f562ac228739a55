// EVS: GET /v1/{project_id}/jobs/{job_id}.
import type { Job, JobResource, Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readRecordField, readRecordList, readTextField, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';
import { readJobError } from '../../normalize/readJobError.js';
import { readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { EVS_ERROR_CODES } from './errorCodes.js';
import { EVS_STATUS_STATES } from './statusTable.js';

/** The disk: `entities.volume_id`. */
function evsResource(entities: PayloadRecord): JobResource | undefined {
  const id = readTextField(entities, 'volume_id');
  return id === undefined ? undefined : { kind: 'volume_id', id };
}

function evsSubtask(subJob: PayloadRecord): Subtask {
  const status = readSubtaskStatus(subJob['status']);
  return buildSubtask({
    id: textOf(subJob['job_id']) ?? '',
    type: readTextField(subJob, 'job_type'),
    state: stateFromStatus(EVS_STATUS_STATES, status),
    status,
    startedAt: parseJobTime(subJob['begin_time']),
    finishedAt: parseJobTime(subJob['end_time']),
    error: readJobError(subJob),
    resource: evsResource(readRecordField(subJob, 'entities') ?? {}),
    raw: subJob,
  });
}

/**
 * Normalizes an EVS task (`GET /v1/{project_id}/jobs/{job_id}`, the official SDK's `ShowJob`).
 * Status per {@link EVS_STATUS_STATES}; times from `begin_time`/`end_time` (`''` is "not yet");
 * error from `error_code` + `fail_reason`, else, for a failed task, the first failed sub-job's;
 * `entities.sub_jobs` (one level deep) become subtasks and give the progress; resource from
 * `entities.volume_id`, else the first sub-job's disk.
 * @throws UnexpectedResponseError when the payload is not an object or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no status but an `error` object (the page's second body form).
 * @example
 * normalizeEvsJob({ status: 'RUNNING', job_id: '4010a32d535527910153552b492c0002', job_type: 'createVolume',
 *   entities: { volume_id: 'bdf1bb37-f20f-4266-9a04-f43e0a127376' }, begin_time: '2016-03-08T07:40:13.219Z', end_time: '' });
 * // { service: 'evs', state: 'running', done: false, resource: { kind: 'volume_id', id: 'bdf1...' }, subtasks: [], ... }
 */
export function normalizeEvsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('evs', payload);
  const status = readJobStatus('evs', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('evs', body, EVS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const state = status === undefined ? 'unknown' : stateFromStatus(EVS_STATUS_STATES, status);
  const entities = readRecordField(body, 'entities') ?? {};
  const subtasks = readRecordList(entities, 'sub_jobs').map(evsSubtask);
  return buildJob('evs', {
    id: resolveJobId(body['job_id'], context),
    type: readTextField(body, 'job_type'),
    state,
    status: status ?? '',
    startedAt: parseJobTime(body['begin_time']),
    finishedAt: parseJobTime(body['end_time']),
    error: jobErrorOrSubtaskError(readJobError(body), state, subtasks),
    resource: evsResource(entities) ?? subtasks.find((subtask) => subtask.resource !== undefined)?.resource,
    progress: countProgress(subtasks),
    subtasks,
    raw: payload,
  });
}

// IMS: GET /v1/{project_id}/jobs/{job_id}.
import type { Job, JobError, JobResource, Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readRecordField, readRecordList, readTextField, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';
import { jobErrorOf, readJobError } from '../../normalize/readJobError.js';
import { readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { IMS_ERROR_CODES } from './errorCodes.js';
import { IMS_RESULT_STATUS_STATES, IMS_STATUS_STATES } from './statusTable.js';

/** The image: `entities.image_id`. */
function imsResource(entities: PayloadRecord): JobResource | undefined {
  const id = readTextField(entities, 'image_id');
  return id === undefined ? undefined : { kind: 'image_id', id };
}

/** A sub-job of an OVA import or a data-disk image job (`entities.sub_jobs_result[]`). */
function imsSubJob(subJob: PayloadRecord): Subtask {
  const status = readSubtaskStatus(subJob['status']);
  return buildSubtask({
    id: textOf(subJob['job_id']) ?? '',
    type: readTextField(subJob, 'job_type'),
    state: stateFromStatus(IMS_STATUS_STATES, status),
    status,
    startedAt: parseJobTime(subJob['begin_time']),
    finishedAt: parseJobTime(subJob['end_time']),
    error: readJobError(subJob),
    resource: imsResource(readRecordField(subJob, 'entities') ?? {}),
    name: readTextField(readRecordField(subJob, 'entities') ?? {}, 'image_name'),
    raw: subJob,
  });
}

/** One result of a sharing job (`entities.results[]`): the member project, the image, a status. */
function imsResult(result: PayloadRecord): Subtask {
  const status = readSubtaskStatus(result['status']);
  return buildSubtask({
    id: readTextField(result, 'project_id') ?? readTextField(result, 'image_id') ?? '',
    state: stateFromStatus(IMS_RESULT_STATUS_STATES, status),
    status,
    resource: imsResource(result),
    raw: result,
  });
}

/** The error the SDK's extra `entities` fields carry (`error_code`, `error`, `addition_error_*`). */
function entitiesError(entities: PayloadRecord): JobError | undefined {
  return jobErrorOf(
    readTextField(entities, 'error_code') ?? readTextField(entities, 'addition_error_code'),
    readTextField(entities, 'error') ?? readTextField(entities, 'addition_error_msg'),
  );
}

/**
 * Normalizes an IMS job (`GET /v1/{project_id}/jobs/{job_id}`, the official SDK's `ShowJob`).
 * Status per {@link IMS_STATUS_STATES}; times from `begin_time`/`end_time`; `entities` by job
 * type: `sub_jobs_result` become subtasks (OVA import, data-disk images), else the sharing
 * `results` do (status per {@link IMS_RESULT_STATUS_STATES}, any case), with progress counted from
 * them; resource `entities.image_id`, else the first subtask's image; error from `error_code` +
 * `fail_reason`, else, for a failed job, the `entities` error fields or the first failed subtask's.
 * @throws UnexpectedResponseError when the payload is not an object or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no status but an error code.
 * @example
 * normalizeImsJob({ job_id: '9a175ac792fa12d20193002100dd2762', job_type: 'imsCreateImageByInstance', status: 'SUCCESS',
 *   entities: { image_name: 'test', image_id: '3f7185de-b59a-4bb8-aa1d-7a513528b0e9' } });
 * // { service: 'ims', state: 'succeeded', done: true, resource: { kind: 'image_id', id: '3f71...' }, subtasks: [], ... }
 */
export function normalizeImsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('ims', payload);
  const status = readJobStatus('ims', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('ims', body, IMS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const state = status === undefined ? 'unknown' : stateFromStatus(IMS_STATUS_STATES, status);
  const entities = readRecordField(body, 'entities') ?? {};
  const subJobs = readRecordList(entities, 'sub_jobs_result');
  const subtasks = subJobs.length > 0 ? subJobs.map(imsSubJob) : readRecordList(entities, 'results').map(imsResult);
  const own = readJobError(body) ?? (state === 'failed' ? entitiesError(entities) : undefined);
  return buildJob('ims', {
    id: resolveJobId(body['job_id'], context),
    type: readTextField(body, 'job_type'),
    state,
    status: status ?? '',
    startedAt: parseJobTime(body['begin_time']),
    finishedAt: parseJobTime(body['end_time']),
    error: jobErrorOrSubtaskError(own, state, subtasks),
    resource: imsResource(entities) ?? subtasks.find((subtask) => subtask.resource !== undefined)?.resource,
    progress: countProgress(subtasks, readRecordList(entities, 'sub_jobs_list').length || undefined),
    subtasks,
    raw: payload,
  });
}

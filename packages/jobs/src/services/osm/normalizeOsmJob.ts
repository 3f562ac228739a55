// OSM (Service Tickets diagnosis): GET /v2.0/servicerequest/diagnose/job?job_id=.
import type { Job, Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { OSM_ERROR_CODES } from './errorCodes.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readRecordList, readTextField, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';
import { readJobError } from '../../normalize/readJobError.js';
import { readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromNumericStatus } from '../../normalize/stateFromStatus.js';
import { OSM_PROBLEM_LEVEL_STATES, OSM_STATUS_STATES } from './statusTable.js';

/** A check item: its state is its `problem_level` (0 not executed, 3 normal, 4 abnormal). */
function osmSubtask(item: PayloadRecord): Subtask {
  const status = readSubtaskStatus(item['problem_level']);
  const resourceId = readTextField(item, 'resource_id');
  return buildSubtask({
    id: textOf(item['check_id']) ?? '',
    name: readTextField(item, 'check_name'),
    state: stateFromNumericStatus(OSM_PROBLEM_LEVEL_STATES, status),
    status,
    resource: resourceId === undefined ? undefined : { kind: 'resource_id', id: resourceId },
    error: readJobError(item),
    raw: item,
  });
}

/**
 * Normalizes an OSM diagnosis job (`GET /v2.0/servicerequest/diagnose/job`, the official SDK's
 * `ListDiagnoseJob`). `job_id` is an integer (made a string); status is an integer, a numeric
 * string is accepted, per {@link OSM_STATUS_STATES}; `create_time` (epoch, seconds or ms) is
 * `startedAt`; error from `error_code`/`error_msg`. Each `items_result` check item is a subtask whose
 * state is its `problem_level` ({@link OSM_PROBLEM_LEVEL_STATES}: abnormal = `failed`); progress
 * counts the executed items (level 3 or 4). No type or resource at job level.
 * @throws UnexpectedResponseError when the payload is not an object or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when there is no status but an `error_code`: OSM returns business
 * errors such as `OSM.01010001` with HTTP 200.
 * @example
 * normalizeOsmJob({ status: 3, job_id: 1, items_result: [{ check_id: 'ECS_STATUS', problem_level: 3 }] });
 * // { service: 'osm', id: '1', state: 'succeeded', status: 3, progress: { completed: 1, total: 1 }, ... }
 */
export function normalizeOsmJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('osm', payload);
  const status = readJobStatus('osm', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('osm', body, OSM_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const state = status === undefined ? 'unknown' : stateFromNumericStatus(OSM_STATUS_STATES, status);
  const subtasks = readRecordList(body, 'items_result').map(osmSubtask);
  return buildJob('osm', {
    id: resolveJobId(body['job_id'], context),
    state,
    status: status ?? '',
    startedAt: parseJobTime(body['create_time']),
    error: jobErrorOrSubtaskError(readJobError(body), state, subtasks),
    progress: countProgress(subtasks),
    subtasks,
    raw: payload,
  });
}

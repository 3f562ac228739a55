// DCS: GET /v2/{project_id}/jobs/{job_id}.
import type { Job } from '@cloud-jobs/core';
import { buildJob, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { DCS_ERROR_CODES } from './errorCodes.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readTextField } from '../../normalize/payloadFields.js';
import { readJobError } from '../../normalize/readJobError.js';
import { readJobStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { DCS_STATUS_STATES } from './statusTable.js';

/**
 * Normalizes a DCS background job (`GET /v2/{project_id}/jobs/{job_id}`, the official SDK's
 * `ShowJobInfo`). Status per {@link DCS_STATUS_STATES}; `begin_time`/`end_time` are epoch-ms
 * strings; error from `fail_reason` (and `error_code` if sent). No subtasks, no resource.
 * @throws UnexpectedResponseError when the payload is not an object or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no status but an `error_code`.
 * @example
 * normalizeDcsJob({ job_id: 'ff8080818822bbf70188235afc24141a', job_type: 'masterStandbySwapJob', status: 'SUCCESS',
 *   begin_time: '1684191545379', end_time: '1684191548248', fail_reason: null }).state // 'succeeded'
 */
export function normalizeDcsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('dcs', payload);
  const status = readJobStatus('dcs', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('dcs', body, DCS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  return buildJob('dcs', {
    id: resolveJobId(body['job_id'], context),
    type: readTextField(body, 'job_type'),
    state: status === undefined ? 'unknown' : stateFromStatus(DCS_STATUS_STATES, status),
    status: status ?? '',
    startedAt: parseJobTime(body['begin_time']),
    finishedAt: parseJobTime(body['end_time']),
    error: readJobError(body),
    subtasks: [],
    raw: payload,
  });
}

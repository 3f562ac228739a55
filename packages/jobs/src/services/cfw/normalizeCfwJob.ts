// CFW: GET /v3/{project_id}/jobs/{job_id}.
import type { Job } from '@cloud-jobs/core';
import { buildJob, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { CFW_ERROR_CODES } from './errorCodes.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readJobError } from '../../normalize/readJobError.js';
import { readJobContainer, readJobStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { CFW_STATUS_STATES } from './statusTable.js';

/**
 * Normalizes a CFW job (`GET /v3/{project_id}/jobs/{job_id}`, the official SDK's `ListJob`). The
 * job is in `data`: status per {@link CFW_STATUS_STATES} (Title-case, matched case-insensitively
 * too), `data.begin_time`/`data.end_time` as epoch-ms numbers or ISO strings (`+0800`); error from
 * the body's `error_code`/`error_msg`. No type, subtasks or resource. A body without `data` is an
 * `unknown` job.
 * @throws UnexpectedResponseError when the payload is not an object, `data` is not an object, or
 * `data.status` is neither a string nor a number.
 * @throws ApiError (status 200) when there is no `data.status` but an `error_code`.
 * @example
 * normalizeCfwJob({ data: { id: 'f588ce71-e26c-400d-8981-f854355f6849', status: 'Success',
 *   begin_time: 1641370501000, end_time: 1641370515000 } }).done // true
 */
export function normalizeCfwJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('cfw', payload);
  const data = readJobContainer('cfw', body, 'data', payload);
  const status = data && readJobStatus('cfw', data['status'], 'data.status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('cfw', body, CFW_ERROR_CODES);
    if (apiError) throw apiError;
  }
  return buildJob('cfw', {
    id: resolveJobId(data?.['id'], context),
    state: status === undefined ? 'unknown' : stateFromStatus(CFW_STATUS_STATES, status),
    status: status ?? '',
    startedAt: parseJobTime(data?.['begin_time']),
    finishedAt: parseJobTime(data?.['end_time']),
    error: readJobError(body) ?? (data && readJobError(data)),
    subtasks: [],
    raw: payload,
  });
}

/**
 * @cloud-jobs/jobs/dcs: the DCS descriptor, normalizer and status table.
 * @example
 * import { dcs, normalizeDcsJob } from '@cloud-jobs/jobs/dcs';
 * normalizeDcsJob({ job_id: 'j', status: 'FAIL', fail_reason: 'no quota' }).error // { message: 'no quota' }
 */
export { dcs } from './descriptor.js';
export { normalizeDcsJob } from './normalizeDcsJob.js';
export { DCS_STATUS_TABLE, DCS_STATUS_STATES } from './statusTable.js';
export { DCS_ERROR_CODES } from './errorCodes.js';

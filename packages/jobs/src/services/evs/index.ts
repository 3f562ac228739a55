/**
 * @cloud-jobs/jobs/evs: the Elastic Volume Service descriptor, normalizer and status table.
 * @example
 * import { evs, normalizeEvsJob } from '@cloud-jobs/jobs/evs';
 * normalizeEvsJob({ job_id: 'j', status: 'RUNNING' }).state // 'running'
 */
export { evs } from './descriptor.js';
export { normalizeEvsJob } from './normalizeEvsJob.js';
export { EVS_STATUS_TABLE, EVS_STATUS_STATES } from './statusTable.js';
export { EVS_ERROR_CODES } from './errorCodes.js';

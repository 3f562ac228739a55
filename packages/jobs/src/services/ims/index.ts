/**
 * @cloud-jobs/jobs/ims: the Image Management Service descriptor, normalizer and status table.
 * @example
 * import { ims, normalizeImsJob } from '@cloud-jobs/jobs/ims';
 * normalizeImsJob({ job_id: 'j', status: 'RUNNING' }).state // 'running'
 */
export { ims } from './descriptor.js';
export { normalizeImsJob } from './normalizeImsJob.js';
export { IMS_STATUS_TABLE, IMS_STATUS_STATES, IMS_RESULT_STATUS_STATES } from './statusTable.js';
export { IMS_ERROR_CODES } from './errorCodes.js';

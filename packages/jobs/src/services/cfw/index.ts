/**
 * @cloud-jobs/jobs/cfw: the Cloud Firewall descriptor, normalizer and status table.
 * @example
 * import { cfw, normalizeCfwJob } from '@cloud-jobs/jobs/cfw';
 * normalizeCfwJob({ data: { id: 'j', status: 'Success' } }).done // true
 */
export { cfw } from './descriptor.js';
export { normalizeCfwJob } from './normalizeCfwJob.js';
export { CFW_STATUS_TABLE, CFW_STATUS_STATES } from './statusTable.js';
export { CFW_ERROR_CODES } from './errorCodes.js';

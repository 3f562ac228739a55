/**
 * @cloud-jobs/jobs/cce: the Cloud Container Engine descriptor, normalizer and status table.
 * @example
 * import { cce, normalizeCceJob } from '@cloud-jobs/jobs/cce';
 * normalizeCceJob({ metadata: { uid: 'j' }, status: { phase: 'Running' } }).state // 'running'
 */
export { cce } from './descriptor.js';
export { normalizeCceJob } from './normalizeCceJob.js';
export { CCE_STATUS_TABLE, CCE_STATUS_STATES } from './statusTable.js';
export { CCE_ERROR_CODES } from './errorCodes.js';

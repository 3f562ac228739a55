/**
 * @cloud-jobs/jobs/dms: the DMS for Kafka descriptor, normalizer, status table and reference type.
 * @example
 * import { dms, normalizeDmsJob, type DmsJobRef } from '@cloud-jobs/jobs/dms';
 * normalizeDmsJob({ task_count: '1', tasks: [{ id: 't', status: 'EXECUTING' }] }).state // 'running'
 */
export { dms, type DmsJobRef } from './descriptor.js';
export { normalizeDmsJob, dmsTaskParams } from './normalizeDmsJob.js';
export { DMS_STATUS_TABLE, DMS_STATUS_STATES } from './statusTable.js';
export { DMS_ERROR_CODES } from './errorCodes.js';

/**
 * @cloud-jobs/jobs/servicestage: the ServiceStage descriptor, normalizer, status tables and its
 * MESSAGES reader.
 * @example
 * import { servicestage, normalizeServiceStageJob } from '@cloud-jobs/jobs/servicestage';
 * normalizeServiceStageJob({ job: { JOB_ID: 'j', EXECUTION_STATUS: 'RUNNING' }, tasks: [] }).state // 'running'
 */
export { servicestage } from './descriptor.js';
export { normalizeServiceStageJob } from './normalizeServiceStageJob.js';
export { parseServiceStageMessages } from './parseServiceStageMessages.js';
export { SERVICESTAGE_STATUS_TABLE, SERVICESTAGE_EXECUTION_STATUS_STATES, SERVICESTAGE_TASK_STATUS_STATES } from './statusTable.js';
export { SERVICESTAGE_ERROR_CODES } from './errorCodes.js';

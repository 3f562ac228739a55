/**
 * @cloud-jobs/jobs/ecs: the ECS descriptor, normalizer and status table, and nothing of the other
 * services.
 * @example
 * import { ecs, normalizeEcsJob } from '@cloud-jobs/jobs/ecs';
 * normalizeEcsJob({ job_id: 'j', status: 'RUNNING' }).state // 'running'
 */
export { ecs } from './descriptor.js';
export { normalizeEcsJob } from './normalizeEcsJob.js';
export { ECS_STATUS_TABLE, ECS_STATUS_STATES } from './statusTable.js';
export { ECS_ERROR_CODES } from './errorCodes.js';

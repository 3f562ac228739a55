/**
 * @cloud-jobs/jobs/rds: the Relational Database Service descriptor, normalizer and status table.
 * @example
 * import { rds, normalizeRdsJob } from '@cloud-jobs/jobs/rds';
 * normalizeRdsJob({ job: { id: "j", name: "MysqlBindEIP", status: "Running", process: "60" } }).progress // { completed: 60, total: 100 }
 */
export { rds } from './descriptor.js';
export { normalizeRdsJob } from './normalizeRdsJob.js';
export { RDS_STATUS_TABLE, RDS_STATUS_STATES } from './statusTable.js';
export { RDS_ERROR_CODES } from './errorCodes.js';

// Public surface of the normalize area: the generic helpers a normalizer of any service (ours or a
// user's) is built from. Each service's own normalizer and status constants are in its entry
// (`@cloud-jobs/jobs/<name>`).
export { parseJobTime } from './parseJobTime.js';
export { errorFromBody, type ResponseHeaders } from './errorFromBody.js';
export type { ErrorCodeLists } from './errorKind.js';
export { STATUS_TABLES, type StatusTableRow, type ServiceStatusTable } from './statusTables.js';
export type { NormalizeContext } from './assembleJob.js';
export { normalizeJob, type JobNormalizer } from './normalizeJob.js';

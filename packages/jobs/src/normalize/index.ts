// Public surface of the normalize area: one Job shape for every service's job payload.
export { parseJobTime } from './parseJobTime.js';
export { parseRetryAfterMs } from './parseRetryAfterMs.js';
export { parseServiceStageMessages } from './parseServiceStageMessages.js';
export { errorFromBody, type ResponseHeaders } from './errorFromBody.js';
export { stateFromStatus, stateFromNumericStatus } from './stateFromStatus.js';
export {
  STATUS_TABLES,
  ECS_STATUS_STATES,
  DCS_STATUS_STATES,
  CFW_STATUS_STATES,
  SERVICESTAGE_EXECUTION_STATUS_STATES,
  SERVICESTAGE_TASK_STATUS_STATES,
  OSM_STATUS_STATES,
  OSM_PROBLEM_LEVEL_STATES,
  type StatusTableRow,
  type ServiceStatusTable,
} from './statusTables.js';
export type { NormalizeContext } from './assembleJob.js';
export { normalizeEcsJob } from './normalizeEcsJob.js';
export { normalizeDcsJob } from './normalizeDcsJob.js';
export { normalizeCfwJob } from './normalizeCfwJob.js';
export { normalizeServiceStageJob } from './normalizeServiceStageJob.js';
export { normalizeOsmJob } from './normalizeOsmJob.js';
export { normalizeJob, type JobNormalizer } from './normalizeJob.js';

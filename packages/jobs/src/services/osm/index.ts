/**
 * @cloud-jobs/jobs/osm: the OSM (diagnosis) descriptor, normalizer and status tables.
 * @example
 * import { osm, normalizeOsmJob } from '@cloud-jobs/jobs/osm';
 * normalizeOsmJob({ job_id: 42, status: 3 }).state // 'succeeded'
 */
export { osm } from './descriptor.js';
export { normalizeOsmJob } from './normalizeOsmJob.js';
export { OSM_STATUS_TABLE, OSM_STATUS_STATES, OSM_PROBLEM_LEVEL_STATES } from './statusTable.js';
export { OSM_ERROR_CODES } from './errorCodes.js';

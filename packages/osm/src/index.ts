/**
 * @cloud-jobs/osm: a typed client for the Service Tickets (OSM) diagnosis job API
 * (`GET /v2.0/servicerequest/diagnose/job?job_id=`).
 *
 * The service is global: no project ID, the job is named by the `job_id` query parameter (a
 * string), and the body returns `job_id` as an integer. `status` is an integer: 0 preparing,
 * 2 executing, 3 completed, 4 failed, 7 not executed, 8 unavailable; each check item's
 * `problem_level` tells its finding (0 not executed, 3 normal, 4 abnormal). Business errors such
 * as `OSM.01010001` come back with HTTP **200** as `error_code` + `error_msg` and no `status`.
 *
 * @example
 * import { createOsmClient } from '@cloud-jobs/osm';
 * const osm = createOsmClient({ region: 'ap-southeast-3', token });
 * const { data, error } = await osm.GET('/v2.0/servicerequest/diagnose/job', {
 *   params: { query: { job_id: jobId } },
 * });
 * if (data?.error_code) console.error('business error', data.error_code, data.error_msg);
 * else if (data?.status === 3) console.log(data.items_result?.filter((item) => item.problem_level === 4));
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { createOsmClient, type OsmClient, type OsmClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  OsmJob,
  OsmJobStatus,
  OsmItemResult,
  OsmProblemLevel,
  OsmError,
  GatewayError,
} from './generated/openapi.js';

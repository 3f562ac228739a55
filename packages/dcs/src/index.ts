/**
 * @cloud-jobs/dcs: a typed client for the DCS background job API (`GET /v2/{project_id}/jobs/{job_id}`).
 *
 * `begin_time` and `end_time` are epoch milliseconds as decimal strings (`"1684191545379"`);
 * `end_time` and `fail_reason` are `null` until they apply.
 *
 * @example
 * import { createDcsClient } from '@cloud-jobs/dcs';
 * const dcs = createDcsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await dcs.GET('/v2/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.status === 'FAIL') console.error(data.job_type, data.fail_reason);
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { createDcsClient, type DcsClient, type DcsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  DcsJob,
  DcsJobStatus,
  DcsJobType,
  DcsError,
  GatewayError,
} from './generated/openapi.js';

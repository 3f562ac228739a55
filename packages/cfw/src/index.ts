/**
 * @cloud-jobs/cfw: a typed client for the CFW job status API (`GET /v3/{project_id}/jobs/{job_id}`).
 *
 * The job is in `data`; its `status` is Title-case (`Running`, `Success`, `Failed`), and
 * `begin_time`/`end_time` arrive either as epoch milliseconds (a JSON number) or as a
 * `yyyy-mm-ddThh:mm:ss+0800`-style string. Business errors come back as HTTP 400 `CFW.xxxxxxxx`.
 *
 * @example
 * import { createCfwClient } from '@cloud-jobs/cfw';
 * const cfw = createCfwClient({ region: 'ap-southeast-1', token });
 * const { data, error } = await cfw.GET('/v3/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.data?.status === 'Success') console.log('firewall ready', data.data.end_time);
 * else if (error?.error_code === 'CFW.00200005') console.error('no such job');
 */
export { createCfwClient, type CfwClient, type CfwClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  CfwListJobResponse,
  CfwJob,
  CfwJobStatus,
  CfwTime,
  CfwError,
  GatewayError,
} from './generated/openapi.js';

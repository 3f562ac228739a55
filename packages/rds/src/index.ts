/**
 * @cloud-jobs/rds: a typed client for the Relational Database Service task API (`GET /v3/{project_id}/jobs?id={id}`).
 *
 * The task ID is the query parameter `id`; the task comes wrapped in `job`; `created`/`ended` are
 * `yyyy-mm-ddThh:mm:ss+hhmm`; `process` is a percentage as text (`"60"`, `"60%"`) while running, else `""`.
 *
 * @example
 * import { createRdsClient } from '@cloud-jobs/rds';
 * const client = createRdsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('/v3/{project_id}/jobs', {
 *   params: { path: { project_id: projectId }, query: { id: jobId } },
 * });
 * if (data?.job?.status === 'Failed') console.error(data.job.fail_reason);
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { createRdsClient, type RdsClient, type RdsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  RdsJobResponse,
  RdsJob,
  RdsJobStatus,
  RdsTime,
  RdsJobInstance,
  RdsJobEntities,
  RdsEntitiesInstance,
  RdsDatastore,
  RdsEntitiesVolume,
  RdsError,
  ErrorBody,
  GatewayError,
} from './generated/openapi.js';

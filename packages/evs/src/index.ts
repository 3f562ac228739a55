/**
 * @cloud-jobs/evs: a typed client for the Elastic Volume Service task status API
 * (`GET /v1/{project_id}/jobs/{job_id}`).
 *
 * Times are ISO 8601 UTC with milliseconds, or `''` while not reached; `error_code` and
 * `fail_reason` are `null` unless the task failed; a batch task lists one sub-job per disk in
 * `entities.sub_jobs`; a 200 body may be only `{ error: { code, message } }` when the query failed.
 *
 * @example
 * import { createEvsClient } from '@cloud-jobs/evs';
 * const client = createEvsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('/v1/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.status === 'FAIL') console.error(data.error_code, data.fail_reason);
 * else if (error) console.error(error.error?.code, error.error?.message);
 */
export { createEvsClient, type EvsClient, type EvsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export type {
  paths,
  components,
  operations,
  EvsJob,
  EvsJobStatus,
  EvsJobType,
  EvsJobEntities,
  EvsSubJob,
  EvsSubJobEntities,
  EvsErrorObject,
  EvsError,
  EvsTime,
  GatewayError,
  ErrorBody,
} from './generated/openapi.js';
export * from './generated/values.js';

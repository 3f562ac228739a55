/**
 * @cloud-jobs/ims: a typed client for the Image Management Service job status API
 * (`GET /v1/{project_id}/jobs/{job_id}`).
 *
 * Times are ISO 8601 UTC; `error_code` and `fail_reason` are `null` unless the job failed;
 * `entities` depends on `job_type`: `image_id`/`image_name`, `results` (sharing jobs, whose
 * `status` comes in lower case) or `sub_jobs_result` + `sub_jobs_list` (OVA and data-disk imports).
 *
 * @example
 * import { createImsClient } from '@cloud-jobs/ims';
 * const client = createImsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('/v1/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.status === 'SUCCESS') console.log(data.entities?.image_id);
 * else if (error) console.error(error.error?.code, error.error?.message);
 */
export { createImsClient, type ImsClient, type ImsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export type {
  paths,
  components,
  operations,
  ImsJob,
  ImsJobStatus,
  ImsResultStatus,
  ImsJobType,
  ImsSubJobType,
  ImsJobEntities,
  ImsJobResult,
  ImsSubJob,
  ImsSubJobEntities,
  ImsError,
  ImsTime,
  GatewayError,
  ErrorBody,
} from './generated/openapi.js';
export * from './generated/values.js';

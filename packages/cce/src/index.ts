/**
 * @cloud-jobs/cce: a typed client for the Cloud Container Engine job progress API
 * (`GET /api/v3/projects/{project_id}/jobs/{job_id}`).
 *
 * The answer is Kubernetes-style: `metadata` (ID, times in Go's format such as
 * `2020-02-02 08:12:40.672772389 +0000 UTC`), `spec` (type, cluster, resource, `subJobs`: whole
 * jobs again, to any depth) and `status` (`phase`: Initializing, Running, Success or Failed; `reason`).
 *
 * @example
 * import { createCceClient } from '@cloud-jobs/cce';
 * const client = createCceClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('/api/v3/projects/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.status?.phase === 'Failed') console.error(data.status.reason);
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { createCceClient, type CceClient, type CceClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export type {
  paths,
  components,
  operations,
  CceJob,
  CceJobPhase,
  CceJobMetadata,
  CceJobSpec,
  CceJobStatus,
  CceSubJob,
  CceExtendParam,
  CceError,
  CceTime,
  GatewayError,
  ErrorBody,
} from './generated/openapi.js';
export * from './generated/values.js';

/**
 * @cloud-jobs/ecs: a typed client for the ECS job status API (`GET /v1/{project_id}/jobs/{job_id}`).
 *
 * @example
 * import { createEcsClient } from '@cloud-jobs/ecs';
 * const ecs = createEcsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data) console.log(data.status, data.entities?.sub_jobs?.length);
 */
export { createEcsClient, type EcsClient, type EcsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  EcsJob,
  EcsJobStatus,
  EcsTime,
  EcsJobEntities,
  EcsSubJob,
  EcsSubJobEntities,
  EcsError,
  GatewayError,
} from './generated/openapi.js';

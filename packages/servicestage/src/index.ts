/**
 * @cloud-jobs/servicestage: a typed client for the ServiceStage job API (`GET /v2/{project_id}/cas/jobs/{job_id}`).
 *
 * Keys inside `job` and `tasks[]` are UPPERCASE (`EXECUTION_STATUS`, `TASK_STATUS`...); the top-level
 * keys are lowercase. A task's `MESSAGES` is a string containing JSON (`"{}"`, or
 * `{"Message":"ECC00011","Detail":"Building failed."}`): parse it a second time. The task list is
 * paged (`limit`, `offset`, `desc`); `task_count` counts all tasks.
 *
 * @example
 * import { createServiceStageClient } from '@cloud-jobs/servicestage';
 * const servicestage = createServiceStageClient({ region: 'ap-southeast-1', token });
 * const { data, error } = await servicestage.GET('/v2/{project_id}/cas/jobs/{job_id}', {
 *   params: { path: { project_id: projectId, job_id: jobId }, query: { desc: 'true' } },
 * });
 * if (data?.job?.EXECUTION_STATUS === 'FAILED') {
 *   const failed = data.tasks?.find((task) => task.TASK_STATUS === 'FAILED');
 *   console.error(failed?.TASK_NAME, failed?.MESSAGES && JSON.parse(failed.MESSAGES));
 * } else if (error) console.error(error.error_code, error.error_message ?? error.error_msg);
 */
export { createServiceStageClient, type ServiceStageClient, type ServiceStageClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  ServiceStageShowJobDetailResponse,
  ServiceStageJob,
  ServiceStageTask,
  ServiceStageExecutionStatus,
  ServiceStageTaskStatus,
  ServiceStageJobType,
  ServiceStageTaskType,
  ServiceStageTime,
  ServiceStageTaskMessages,
  ServiceStageError,
  GatewayError,
} from './generated/openapi.js';

/**
 * @cloud-jobs/dms: a typed client for the DMS for Kafka background task API
 * (`GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}`).
 *
 * A task is read with its instance ID and its own ID (the `job_id` the operation returned); the
 * answer is a list of one (`task_count` is a string), and `params` is a JSON document in a string.
 *
 * @example
 * import { createDmsClient } from '@cloud-jobs/dms';
 * const client = createDmsClient({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('/v2/{project_id}/instances/{instance_id}/tasks/{task_id}', {
 *   params: { path: { project_id: projectId, instance_id: instanceId, task_id: jobId } },
 * });
 * const task = data?.tasks?.[0];
 * if (task?.status === 'FAILED') console.error(task.name, task.params);
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { createDmsClient, type DmsClient, type DmsClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export * from './generated/values.js';
export type {
  paths,
  components,
  operations,
  DmsTaskList,
  DmsTask,
  DmsTaskStatus,
  DmsError,
  ErrorBody,
  GatewayError,
} from './generated/openapi.js';

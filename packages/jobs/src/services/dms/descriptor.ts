// Everything the generic code needs to know about DMS for Kafka background tasks, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createDmsClient, endpoints, type DmsClient } from '@cloud-jobs/dms';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { DMS_ERROR_CODES } from './errorCodes.js';
import { normalizeDmsJob } from './normalizeDmsJob.js';
import { DMS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v2\/[^/]+\/instances\/[^/]+\/tasks(?:\/|$)/;

/**
 * The reference of a DMS background task: the task's ID (the `job_id` the operation returned, the
 * path's `task_id`) and the Kafka instance it belongs to; the project defaults to the facade's.
 * @example const ref: DmsJobRef = { jobId: '8abfa7b272adc5b40172b73130065ae7', instanceId: '4a5e2b9c-1d3f-4e6a-9b8c-7d6e5f4a3b2c' };
 */
export interface DmsJobRef extends ProjectJobRef {
  instanceId: string;
}

/**
 * Distributed Message Service for Kafka: `GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id}`,
 * project-scoped, read with the instance ID too (`refFields`), no subtasks.
 * @example
 * import { dms } from '@cloud-jobs/jobs/dms';
 * const job = dms.normalize({ task_count: '1', tasks: [{ id: 't', status: 'SUCCESS' }] });
 */
export const dms: ServiceDescriptor<'dms', DmsClient, DmsJobRef> = {
  name: 'dms',
  title: 'Distributed Message Service for Kafka',
  scope: 'project',
  subtaskNoun: ['', ''],
  refFields: [{ name: 'instanceId', description: 'the Kafka instance the task belongs to' }],
  createClient: createDmsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('dms.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v2/{project_id}/instances/{instance_id}/tasks/{task_id}', {
      params: { path: { project_id: ref.projectId, instance_id: ref.instanceId, task_id: ref.jobId } },
      ...jobCall(init),
    }),
  notFoundCodes: DMS_ERROR_CODES.notFoundCodes,
  throttleCodes: DMS_ERROR_CODES.throttleCodes,
  statusTable: DMS_STATUS_TABLE,
  normalize: normalizeDmsJob,
};

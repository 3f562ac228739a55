// Everything the generic code needs to know about ECS jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createEcsClient, endpoints, type EcsClient } from '@cloud-jobs/ecs';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { ECS_ERROR_CODES } from './errorCodes.js';
import { normalizeEcsJob } from './normalizeEcsJob.js';
import { ECS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v1\/[^/]+\/jobs(?:\/|$)/;

/**
 * Elastic Cloud Server: `GET /v1/{project_id}/jobs/{job_id}`, project-scoped; its throttling
 * answer comes as HTTP 202 with an error body (`Common.0024`) instead of a job.
 * @example
 * import { ecs } from '@cloud-jobs/jobs/ecs';
 * import { fetchJob } from '@cloud-jobs/jobs';
 * const job = await fetchJob(ecs, ecs.createClient({ region: 'eu-de', cloud: 'otc', token }), { jobId, projectId });
 */
export const ecs: ServiceDescriptor<'ecs', EcsClient, ProjectJobRef> = {
  name: 'ecs',
  title: 'Elastic Cloud Server',
  scope: 'project',
  subtaskNoun: ['sub-job', 'sub-jobs'],
  createClient: createEcsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('ecs.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: ECS_ERROR_CODES.notFoundCodes,
  throttleCodes: ECS_ERROR_CODES.throttleCodes,
  // ECS reports throttling as HTTP 202 with an error body (Common.0024) and no job.
  isErrorAnswer: (status) => status === 202,
  statusTable: ECS_STATUS_TABLE,
  normalize: normalizeEcsJob,
};

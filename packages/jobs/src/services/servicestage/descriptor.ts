// Everything the generic code needs to know about ServiceStage jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createServiceStageClient, endpoints, type ServiceStageClient } from '@cloud-jobs/servicestage';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { SERVICESTAGE_ERROR_CODES } from './errorCodes.js';
import { normalizeServiceStageJob } from './normalizeServiceStageJob.js';
import { SERVICESTAGE_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v[23]\/[^/]+\/cas\/jobs(?:\/|$)/;

/**
 * ServiceStage: `GET /v2/{project_id}/cas/jobs/{job_id}`, project-scoped; its tasks are the subtasks.
 * @example
 * import { servicestage } from '@cloud-jobs/jobs/servicestage';
 * const job = servicestage.normalize({ job: { JOB_ID: 'j', EXECUTION_STATUS: 'SUCCEEDED' }, tasks: [] });
 */
export const servicestage: ServiceDescriptor<'servicestage', ServiceStageClient, ProjectJobRef> = {
  name: 'servicestage',
  title: 'ServiceStage',
  scope: 'project',
  subtaskNoun: ['task', 'tasks'],
  createClient: createServiceStageClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('servicestage.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v2/{project_id}/cas/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: SERVICESTAGE_ERROR_CODES.notFoundCodes,
  throttleCodes: SERVICESTAGE_ERROR_CODES.throttleCodes,
  statusTable: SERVICESTAGE_STATUS_TABLE,
  normalize: normalizeServiceStageJob,
};

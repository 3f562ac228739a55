// Everything the generic code needs to know about CCE jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createCceClient, endpoints, type CceClient } from '@cloud-jobs/cce';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { CCE_ERROR_CODES } from './errorCodes.js';
import { normalizeCceJob } from './normalizeCceJob.js';
import { CCE_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/api\/v3\/projects\/[^/]+\/jobs(?:\/|$)/;

/**
 * Cloud Container Engine: `GET /api/v3/projects/{project_id}/jobs/{job_id}`, project-scoped; a
 * Kubernetes-style Job whose recursive `spec.subJobs` are flattened into subtasks; an unknown job ID is a 404.
 * @example
 * import { cce } from '@cloud-jobs/jobs/cce';
 * import { fetchJob } from '@cloud-jobs/jobs';
 * const job = await fetchJob(cce, cce.createClient({ region: 'eu-de', cloud: 'otc', token }), { jobId, projectId });
 */
export const cce: ServiceDescriptor<'cce', CceClient, ProjectJobRef> = {
  name: 'cce',
  title: 'Cloud Container Engine',
  scope: 'project',
  subtaskNoun: ['sub-job', 'sub-jobs'],
  createClient: createCceClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('cce.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/api/v3/projects/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: CCE_ERROR_CODES.notFoundCodes,
  throttleCodes: CCE_ERROR_CODES.throttleCodes,
  statusTable: CCE_STATUS_TABLE,
  normalize: normalizeCceJob,
};

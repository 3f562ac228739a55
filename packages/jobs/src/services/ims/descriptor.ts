// Everything the generic code needs to know about IMS jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createImsClient, endpoints, type ImsClient } from '@cloud-jobs/ims';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { IMS_ERROR_CODES } from './errorCodes.js';
import { normalizeImsJob } from './normalizeImsJob.js';
import { IMS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v1\/[^/]+\/jobs(?:\/|$)/;

/**
 * Image Management Service: `GET /v1/{project_id}/jobs/{job_id}`, project-scoped; `entities`
 * changes with `job_type` (an image, sharing results or sub-jobs, all read as subtasks).
 * @example
 * import { ims } from '@cloud-jobs/jobs/ims';
 * import { fetchJob } from '@cloud-jobs/jobs';
 * const job = await fetchJob(ims, ims.createClient({ region: 'eu-de', cloud: 'otc', token }), { jobId, projectId });
 */
export const ims: ServiceDescriptor<'ims', ImsClient, ProjectJobRef> = {
  name: 'ims',
  title: 'Image Management Service',
  scope: 'project',
  subtaskNoun: ['sub-job', 'sub-jobs'],
  createClient: createImsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('ims.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: IMS_ERROR_CODES.notFoundCodes,
  throttleCodes: IMS_ERROR_CODES.throttleCodes,
  statusTable: IMS_STATUS_TABLE,
  normalize: normalizeImsJob,
};

// Everything the generic code needs to know about EVS tasks, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createEvsClient, endpoints, type EvsClient } from '@cloud-jobs/evs';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { EVS_ERROR_CODES } from './errorCodes.js';
import { normalizeEvsJob } from './normalizeEvsJob.js';
import { EVS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v1\/[^/]+\/jobs(?:\/|$)/;

/**
 * Elastic Volume Service: `GET /v1/{project_id}/jobs/{job_id}`, project-scoped; batch tasks have
 * one sub-job per disk, an unknown job ID is 400 `Common.0011`, and a 200 body may be only an
 * `error` object (the normalizer throws it as an ApiError).
 * @example
 * import { evs } from '@cloud-jobs/jobs/evs';
 * import { fetchJob } from '@cloud-jobs/jobs';
 * const job = await fetchJob(evs, evs.createClient({ region: 'eu-de', cloud: 'otc', token }), { jobId, projectId });
 */
export const evs: ServiceDescriptor<'evs', EvsClient, ProjectJobRef> = {
  name: 'evs',
  title: 'Elastic Volume Service',
  scope: 'project',
  subtaskNoun: ['sub-job', 'sub-jobs'],
  createClient: createEvsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('evs.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: EVS_ERROR_CODES.notFoundCodes,
  throttleCodes: EVS_ERROR_CODES.throttleCodes,
  statusTable: EVS_STATUS_TABLE,
  normalize: normalizeEvsJob,
};

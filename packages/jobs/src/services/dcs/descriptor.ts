// Everything the generic code needs to know about DCS jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createDcsClient, endpoints, type DcsClient } from '@cloud-jobs/dcs';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { DCS_ERROR_CODES } from './errorCodes.js';
import { normalizeDcsJob } from './normalizeDcsJob.js';
import { DCS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v2\/[^/]+\/jobs(?:\/|$)/;

/**
 * Distributed Cache Service: `GET /v2/{project_id}/jobs/{job_id}`, project-scoped, no subtasks.
 * @example
 * import { dcs } from '@cloud-jobs/jobs/dcs';
 * const job = dcs.normalize({ job_id: 'j', status: 'SUCCESS' });
 */
export const dcs: ServiceDescriptor<'dcs', DcsClient, ProjectJobRef> = {
  name: 'dcs',
  title: 'Distributed Cache Service',
  scope: 'project',
  subtaskNoun: ['', ''],
  createClient: createDcsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('dcs.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: DCS_ERROR_CODES.notFoundCodes,
  throttleCodes: DCS_ERROR_CODES.throttleCodes,
  statusTable: DCS_STATUS_TABLE,
  normalize: normalizeDcsJob,
};

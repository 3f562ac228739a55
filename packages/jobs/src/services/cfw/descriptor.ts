// Everything the generic code needs to know about Cloud Firewall jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createCfwClient, endpoints, type CfwClient } from '@cloud-jobs/cfw';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { CFW_ERROR_CODES } from './errorCodes.js';
import { normalizeCfwJob } from './normalizeCfwJob.js';
import { CFW_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v3\/[^/]+\/jobs(?:\/|$)/;

/**
 * Cloud Firewall: `GET /v3/{project_id}/jobs/{job_id}`, project-scoped; the job is in `data`.
 * @example
 * import { cfw } from '@cloud-jobs/jobs/cfw';
 * const job = cfw.normalize({ data: { id: 'j', status: 'Success' } });
 */
export const cfw: ServiceDescriptor<'cfw', CfwClient, ProjectJobRef> = {
  name: 'cfw',
  title: 'Cloud Firewall',
  scope: 'project',
  subtaskNoun: ['', ''],
  createClient: createCfwClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('cfw.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v3/{project_id}/jobs/{job_id}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: CFW_ERROR_CODES.notFoundCodes,
  throttleCodes: CFW_ERROR_CODES.throttleCodes,
  statusTable: CFW_STATUS_TABLE,
  normalize: normalizeCfwJob,
};

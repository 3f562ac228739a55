// Everything the generic code needs to know about RDS tasks, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { createRdsClient, endpoints, type RdsClient } from '@cloud-jobs/rds';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { RDS_ERROR_CODES } from './errorCodes.js';
import { normalizeRdsJob } from './normalizeRdsJob.js';
import { RDS_STATUS_TABLE } from './statusTable.js';

const JOB_PATH = /^\/v3\/[^/]+\/jobs$/;

/**
 * Relational Database Service: `GET /v3/{project_id}/jobs?id={id}`, project-scoped; the task ID
 * is a query parameter (the reference stays `{ jobId, projectId? }`), no subtasks.
 * @example
 * import { rds } from '@cloud-jobs/jobs/rds';
 * const job = rds.normalize({ job: { id: 'j', name: 'MysqlBindEIP', status: 'Completed' } });
 */
export const rds: ServiceDescriptor<'rds', RdsClient, ProjectJobRef> = {
  name: 'rds',
  title: 'Relational Database Service',
  scope: 'project',
  subtaskNoun: ['', ''],
  createClient: createRdsClient,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('rds.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('/v3/{project_id}/jobs', { params: { path: { project_id: ref.projectId }, query: { id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: RDS_ERROR_CODES.notFoundCodes,
  throttleCodes: RDS_ERROR_CODES.throttleCodes,
  statusTable: RDS_STATUS_TABLE,
  normalize: normalizeRdsJob,
};

// RDS: GET /v3/{project_id}/jobs?id={id}, the task inside `job`.
import type { Job, JobProgress, JobResource } from '@cloud-jobs/core';
import { buildJob, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readRecordField, readTextField } from '../../normalize/payloadFields.js';
import { jobErrorOf } from '../../normalize/readJobError.js';
import { readJobContainer, readJobStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { RDS_ERROR_CODES } from './errorCodes.js';
import { RDS_STATUS_STATES } from './statusTable.js';

/** `"60"`, `"60%"`, `"60% "` (the page and the SDK disagree on the form): digits, an optional `%`. */
const PERCENT = /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/;

/** The progress of a running task from `process`, as `{ completed: percent, total: 100 }`; `""` or anything else: none. */
function rdsProgress(process: unknown): JobProgress | undefined {
  if (typeof process !== 'string') return undefined;
  const match = PERCENT.exec(process);
  if (!match) return undefined;
  const percent = Math.min(100, Math.round(Number(match[1])));
  return { completed: percent, total: 100 };
}

/** The DB instance the task works on: `instance.id`. */
function rdsResource(task: Record<string, unknown>): JobResource | undefined {
  const instance = readRecordField(task, 'instance');
  const id = instance && readTextField(instance, 'id');
  return id === undefined ? undefined : { kind: 'instance', id };
}

/**
 * Normalizes an RDS task (`GET /v3/{project_id}/jobs?id={id}`, the official SDK's `ListJobInfo`),
 * read from its `job` wrapper. Status per {@link RDS_STATUS_STATES}; times from `created`/`ended`
 * (`+0000` offsets); progress, while the task runs, from the text percentage `process` (`"60"`, `"60% "`) as
 * `{ completed: 60, total: 100 }`; type from `name` (trimmed: the page shows leading blanks);
 * resource from `instance.id`; error from `fail_reason`.
 * @throws UnexpectedResponseError when the payload or its `job` is not an object, or `status` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no `job` but an `error_code`.
 * @example
 * normalizeRdsJob({ job: { id: '31b8ae23-c687-4d80-b7b4-42a66c9bb886', name: 'CreateMysqlSingleHAInstance', status: 'Running',
 *   created: '2018-08-06T10:41:14+0000', process: '60% ', instance: { id: 'a48e...in01', name: 'mysql-1' } } });
 * // { service: 'rds', state: 'running', progress: { completed: 60, total: 100 }, resource: { kind: 'instance', id: 'a48e...in01' }, ... }
 */
export function normalizeRdsJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('rds', payload);
  const task = readJobContainer('rds', body, 'job', payload);
  if (task === undefined) {
    const apiError = businessErrorInBody('rds', body, RDS_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const job = task ?? {};
  const status = readJobStatus('rds', job['status'], 'job.status', payload);
  const state = status === undefined ? 'unknown' : stateFromStatus(RDS_STATUS_STATES, status);
  const type = readTextField(job, 'name')?.trim();
  return buildJob('rds', {
    id: resolveJobId(job['id'], context),
    type: type === '' ? undefined : type,
    state,
    status: status ?? '',
    startedAt: parseJobTime(job['created']),
    finishedAt: parseJobTime(job['ended']),
    error: jobErrorOf(undefined, readTextField(job, 'fail_reason')),
    resource: rdsResource(job),
    // Only while the task runs: the page sends "" otherwise, and a finished task says so by its state.
    progress: rdsProgress(job['process']),
    subtasks: [],
    raw: payload,
  });
}

// ECS: GET /v1/{project_id}/jobs/{job_id} — INIT -> RUNNING -> SUCCESS | FAIL, with sub-jobs;
// PENDING_PAYMENT first for a job created with blockedMs.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import { derivedHex, derivedUuid, type IdSource } from '../ids.js';
import type { SimJob, SubtaskTimeline, Timeline } from '../jobModel.js';
import type { SimState, SubtaskState } from '../types.js';
import { fillRoute, ID_FORM, isoTime, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'PENDING_PAYMENT',
  pending: 'INIT',
  running: 'RUNNING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
};

/** The failure every failing ECS job reports (the EIP quota of the spec's example). */
const FAILURE = { code: 'Ecs.0013', reason: 'Insufficient EIP quota.' };

/** Sub-job type for a job type: a batch `createServer` runs `createSingleServer` sub-jobs. */
const SUB_JOB_TYPE: Readonly<Record<string, string>> = {
  createServer: 'createSingleServer',
  deleteServer: 'deleteSingleServer',
  deleteVMs: 'deleteSingleServer',
};

function subJob(job: SimJob, sub: SubtaskTimeline) {
  const state: SubtaskState = sub.state;
  const failed = state === 'failed';
  const entities =
    state === 'succeeded'
      ? { server_id: derivedUuid(job.id, 'server', sub.index) }
      : failed
        ? { errorcode_message: `${FAILURE.code}: ${FAILURE.reason}` }
        : {};
  return {
    status: STATUS[state],
    entities,
    job_id: derivedHex(32, job.id, 'sub', sub.index),
    job_type: SUB_JOB_TYPE[job.jobType] ?? job.jobType,
    begin_time: state === 'pending' ? '' : isoTime(sub.startsAt),
    end_time: state === 'succeeded' || failed ? isoTime(sub.endsAt) : '',
    error_code: failed ? FAILURE.code : null,
    fail_reason: failed ? FAILURE.reason : null,
  };
}

function render(job: SimJob, t: Timeline): Answer {
  const failed = t.state === 'failed';
  const entities =
    job.subtasks > 0
      ? { sub_jobs_total: job.subtasks, sub_jobs: t.subtasks.map((s) => subJob(job, s)) }
      : t.state === 'succeeded'
        ? { server_id: derivedUuid(job.id, 'server', 0) }
        : {};
  return {
    status: 200,
    body: {
      status: STATUS[t.state],
      entities,
      job_id: job.id,
      job_type: job.jobType,
      begin_time: isoTime(t.createdAt),
      end_time: t.done ? isoTime(t.endsAt) : '',
      error_code: failed ? FAILURE.code : null,
      fail_reason: failed ? FAILURE.reason : null,
    },
  };
}

const queryJobFail = (): Answer => ({ status: 400, body: { code: 'Common.0011', message: 'query job fail.' } });

/**
 * The ECS job API: job IDs of 32 hex characters, ISO 8601 times with milliseconds, `Ecs.0013`
 * failures, and 400 `Common.0011` "query job fail." for a malformed, unknown or purged job ID.
 * @example
 * ecs.render(job, timelineAt(job, now), new URLSearchParams()).body; // { status: 'RUNNING', entities: { sub_jobs_total: 2, ... } }
 */
export const ecs: ServiceModule<'ecs'> = {
  name: 'ecs',
  title: 'ECS',
  route: '/v1/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'createServer',
  defaultSubtasks: 1,
  hasSubtasks: true,
  canBlock: true,
  demoJobs: [
    { durationMs: 60_000, outcome: 'success', subtasks: 3, featured: true },
    { durationMs: 40_000, outcome: 'failure', subtasks: 2 },
    { durationMs: 30_000, outcome: 'success', subtasks: 1, blockedMs: 20_000 },
  ],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(ecs.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: queryJobFail,
  notFound: queryJobFail,
  serverError: (status, requestId) => {
    if (status === 500) return { status, body: { error: { code: 'Common.0001', message: 'Internal error.' } } };
    if (status === 503) return { status, body: { error: { code: 'Common.1503', message: 'API flow control.' } } };
    return backendUnavailable(status, requestId);
  },
};

// EVS: GET /v1/{project_id}/jobs/{job_id} — INIT -> RUNNING -> SUCCESS | FAIL; a batch task has one
// sub-job per disk (one level deep), and errors are an `error` object with `code` and `message`.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import { derivedHex, derivedUuid, type IdSource } from '../ids.js';
import type { SimJob, SubtaskTimeline, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, isoTime, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'INIT',
  pending: 'INIT',
  running: 'RUNNING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
};

/** The failure every failing task reports (the spec's Failed example). */
const FAILURE = { code: 'EVS.2001', reason: 'submit job failed!' };

/** Sub-job type of a batch task type. */
const SUB_JOB_TYPE: Readonly<Record<string, string>> = {
  batchCreateVolume: 'createVolume',
  bulkDeleteVolume: 'deleteSingleVolume',
};

function evsError(status: number, code: string, message: string): Answer {
  return { status, body: { error: { message, code } } };
}

function subJob(job: SimJob, sub: SubtaskTimeline) {
  const failed = sub.state === 'failed';
  const started = sub.state !== 'pending';
  return {
    status: STATUS[sub.state],
    entities: started ? { volume_id: derivedUuid(job.id, 'volume', sub.index) } : {},
    job_id: derivedHex(32, job.id, 'sub', sub.index),
    job_type: SUB_JOB_TYPE[job.jobType] ?? job.jobType,
    begin_time: started ? isoTime(sub.startsAt) : '',
    end_time: sub.state === 'succeeded' || failed ? isoTime(sub.endsAt) : '',
    error_code: failed ? FAILURE.code : null,
    fail_reason: failed ? FAILURE.reason : null,
  };
}

function render(job: SimJob, t: Timeline): Answer {
  const failed = t.state === 'failed';
  // With sub-jobs, `entities` holds only `sub_jobs` (the SDK's note); else the one disk.
  const entities = job.subtasks > 0 ? { sub_jobs: t.subtasks.map((s) => subJob(job, s)) } : { volume_id: derivedUuid(job.id, 'volume', 0) };
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

/**
 * The EVS task API: 32-hex job IDs, ISO 8601 times (`''` until reached), batch tasks with
 * sub-jobs, and 400 `Common.0011` for a malformed or unknown job ID.
 * @example
 * evs.render(job, timelineAt(job, now), new URLSearchParams()).body; // { status: 'RUNNING', entities: { sub_jobs: [...] }, ... }
 */
export const evs: ServiceModule<'evs'> = {
  name: 'evs',
  title: 'EVS',
  route: '/v1/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'batchCreateVolume',
  defaultSubtasks: 2,
  hasSubtasks: true,
  canBlock: false,
  demoJobs: [
    { durationMs: 30_000, outcome: 'success', subtasks: 3 },
    { durationMs: 20_000, outcome: 'failure', subtasks: 2 },
  ],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(evs.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: (jobId) => (jobId ? evsError(400, 'Common.0011', 'query job fail.') : evsError(400, 'Common.0011', 'No jobs found.')),
  notFound: () => evsError(400, 'Common.0011', 'query job fail.'),
  serverError: (status, requestId) => (status === 500 ? evsError(500, 'EVS.2001', 'submit job failed!') : backendUnavailable(status, requestId)),
};

// IMS: GET /v1/{project_id}/jobs/{job_id} — INIT -> RUNNING -> SUCCESS | FAIL; a job with subtasks
// is an OVA import whose sub-jobs are in entities.sub_jobs_result (+ sub_jobs_list), else an image
// creation whose image_id appears on success. Errors are an `error` object with `code` and `message`.
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

/** The failure every failing job reports (the spec's Failed example). */
const FAILURE = { code: 'IMG.0005', reason: 'The ECS does not exist.' };

function imsError(status: number, code: string, message: string): Answer {
  return { status, body: { error: { message, code } } };
}

const subJobId = (job: SimJob, index: number): string => derivedHex(32, job.id, 'sub', index);

function subJob(job: SimJob, sub: SubtaskTimeline) {
  const failed = sub.state === 'failed';
  const done = sub.state === 'succeeded' || failed;
  return {
    job_id: subJobId(job, sub.index),
    job_type: 'imsImportImageJob',
    begin_time: sub.state === 'pending' ? null : isoTime(sub.startsAt),
    end_time: done ? isoTime(sub.endsAt) : null,
    status: STATUS[sub.state],
    error_code: failed ? FAILURE.code : null,
    fail_reason: failed ? FAILURE.reason : null,
    entities: sub.state === 'succeeded' ? { image_name: 'sim-image', image_id: derivedUuid(job.id, 'image', sub.index) } : {},
  };
}

function render(job: SimJob, t: Timeline): Answer {
  const failed = t.state === 'failed';
  const entities =
    job.subtasks > 0
      ? { sub_jobs_result: t.subtasks.map((s) => subJob(job, s)), sub_jobs_list: t.subtasks.map((s) => subJobId(job, s.index)) }
      : t.state === 'succeeded'
        ? { image_name: 'sim-image', image_id: derivedUuid(job.id, 'image', 0) }
        : {};
  return {
    status: 200,
    body: {
      job_id: job.id,
      job_type: job.jobType,
      begin_time: isoTime(t.createdAt),
      end_time: t.done ? isoTime(t.endsAt) : null,
      status: STATUS[t.state],
      error_code: failed ? FAILURE.code : null,
      fail_reason: failed ? FAILURE.reason : null,
      entities,
    },
  };
}

/**
 * The IMS job API: 32-hex job IDs, ISO 8601 times (`null` until reached), OVA-import sub-jobs,
 * and 400 `Common.0011` for a malformed or unknown job ID.
 * @example
 * ims.render(job, timelineAt(job, now), new URLSearchParams()).body; // { status: 'RUNNING', entities: { sub_jobs_result: [...] }, ... }
 */
export const ims: ServiceModule<'ims'> = {
  name: 'ims',
  title: 'IMS',
  route: '/v1/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'imsImportOvaImageJob',
  defaultSubtasks: 1,
  hasSubtasks: true,
  canBlock: false,
  demoJobs: [
    { durationMs: 40_000, outcome: 'success', subtasks: 2 },
    { durationMs: 15_000, outcome: 'failure', subtasks: 0, jobType: 'imsCreateImageByInstance' },
  ],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(ims.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: () => imsError(400, 'Common.0011', 'query job fail.'),
  notFound: () => imsError(400, 'Common.0011', 'query job fail.'),
  serverError: (status, requestId) => {
    if (status === 500) return imsError(500, 'IMG.0500', 'Internal service error.');
    if (status === 503) return imsError(503, 'IMG.0503', 'The service is unavailable.');
    return backendUnavailable(status, requestId);
  },
};

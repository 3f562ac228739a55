// CFW: GET /v3/{project_id}/jobs/{job_id} — Running -> Success | Failed, epoch-ms numbers.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'Running',
  pending: 'Running',
  running: 'Running',
  succeeded: 'Success',
  failed: 'Failed',
};

/** A CFW business error: `CFW.` + 8 digits, always HTTP 400 (even "not found"). */
function cfwError(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message } };
}

function render(job: SimJob, t: Timeline): Answer {
  return {
    status: 200,
    body: {
      data: {
        id: job.id,
        status: STATUS[t.state],
        begin_time: t.createdAt,
        ...(t.done ? { end_time: t.endsAt } : {}),
      },
    },
  };
}

const notFound = (): Answer => cfwError(400, 'CFW.00200005', 'Object not found.');

/**
 * The CFW job API: UUID job IDs, `{ data: { id, status, begin_time, end_time } }` with Title-case
 * statuses and epoch-millisecond numbers (`end_time` only once finished); 400 `CFW.00200005` for
 * a malformed or unknown job ID.
 * @example
 * cfw.render(job, timelineAt(job, now), new URLSearchParams()).body; // { data: { status: 'Running', begin_time: 1641370501000, ... } }
 */
export const cfw: ServiceModule<'cfw'> = {
  name: 'cfw',
  title: 'CFW',
  route: '/v3/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'createFirewall',
  defaultSubtasks: 0,
  hasSubtasks: false,
  canBlock: false,
  demoJobs: [{ durationMs: 30_000, outcome: 'failure' }],
  newJobId: (ids: IdSource) => ids.uuid(),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(cfw.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: notFound,
  notFound,
  serverError: (status, requestId) =>
    status === 500 ? cfwError(500, 'CFW.00100001', 'The system is busy. Try again later.') : backendUnavailable(status, requestId),
};

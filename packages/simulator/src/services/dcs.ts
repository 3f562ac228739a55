// DCS: GET /v2/{project_id}/jobs/{job_id} — INIT -> RUNNING -> SUCCESS | FAIL, epoch-ms strings.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'INIT',
  pending: 'INIT',
  running: 'RUNNING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
};

/** The failure every failing DCS job reports (the text is from the DCS error-code list). */
const FAIL_REASON = 'Failed to update the status of the DCS instance.';

/** A DCS error body: a nine-digit `error_code`, `error_msg` and the unused `error_ext_msg`. */
function dcsError(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message, error_ext_msg: null } };
}

function render(job: SimJob, t: Timeline): Answer {
  return {
    status: 200,
    body: {
      job_id: job.id,
      job_type: job.jobType,
      status: STATUS[t.state],
      begin_time: String(t.createdAt),
      end_time: t.done ? String(t.endsAt) : null,
      fail_reason: t.state === 'failed' ? FAIL_REASON : null,
    },
  };
}

/**
 * The DCS job API: 32-hex job IDs, times as epoch-millisecond strings, `fail_reason` on failure;
 * 400 `111400063` for a malformed ID and 404 `111404001` for an unknown one.
 * @example
 * dcs.render(job, timelineAt(job, now), new URLSearchParams()).body; // { status: 'SUCCESS', begin_time: '1684191545379', ... }
 */
export const dcs: ServiceModule<'dcs'> = {
  name: 'dcs',
  title: 'DCS',
  route: '/v2/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'masterStandbySwapJob',
  defaultSubtasks: 0,
  hasSubtasks: false,
  canBlock: false,
  demoJobs: [{ durationMs: 20_000, outcome: 'success', jobType: 'modifyBandwidth' }],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(dcs.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: () => dcsError(400, '111400063', 'Invalid {0} parameter in the request.'),
  notFound: () => dcsError(404, '111404001', 'The requested URL does not exist.'),
  // No DCS 5xx error code has a source: a server error is the API gateway's, as the spec describes it.
  serverError: (status, requestId) => backendUnavailable(status, requestId),
};

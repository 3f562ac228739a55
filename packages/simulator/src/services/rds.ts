// RDS: GET /v3/{project_id}/jobs?id={id} — Running -> Completed | Failed, the task inside `job`,
// times as `yyyy-mm-ddThh:mm:ss+0000`, progress as a text percentage in `process`.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, type ServiceModule } from './service.js';

// RDS has no waiting status: a task is Running from the moment it can be queried.
const STATUS: Record<SimState, string> = {
  blocked: 'Running',
  pending: 'Running',
  running: 'Running',
  succeeded: 'Completed',
  failed: 'Failed',
};

/** The failure every failing task reports (the spec's Failed example). */
const FAIL_REASON = 'createVM failed.';

/** The DB instance of every simulated task (the spec's examples). */
const INSTANCE = { id: 'a48e43ff268f4c0e879652d65e63d0fbin01', name: 'DO-NOT-TOUCH-mgr2-mysql-single' };

function rdsError(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message } };
}

/** `2018-08-06T10:41:14+0000`: seconds, and the offset without a colon. */
function rdsTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** The page's `"60"` form while running (whole percent of the work time gone by; `"0"` before work starts), `""` once done. */
function process(t: Timeline): string {
  if (t.done) return '';
  if (t.state !== 'running') return '0';
  const span = t.endsAt - t.runningAt;
  return String(span <= 0 ? 0 : Math.min(99, Math.floor(((t.now - t.runningAt) / span) * 100)));
}

function render(job: SimJob, t: Timeline): Answer {
  return {
    status: 200,
    body: {
      job: {
        id: job.id,
        name: job.jobType,
        status: STATUS[t.state],
        created: rdsTime(t.createdAt),
        ...(t.done ? { ended: rdsTime(t.endsAt) } : {}),
        process: process(t),
        instance: INSTANCE,
        entities: { instance: { type: 'Single', datastore: { type: 'mysql', version: '5.7' } } },
        ...(t.state === 'failed' ? { fail_reason: FAIL_REASON } : {}),
      },
    },
  };
}

/**
 * The RDS task API: UUID task IDs in the query parameter `id`; 400 `DBS.200543` for a missing,
 * malformed or unknown one.
 * @example
 * rds.render(job, timelineAt(job, now), new URLSearchParams()).body; // { job: { status: 'Running', process: '40', ... } }
 */
export const rds: ServiceModule<'rds'> = {
  name: 'rds',
  title: 'RDS',
  route: '/v3/{project_id}/jobs',
  projectScoped: true,
  defaultJobType: 'CreateMysqlSingleHAInstance',
  defaultSubtasks: 0,
  hasSubtasks: false,
  canBlock: false,
  demoJobs: [{ durationMs: 30_000, outcome: 'success', jobType: 'CreateMysqlSingleHAInstance' }],
  newJobId: (ids: IdSource) => ids.uuid(),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => `${fillRoute(rds.route, { project_id: job.projectId ?? '' })}?id=${encodeURIComponent(job.id)}`,
  readRef: (params, query) => ({ projectId: params['project_id'], jobId: query.get('id') ?? undefined }),
  statusOf: (state) => STATUS[state],
  render,
  // The error-code appendix has one code for a task ID it cannot find: DBS.200543, HTTP 400.
  badRequest: () => rdsError(400, 'DBS.200543', 'The job does not exist.'),
  notFound: () => rdsError(400, 'DBS.200543', 'The job does not exist.'),
  serverError: (status, requestId) => (status === 500 ? rdsError(500, 'DBS.200001', 'Internal service error.') : backendUnavailable(status, requestId)),
};

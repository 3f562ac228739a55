// ServiceStage: GET /v2/{project_id}/cas/jobs/{job_id} — SUBMITTED -> RUNNING -> SUCCEEDED | FAILED,
// UPPERCASE keys inside job and tasks, MESSAGES as a JSON document in a string.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import { derivedHex, derivedUuid, type IdSource } from '../ids.js';
import type { SimJob, SubtaskTimeline, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, isoTime, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'SUBMITTED',
  pending: 'SUBMITTED',
  running: 'RUNNING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
};

/** What a failed task says, as the seed's failed build does. */
const FAILED_MESSAGES = JSON.stringify({ Message: 'ECC00011', Detail: 'Building failed.' });

/** Tasks returned when the request names no `limit` (the golangsdk default). */
const DEFAULT_LIMIT = 20;

/** `JOB_NAME` per `JOB_TYPE`; other types reuse the type in lower case. */
const JOB_NAME: Readonly<Record<string, string>> = {
  PROVISION: 'provision/provMain',
  DEPROVISION: 'deprovision/deprovMain',
  DAILY_OPERATION: 'dailyOperation/upgrade',
};

/** `TASK_INDEX` is not contiguous in the real API (1, 4, 6, 7, 9 in the seed). */
function taskIndex(i: number): number {
  return i === 0 ? 1 : 2 * i + 2;
}

function task(job: SimJob, t: SubtaskTimeline, now: number) {
  const separator = t.index === 0;
  const createdAt = job.createdAt + t.index;
  const healthCheck = t.state === 'pending' ? createdAt : Math.min(Math.max(now, t.startsAt), t.endsAt);
  return {
    MESSAGES: t.state === 'failed' ? FAILED_MESSAGES : '{}',
    TASK_ID: `Task-${derivedUuid(job.id, 'task', t.index)}`,
    TASK_TYPE: separator ? 'echo' : 'restful',
    TASK_INDEX: taskIndex(t.index),
    TASK_NAME: separator ? 'SEPARATOR_PREPARE_RESOURCES' : `TN${String(90 + 3 * t.index).padStart(5, '0')}`,
    TASK_STATUS: STATUS[t.state],
    LAST_HEALTH_CHECK: isoTime(healthCheck),
    CREATED_AT: isoTime(createdAt),
    OWNER_ID: `cas-mgr-${derivedHex(9, job.id, 'owner')}-${derivedHex(5, job.id, 'pod')}:30114`,
  };
}

/** Reads a non-negative integer query parameter; `undefined` when absent, `null` when invalid. */
function intParam(query: URLSearchParams, name: string): number | undefined | null {
  const raw = query.get(name);
  if (raw === null) return undefined;
  return /^[0-9]{1,9}$/.test(raw) ? Number(raw) : null;
}

function svcstgError(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_message: message } };
}

const invalidParameter = (): Answer => svcstgError(400, 'SVCSTG.00100400', 'Invalid request parameter.');

function render(job: SimJob, t: Timeline, query: URLSearchParams): Answer {
  const limit = intParam(query, 'limit');
  const offset = intParam(query, 'offset');
  const desc = query.get('desc');
  if (limit === null || offset === null || (desc !== null && desc !== 'true' && desc !== 'false')) return invalidParameter();
  const all = t.subtasks.map((s) => task(job, s, t.now));
  if (desc === 'true') all.reverse();
  const start = offset ?? 0;
  const tasks = all.slice(start, start + (limit === undefined || limit === 0 ? DEFAULT_LIMIT : limit));
  const name = JOB_NAME[job.jobType] ?? job.jobType.toLowerCase();
  return {
    status: 200,
    body: {
      job: {
        JOB_ID: job.id,
        JOB_NAME: name,
        JOB_TYPE: job.jobType,
        SERVICE_INSTANCE_ID: derivedUuid(job.id, 'instance'),
        PROJECT_ID: job.projectId ?? '',
        ORDER_ID: '',
        JOB_DESC: name,
        EXECUTION_STATUS: STATUS[t.state],
        CREATED_BY: derivedHex(32, job.projectId ?? '', 'user'),
      },
      tasks,
      task_count: job.subtasks,
    },
  };
}

/**
 * The ServiceStage v2 job API: `JOB` + UUID job IDs, UPPERCASE keys inside `job` and `tasks`,
 * ISO 8601 task times, a failed task's `MESSAGES` `{"Message":"ECC00011","Detail":"Building failed."}`,
 * `limit` (default 20) / `offset` / `desc` paging of the tasks with `task_count` the total;
 * 400 `SVCSTG.00100400` for a malformed ID or query, 404 `SVCSTG.00100429` for an unknown job.
 * @example
 * servicestage.jobPath(job); // '/v2/<project>/cas/jobs/JOB474362ef-091d-429f-9b3e-c9246b37dee6'
 */
export const servicestage: ServiceModule<'servicestage'> = {
  name: 'servicestage',
  title: 'ServiceStage',
  route: '/v2/{project_id}/cas/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'PROVISION',
  defaultSubtasks: 3,
  hasSubtasks: true,
  canBlock: false,
  demoJobs: [{ durationMs: 45_000, outcome: 'success', subtasks: 4 }],
  newJobId: (ids: IdSource) => `JOB${ids.uuid()}`,
  isWellFormedId: (id) => /^[A-Za-z0-9_-]{1,128}$/.test(id),
  jobPath: (job) => fillRoute(servicestage.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: invalidParameter,
  notFound: () => svcstgError(404, 'SVCSTG.00100429', 'Job not found.'),
  serverError: (status, requestId) =>
    status === 500 ? svcstgError(500, 'SVCSTG.00100500', 'Internal server error.') : backendUnavailable(status, requestId),
};

// DMS for Kafka: GET /v2/{project_id}/instances/{instance_id}/tasks/{task_id} — CREATED -> EXECUTING
// -> SUCCESS | FAILED, the task as the one element of `tasks` with a string `task_count`.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, isoTime, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'CREATED',
  pending: 'CREATED',
  running: 'EXECUTING',
  succeeded: 'SUCCESS',
  failed: 'FAILED',
};

/** DMS task IDs are 32 hexadecimal characters (the page's example). */
const TASK_ID = /^[0-9a-f]{32}$/;

/** The instance of a task whose spec names none. */
const DEFAULT_INSTANCE = '4a5e2b9c-1d3f-4e6a-9b8c-7d6e5f4a3b2c';

function dmsError(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message } };
}

function render(job: SimJob, t: Timeline): Answer {
  return {
    status: 200,
    body: {
      task_count: '1',
      tasks: [
        {
          id: job.id,
          name: job.jobType,
          user_name: 'paas_dms',
          user_id: '3df5acbc24a54fadb62a043c9000a307',
          params: JSON.stringify({ public_ip_id: '1aea7aed-e7d8-40ea-b3de-6f3ee9d5db9f', public_ip_address: '100.93.2.18', enable_public_ip: true }),
          status: STATUS[t.state],
          created_at: isoTime(t.createdAt),
          // The last update: the end once final, else the latest change of state.
          updated_at: isoTime(t.done ? t.endsAt : t.state === 'running' ? t.runningAt : t.createdAt),
        },
      ],
    },
  };
}

/**
 * The DMS for Kafka background task API: tasks scoped to an instance (`refFields.instanceId`),
 * 32-hex task IDs, 400 `DMS.00400070` for a malformed one and, for an unknown one of the right form,
 * an empty list (`task_count` `"0"`).
 * @example
 * dms.render(job, timelineAt(job, now), new URLSearchParams()).body; // { task_count: '1', tasks: [{ status: 'EXECUTING', ... }] }
 */
export const dms: ServiceModule<'dms'> = {
  name: 'dms',
  title: 'DMS for Kafka',
  route: '/v2/{project_id}/instances/{instance_id}/tasks/{task_id}',
  projectScoped: true,
  refFields: { instanceId: DEFAULT_INSTANCE },
  defaultJobType: 'bindInstancePublicIp',
  defaultSubtasks: 0,
  hasSubtasks: false,
  canBlock: false,
  demoJobs: [{ durationMs: 20_000, outcome: 'success', jobType: 'bindInstancePublicIp' }],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => TASK_ID.test(id),
  jobPath: (job) => fillRoute(dms.route, { project_id: job.projectId ?? '', instance_id: job.refFields['instanceId'] ?? '', task_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['task_id'], refFields: { instanceId: params['instance_id'] } }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: () => dmsError(400, 'DMS.00400070', 'Invalid task ID format.'),
  notFound: () => ({ status: 200, body: { task_count: '0', tasks: [] } }),
  serverError: (status, requestId) => (status === 500 ? dmsError(500, 'DMS.00500052', 'Internal service error.') : backendUnavailable(status, requestId)),
};

// OSM (Service Tickets diagnosis): GET /v2.0/servicerequest/diagnose/job?job_id= — status
// 0 (preparing) -> 2 (executing) -> 3 (completed) | 4 (failed), integer job IDs, check items.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import { derivedHex, type IdSource } from '../ids.js';
import type { SimJob, SubtaskTimeline, Timeline } from '../jobModel.js';
import type { SimState, SubtaskState } from '../types.js';
import type { ServiceModule } from './service.js';

const STATUS: Record<SimState, number> = { blocked: 0, pending: 0, running: 2, succeeded: 3, failed: 4 };

/** Check items a diagnosis runs, cycled when a job has more. */
const CHECKS = [
  { resource_id: 'ecs', resource_name: 'Elastic Cloud Server', check_id: 'ECS_STATUS', check_name: 'Instance status' },
  { resource_id: 'vpc', resource_name: 'Virtual Private Cloud', check_id: 'VPC_SG_RULES', check_name: 'Security group rules' },
  { resource_id: 'evs', resource_name: 'Elastic Volume Service', check_id: 'EVS_ATTACH', check_name: 'Disk attachment' },
  { resource_id: 'eip', resource_name: 'Elastic IP', check_id: 'EIP_BINDING', check_name: 'EIP binding' },
  { resource_id: 'vpc', resource_name: 'Virtual Private Cloud', check_id: 'VPC_ROUTES', check_name: 'Route table' },
] as const;

/** Item `problem_level`: 0 not executed, 3 normal, 4 abnormal (the item a failed job fails on). */
const PROBLEM_LEVEL: Record<SubtaskState, number> = { pending: 0, running: 0, succeeded: 3, failed: 4 };
/** Item `status` (0-100, read here as progress): 0 waiting, 50 executing, 100 done. */
const ITEM_STATUS: Record<SubtaskState, number> = { pending: 0, running: 50, succeeded: 100, failed: 100 };

function item(t: SubtaskTimeline) {
  const check = CHECKS[t.index % CHECKS.length] ?? CHECKS[0];
  const round = Math.floor(t.index / CHECKS.length);
  return {
    status: ITEM_STATUS[t.state],
    visible: 1,
    resource_id: check.resource_id,
    resource_name: check.resource_name,
    check_id: round === 0 ? check.check_id : `${check.check_id}_${round + 1}`,
    check_name: check.check_name,
    problem_level: PROBLEM_LEVEL[t.state],
  };
}

/** A business error, which OSM answers with HTTP 200. */
function osmError(code: string, message: string): Answer {
  return { status: 200, body: { error_code: code, error_msg: message } };
}

function render(job: SimJob, t: Timeline): Answer {
  return {
    status: 200,
    body: {
      status: STATUS[t.state],
      job_id: Number(job.id),
      domain_id: derivedHex(32, 'domain', job.id),
      items_result: t.subtasks.map(item),
      create_time: t.createdAt,
    },
  };
}

/**
 * The OSM diagnosis job API (global: no project in the path): integer job IDs (digits in the
 * query, an integer in the body), integer statuses, `items_result` check items, `create_time` as
 * epoch milliseconds; business errors such as `OSM.01010001` (bad or unknown job ID) come back with
 * HTTP 200.
 * @example
 * osm.jobPath(job); // '/v2.0/servicerequest/diagnose/job?job_id=1234567'
 */
export const osm: ServiceModule<'osm'> = {
  name: 'osm',
  title: 'OSM',
  route: '/v2.0/servicerequest/diagnose/job',
  projectScoped: false,
  defaultJobType: 'diagnose',
  defaultSubtasks: 3,
  hasSubtasks: true,
  canBlock: false,
  demoJobs: [{ durationMs: 25_000, outcome: 'success', subtasks: 3 }],
  newJobId: (ids: IdSource) => String(ids.int(100000, 2147483647)),
  isWellFormedId: (id) => /^[1-9][0-9]{0,9}$/.test(id) && Number(id) <= 2147483647,
  jobPath: (job) => `${osm.route}?job_id=${encodeURIComponent(job.id)}`,
  readRef: (_params, query) => ({ projectId: undefined, jobId: query.get('job_id') ?? undefined }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: () => osmError('OSM.01010001', 'Parameter validation failed.'),
  notFound: () => osmError('OSM.01010001', 'Parameter validation failed.'),
  serverError: (status, requestId) =>
    status === 500 ? { status, body: { error_code: 'OSM.0004', error_msg: 'System error.' } } : backendUnavailable(status, requestId),
};

// CCE: GET /api/v3/projects/{project_id}/jobs/{job_id} — a Kubernetes-style Job, phase
// Initializing -> Running -> Success | Failed, sub-jobs in spec.subJobs, times in Go's format.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import { derivedUuid, type IdSource } from '../ids.js';
import type { SimJob, SubtaskTimeline, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, type ServiceModule } from './service.js';

const PHASE: Record<SimState, string> = {
  blocked: 'Initializing',
  pending: 'Initializing',
  running: 'Running',
  succeeded: 'Success',
  failed: 'Failed',
};

/** The reason every failing job reports (the spec's Failed example). */
const FAILURE = 'Insufficient ECS quota.';

/** Sub-job types of a cluster creation, in order (then numbered). */
const SUB_JOB_TYPES = ['CreatePSMCert', 'InstallMaster', 'InstallAddons'];

/** Go's default time format, as CCE sends it: `2020-02-02 08:12:40.672000000 +0000 UTC`. */
function goTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC`;
}

function cceError(status: number, errorCode: string, errorMessage: string, code: string, message: string): Answer {
  return { status, body: { errorCode, errorMessage, error_code: code, error_msg: message } };
}

function subJob(job: SimJob, sub: SubtaskTimeline, now: number) {
  const failed = sub.state === 'failed';
  const done = sub.state === 'succeeded' || failed;
  return {
    kind: 'Job',
    apiVersion: 'v3',
    metadata: {
      uid: derivedUuid(job.id, 'sub', sub.index),
      creationTimestamp: goTime(job.createdAt),
      updateTimestamp: goTime(done ? sub.endsAt : sub.state === 'running' ? Math.max(sub.startsAt, Math.min(now, sub.endsAt)) : job.createdAt),
    },
    spec: {
      type: SUB_JOB_TYPES[sub.index] ?? `InstallNode${sub.index}`,
      clusterUID: derivedUuid(job.id, 'cluster'),
      resourceID: derivedUuid(job.id, 'cluster'),
    },
    status: failed ? { phase: PHASE.failed, reason: FAILURE } : { phase: PHASE[sub.state] },
  };
}

function render(job: SimJob, t: Timeline): Answer {
  const failed = t.state === 'failed';
  return {
    status: 200,
    body: {
      kind: 'Job',
      apiVersion: 'v3',
      metadata: {
        uid: job.id,
        creationTimestamp: goTime(t.createdAt),
        updateTimestamp: goTime(t.done ? t.endsAt : Math.max(t.createdAt, t.now)),
      },
      spec: {
        type: job.jobType,
        clusterUID: derivedUuid(job.id, 'cluster'),
        resourceID: derivedUuid(job.id, 'cluster'),
        resourceName: 'sim-cluster',
        subJobs: t.subtasks.map((s) => subJob(job, s, t.now)),
      },
      status: { phase: PHASE[t.state], reason: failed ? FAILURE : '' },
    },
  };
}

/**
 * The CCE job API: UUID job IDs, Go-format times, sub-jobs in `spec.subJobs`, and a 404 for an
 * unknown job ID.
 * @example
 * cce.render(job, timelineAt(job, now), new URLSearchParams()).body; // { kind: 'Job', status: { phase: 'Running', ... }, ... }
 */
export const cce: ServiceModule<'cce'> = {
  name: 'cce',
  title: 'CCE',
  route: '/api/v3/projects/{project_id}/jobs/{job_id}',
  projectScoped: true,
  defaultJobType: 'CreateCluster',
  defaultSubtasks: 3,
  hasSubtasks: true,
  canBlock: false,
  demoJobs: [
    { durationMs: 45_000, outcome: 'success', subtasks: 3 },
    { durationMs: 20_000, outcome: 'failure', subtasks: 2, jobType: 'CreateNode' },
  ],
  newJobId: (ids: IdSource) => ids.uuid(),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(cce.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => PHASE[state],
  render,
  badRequest: () => cceError(400, 'CCE.01400001', 'Invalid request.', 'CCE_CM.0201', 'Request body invalid'),
  notFound: () => cceError(404, 'CCE.01404001', 'Resource not found.', 'CCE_CM.0404', 'Job not found'),
  serverError: (status, requestId) => {
    if (status === 500) return cceError(500, 'CCE.01500001', 'Internal server error.', 'CCE_CM.0500', 'Internal server error');
    if (status === 503) return cceError(503, 'CCE.01503001', 'Service unavailable.', 'CCE_CM.0503', 'Service unavailable');
    return backendUnavailable(status, requestId);
  },
};

// CCE: GET /api/v3/projects/{project_id}/jobs/{job_id}.
import { isTerminalState, type Job, type JobError, type JobResource, type JobState, type Subtask } from '@cloud-jobs/core';
import { buildJob, buildSubtask, countProgress, jobErrorOrSubtaskError, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { readRecordField, readRecordList, readTextField, type PayloadRecord } from '../../normalize/payloadFields.js';
import { readJobStatus, readSubtaskStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { CCE_ERROR_CODES } from './errorCodes.js';
import { parseCceTime } from './parseCceTime.js';
import { CCE_STATUS_STATES } from './statusTable.js';

// A sub-job tree deeper than this is cut off (a guard against a hostile or looping answer).
const MAX_DEPTH = 16;

/** The resource a job works on: `spec.resourceID`, else the cluster (`spec.clusterUID`). */
function cceResource(spec: PayloadRecord): JobResource | undefined {
  const resource = readTextField(spec, 'resourceID');
  if (resource !== undefined) return { kind: 'resourceID', id: resource };
  const cluster = readTextField(spec, 'clusterUID');
  return cluster === undefined ? undefined : { kind: 'clusterUID', id: cluster };
}

/** `status.reason` of a failed job; a non-final job's reason is not a failure. */
function cceError(status: PayloadRecord, state: JobState): JobError | undefined {
  const reason = readTextField(status, 'reason');
  return state === 'failed' && reason !== undefined ? { message: reason } : undefined;
}

/** The parts of a Job object every level shares. */
function partsOf(job: PayloadRecord) {
  return {
    metadata: readRecordField(job, 'metadata') ?? {},
    spec: readRecordField(job, 'spec') ?? {},
    status: readRecordField(job, 'status') ?? {},
  };
}

/** Every sub-job of `spec.subJobs`, at any depth, depth first (a parent before its children). */
function flattenSubJobs(spec: PayloadRecord, depth: number, into: Subtask[]): Subtask[] {
  if (depth > MAX_DEPTH) return into;
  for (const subJob of readRecordList(spec, 'subJobs')) {
    const { metadata, spec: subSpec, status } = partsOf(subJob);
    const phase = readSubtaskStatus(status['phase']);
    const state = stateFromStatus(CCE_STATUS_STATES, phase);
    into.push(
      buildSubtask({
        id: readTextField(metadata, 'uid') ?? '',
        type: readTextField(subSpec, 'type'),
        name: readTextField(subSpec, 'resourceName'),
        state,
        status: phase,
        startedAt: parseCceTime(metadata['creationTimestamp']),
        finishedAt: isTerminalState(state) ? parseCceTime(metadata['updateTimestamp']) : undefined,
        error: cceError(status, state),
        resource: cceResource(subSpec),
        raw: subJob,
      }),
    );
    flattenSubJobs(subSpec, depth + 1, into);
  }
  return into;
}

/**
 * Normalizes a CCE job (`GET /api/v3/projects/{project_id}/jobs/{job_id}`, the official SDK's
 * `ShowJob`). State from `status.phase` per {@link CCE_STATUS_STATES}; ID `metadata.uid`; type
 * `spec.type`; times from `metadata.creationTimestamp` and, once final, `updateTimestamp` (Go's
 * format); the recursive `spec.subJobs` FLATTENED into subtasks, depth first (a parent before its
 * children), and progress counted over all of them; resource `spec.resourceID`, else
 * `spec.clusterUID`; error `status.reason` of a failed job, else the first failed sub-job's.
 * @throws UnexpectedResponseError when the payload is not an object or `status.phase` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no phase but an error code.
 * @example
 * normalizeCceJob({ kind: 'Job', metadata: { uid: '354331b2c-229a-11e8-9c75-0255ac100ceb' }, spec: { type: 'CreateCluster' },
 *   status: { phase: 'Running', reason: '' } });
 * // { service: 'cce', id: '3543...', type: 'CreateCluster', state: 'running', done: false, subtasks: [], ... }
 */
export function normalizeCceJob(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('cce', payload);
  const { metadata, spec, status } = partsOf(body);
  const phase = readJobStatus('cce', status['phase'], 'status.phase', payload);
  if (phase === undefined) {
    const apiError = businessErrorInBody('cce', body, CCE_ERROR_CODES);
    if (apiError) throw apiError;
  }
  const state = phase === undefined ? 'unknown' : stateFromStatus(CCE_STATUS_STATES, phase);
  const subtasks = flattenSubJobs(spec, 1, []);
  return buildJob('cce', {
    id: resolveJobId(metadata['uid'], context),
    type: readTextField(spec, 'type'),
    state,
    status: phase ?? '',
    startedAt: parseCceTime(metadata['creationTimestamp']),
    finishedAt: isTerminalState(state) ? parseCceTime(metadata['updateTimestamp']) : undefined,
    error: jobErrorOrSubtaskError(cceError(status, state), state, subtasks),
    resource: cceResource(spec),
    progress: countProgress(subtasks),
    subtasks,
    raw: payload,
  });
}

// Relational Database Service in @cloud-jobs/jobs: the spec's examples normalized, the reference
// shape, and get + wait over real HTTP against the simulator (packages/simulator/src/services/rds.ts).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, findService, type JobRef, type ProjectJobRef } from '../src/index.js';
import { rds, normalizeRdsJob, RDS_STATUS_STATES, RDS_STATUS_TABLE } from '../src/services/rds/index.js';
import { describeServiceScenarios, PROJECT } from './serviceScenarios.js';

describe('normalizeRdsJob: the spec examples', () => {
  it('a completed instance creation: the job wrapper, +0000 times, the instance, the type', () => {
    const raw = exampleValue('rds', '200', 'CreateInstance');
    const job = normalizeRdsJob(raw);
    expect(job).toMatchObject({ service: 'rds', id: '31b8ae23-c687-4d80-b7b4-42a66c9bb886', type: 'CreateMysqlSingleHAInstance', state: 'succeeded', done: true, status: 'Completed', subtasks: [] });
    expect(job.startedAt).toEqual(new Date('2018-08-06T10:41:14Z'));
    expect(job.finishedAt).toEqual(new Date('2018-08-06T16:41:14Z'));
    expect(job.resource).toEqual({ kind: 'instance', id: 'a48e43ff268f4c0e879652d65e63d0fbin01' });
    expect(job.progress).toBeUndefined(); // process is "" once the task is done
    expect(job.error).toBeUndefined();
    expect(job.raw).toBe(raw);
  });

  it('every other example: names trimmed (the page shows leading blanks), the instance as resource', () => {
    expect(normalizeRdsJob(exampleValue('rds', '200', 'CreateReplica'))).toMatchObject({ type: 'CreateMysqlReplicaInstance', state: 'succeeded', resource: { id: '288caaa9d05f4ec1a1f58de2e0945685in01' } });
    expect(normalizeRdsJob(exampleValue('rds', '200', 'BindEip'))).toMatchObject({ type: 'MysqlBindEIP', state: 'succeeded' });
    expect(normalizeRdsJob(exampleValue('rds', '200', 'Reboot'))).toMatchObject({ type: 'RestartMysqlInstance', state: 'succeeded' });
  });

  it('a running task: progress from the text percentage in any of its documented forms, no end yet', () => {
    const job = normalizeRdsJob(exampleValue('rds', '200', 'Running'));
    expect(job).toMatchObject({ state: 'running', done: false, status: 'Running', progress: { completed: 60, total: 100 } });
    expect(job.finishedAt).toBeUndefined();
    for (const process of ['60', '60%', ' 60 % ', '60.4']) expect(normalizeRdsJob({ job: { status: 'Running', process } }).progress, process).toEqual({ completed: 60, total: 100 });
    for (const process of ['', 'sixty', '-5', 60]) expect(normalizeRdsJob({ job: { status: 'Running', process } }).progress, String(process)).toBeUndefined();
  });

  it('a failed task, with its reason', () => {
    const job = normalizeRdsJob(exampleValue('rds', '200', 'Failed'));
    expect(job).toMatchObject({ state: 'failed', done: true, error: { message: 'createVM failed.' } });
  });

  it('a body without job but with an error code is an ApiError; a job that is no object is refused', () => {
    const error = (() => {
      try {
        return normalizeRdsJob(exampleValue('rds', '400', 'JobNotFound'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'DBS.200543', kind: 'not-found' });
    expect(() => normalizeRdsJob({ job: 'x' })).toThrow(/job: expected an object/);
    expect(() => normalizeRdsJob({ job: { status: {} } })).toThrow(/job\.status/);
  });

  it('every status row maps to its state (case folded too); the descriptor is registered', () => {
    expect(RDS_STATUS_TABLE['job.status']?.map(([raw, state]) => [raw, state])).toEqual([['Running', 'running'], ['Completed', 'succeeded'], ['Failed', 'failed']]);
    for (const [status, state] of RDS_STATUS_TABLE['job.status'] ?? []) expect(RDS_STATUS_STATES[status]).toBe(state);
    expect(normalizeRdsJob({ job: { status: 'COMPLETED' } }).state).toBe('succeeded');
    expect(normalizeRdsJob({ job: { status: 'Queued' } }).state).toBe('unknown');
    expect(findService('rds')).toBe(rds);
    expect(rds.notFoundCodes).toEqual(['DBS.200543', 'RDS.5041']);
  });

  it('the reference is { jobId, projectId? } (the job ID goes in the query): a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'rds'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error an RDS task is read by its job ID, not by an `id`
    const wrong: JobRef<'rds'> = { id: 'x' };
    expect(wrong).toBeDefined();
  });
});

describeServiceScenarios({
  service: 'rds',
  seed: 16,
  success: {
    title: 'get reads a running task (the ID in the query); wait follows it to success with progress',
    job: { durationMs: 60_000, outcome: 'success' },
    path: (created) => `/v3/${PROJECT}/jobs?id=${created.id}`,
    readAfterMs: 33_000, // 10 % of the time pending, then half of the work time
    first: { type: 'CreateMysqlSingleHAInstance', state: 'running', progress: { completed: 50, total: 100 } },
    last: { status: 'Completed' },
    check: ({ job, progress }) => {
      expect(job.progress).toBeUndefined();
      expect(job.resource?.kind).toBe('instance');
      expect(job.finishedAt).toBeInstanceOf(Date);
      expect(progress[0]).toBeGreaterThanOrEqual(50);
      expect(progress.at(-1)).toBe(-1); // the final poll: no progress once done
    },
  },
  failure: {
    noun: 'task',
    job: {},
    expected: { status: 'Failed', error: { message: 'createVM failed.' } },
  },
  // Not yet visible, RDS answers 400 DBS.200543.
  notFound: {
    title: "RDS's own not-found answer (400 DBS.200543) ends a wait with JobNotFoundError after the grace",
    answers: [{ ref: { jobId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }, status: 400, code: 'DBS.200543' }],
  },
});

// EVS in @cloud-jobs/jobs: the spec's examples normalized field by field, and get + wait end to end
// over real HTTP against the simulator (its module packages/simulator/src/services/evs.ts): success,
// failure, 404-until-visible, a 500, a 429 with Retry-After, a dropped connection, and EVS's own
// not-found answer (400 Common.0011). Time is the simulator's clock, moved by the waiter's sleeps.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, findService, type JobRef, type ProjectJobRef } from '../src/index.js';
import { evs, normalizeEvsJob, EVS_STATUS_STATES, EVS_STATUS_TABLE } from '../src/services/evs/index.js';
import { describeServiceScenarios } from './serviceScenarios.js';

describe('normalizeEvsJob: the spec examples', () => {
  it('Running: a createVolume task, its disk as the resource, no end time yet', () => {
    const raw = exampleValue('evs', '200', 'Running');
    const job = normalizeEvsJob(raw);
    expect(job).toMatchObject({
      service: 'evs', id: '4010a32d535527910153552b492c0002', type: 'createVolume', state: 'running', done: false, status: 'RUNNING',
      resource: { kind: 'volume_id', id: 'bdf1bb37-f20f-4266-9a04-f43e0a127376' }, subtasks: [],
    });
    expect(job.startedAt).toEqual(new Date('2016-03-08T07:40:13.219Z'));
    expect(job.finishedAt).toBeUndefined();
    expect(job.progress).toBeUndefined();
    expect(job.error).toBeUndefined();
    expect(job.raw).toBe(raw);
  });

  it('Succeeded: a batch task, its two sub-jobs as subtasks, progress and the first disk', () => {
    const job = normalizeEvsJob(exampleValue('evs', '200', 'Succeeded'));
    expect(job).toMatchObject({ id: '21917a8d52a19b040152a9f2f1eb003e', type: 'batchCreateVolume', state: 'succeeded', done: true, progress: { completed: 2, total: 2 } });
    expect(job.finishedAt).toEqual(new Date('2016-02-04T01:44:08.283Z'));
    expect(job.resource).toEqual({ kind: 'volume_id', id: '0b549095-4937-4849-8e4c-52aa027d64f7' });
    expect(job.subtasks.map((s) => [s.id, s.type, s.state, s.resource?.id])).toEqual([
      ['21917a8d52a19b040152a9f2f2e50041', 'createVolume', 'succeeded', '0b549095-4937-4849-8e4c-52aa027d64f7'],
      ['21917a8d52a19b040152a9f2f2f60042', 'createVolume', 'succeeded', 'e7bca1a2-d3ed-434f-86f4-a1f11aa80072'],
    ]);
    expect(job.subtasks[1]?.startedAt).toEqual(new Date('2016-02-04T01:43:37.462Z'));
    expect(job.subtasks[1]?.finishedAt).toEqual(new Date('2016-02-04T01:44:02.245Z'));
  });

  it('Failed: error_code and fail_reason', () => {
    const job = normalizeEvsJob(exampleValue('evs', '200', 'Failed'));
    expect(job).toMatchObject({ state: 'failed', done: true, type: 'extendVolume', error: { code: 'EVS.2001', message: 'submit job failed!' } });
  });

  it("a failed batch without its own reason takes the failed sub-job's", () => {
    const job = normalizeEvsJob({
      status: 'FAIL', job_id: 'j', job_type: 'batchCreateVolume', error_code: null, fail_reason: null,
      entities: { sub_jobs: [
        { status: 'SUCCESS', job_id: 's1', entities: { volume_id: 'v1' }, error_code: null, fail_reason: null },
        { status: 'FAIL', job_id: 's2', entities: {}, error_code: 'EVS.2001', fail_reason: 'submit job failed!' },
      ] },
    });
    expect(job.error).toEqual({ code: 'EVS.2001', message: 'submit job failed!' });
    expect(job.progress).toEqual({ completed: 2, total: 2 });
  });

  it('ErrorObject: a 200 body that is only an error object is an ApiError, not an unknown job', () => {
    const error = (() => {
      try {
        return normalizeEvsJob(exampleValue('evs', '200', 'ErrorObject'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'XXX' });
    expect(() => normalizeEvsJob({ error: { code: 'Common.0011', message: 'query job fail.' } })).toThrow(expect.objectContaining({ kind: 'not-found' }));
  });

  it('every status row maps to its state, the sub-jobs share the rows; the descriptor is registered', () => {
    expect(EVS_STATUS_TABLE['status']?.map(([raw, state]) => [raw, state])).toEqual([['INIT', 'pending'], ['RUNNING', 'running'], ['SUCCESS', 'succeeded'], ['FAIL', 'failed']]);
    expect(EVS_STATUS_TABLE['entities.sub_jobs[].status']).toBe(EVS_STATUS_TABLE['status']);
    for (const [status, state] of EVS_STATUS_TABLE['status'] ?? []) expect(EVS_STATUS_STATES[status]).toBe(state);
    expect(findService('evs')).toBe(evs);
    expect(evs.notFoundCodes).toEqual(['Common.0011']);
  });

  it('the reference is { jobId, projectId? }: a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'evs'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error an EVS job is read by its job ID, not by a task ID
    const wrong: JobRef<'evs'> = { taskId: 'x' };
    expect(wrong).toBeDefined();
  });
});

describeServiceScenarios({
  service: 'evs',
  seed: 15,
  success: {
    title: 'get reads a running batch task; wait follows it to success with progress',
    job: { durationMs: 30_000, subtasks: 3, outcome: 'success' },
    first: { type: 'batchCreateVolume', progress: { completed: 0, total: 3 } },
    last: { progress: { completed: 3, total: 3 } },
    check: ({ job, progress }) => {
      expect(job.subtasks.map((s) => s.type)).toEqual(['createVolume', 'createVolume', 'createVolume']);
      expect(job.resource?.kind).toBe('volume_id');
      expect(progress.some((n) => n > 0 && n < 3)).toBe(true);
    },
  },
  failure: {
    noun: 'task',
    job: { subtasks: 2 },
    expected: { error: { code: 'EVS.2001', message: 'submit job failed!' } },
    check: (job) => expect(job.subtasks.at(-1)?.state).toBe('failed'),
  },
  // Not yet visible, EVS answers 400 Common.0011.
  faultJob: { subtasks: 2 },
  notFound: {
    title: "EVS's own not-found answer (400 Common.0011) ends a wait with JobNotFoundError after the grace",
    answers: [{ ref: { jobId: 'ffffffffffffffffffffffffffffffff' }, status: 400, code: 'Common.0011' }],
  },
});

// DMS for Kafka in @cloud-jobs/jobs: the spec's examples normalized, the instance-scoped reference,
// and get + wait over real HTTP against the simulator (packages/simulator/src/services/dms.ts).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, JobsConfigError, findService, type JobRef } from '../src/index.js';
import { dms, dmsTaskParams, normalizeDmsJob, DMS_STATUS_STATES, DMS_STATUS_TABLE, type DmsJobRef } from '../src/services/dms/index.js';
import { describeServiceScenarios, PROJECT } from './serviceScenarios.js';

describe('normalizeDmsJob: the spec examples', () => {
  it('a finished task: the one element of tasks, its times, its type, the public IP of its params', () => {
    const raw = exampleValue('dms', '200', 'Succeeded');
    const job = normalizeDmsJob(raw);
    expect(job).toMatchObject({ service: 'dms', id: '8abfa7b272adc5b40172b73130065ae7', type: 'bindInstancePublicIp', state: 'succeeded', done: true, status: 'SUCCESS', subtasks: [] });
    expect(job.startedAt).toEqual(new Date('2020-06-15T08:55:53.606Z'));
    expect(job.finishedAt).toEqual(new Date('2020-06-15T08:55:56.600Z'));
    expect(job.resource).toEqual({ kind: 'public_ip_id', id: '1aea7aed-e7d8-40ea-b3de-6f3ee9d5db9f' });
    expect(job.error).toBeUndefined();
    expect(job.raw).toBe(raw);
    expect(dmsTaskParams(raw)).toEqual({ public_ip_id: '1aea7aed-e7d8-40ea-b3de-6f3ee9d5db9f', public_ip_address: '100.93.2.18', enable_public_ip: true });
  });

  it('a running task has no end yet (updated_at is its last update); a failed one names its task', () => {
    const running = normalizeDmsJob(exampleValue('dms', '200', 'Executing'));
    expect(running).toMatchObject({ state: 'running', done: false, status: 'EXECUTING' });
    expect(running.finishedAt).toBeUndefined();
    expect(running.resource).toBeUndefined();
    const failed = normalizeDmsJob(exampleValue('dms', '200', 'Failed'));
    expect(failed).toMatchObject({ state: 'failed', done: true, error: { message: 'task resizeInstance failed' } });
    expect(failed.finishedAt).toEqual(new Date('2020-06-15T09:24:13.517Z'));
  });

  it('an empty list is "no such task" (ApiError, kind not-found); params that are no JSON object are left in raw', () => {
    const error = (() => {
      try {
        return normalizeDmsJob(exampleValue('dms', '200', 'NoSuchTask'));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: 'EmptyTaskList', kind: 'not-found' });
    expect(normalizeDmsJob({}, { jobId: 'j' })).toMatchObject({ id: 'j', state: 'unknown' });
    expect(dmsTaskParams({ tasks: [{ params: 'not json' }] })).toBeUndefined();
    expect(dmsTaskParams({ tasks: [{ params: '[1]' }] })).toBeUndefined();
    expect(normalizeDmsJob({ tasks: [{ status: 'SUCCESS', params: '{' }] }).resource).toBeUndefined();
    expect(() => normalizeDmsJob({ tasks: {} })).toThrow(/tasks: expected a list/);
    expect(() => normalizeDmsJob({ tasks: [7] })).toThrow(/tasks\[0\]: expected an object/);
    expect(() => normalizeDmsJob(exampleValue('dms', '400', 'InvalidTaskId'))).toThrow(expect.objectContaining({ code: 'DMS.00400070', kind: 'not-found' }));
  });

  it('every status row maps to its state; the descriptor is registered with its reference field', () => {
    expect(DMS_STATUS_TABLE['tasks[0].status']?.map(([raw, state]) => [raw, state])).toEqual([
      ['CREATED', 'pending'], ['EXECUTING', 'running'], ['SUCCESS', 'succeeded'], ['FAILED', 'failed'], ['CANCELLED', 'canceled'], ['DELETED', 'canceled'],
    ]);
    for (const [status, state] of DMS_STATUS_TABLE['tasks[0].status'] ?? []) expect(DMS_STATUS_STATES[status]).toBe(state);
    expect(findService('dms')).toBe(dms);
    expect(dms.refFields).toEqual([{ name: 'instanceId', description: expect.any(String) }]);
  });

  it('the reference is { jobId, instanceId, projectId? }: one without the instance does not compile', () => {
    expectTypeOf<JobRef<'dms'>>().toEqualTypeOf<DmsJobRef>();
    expectTypeOf<JobRef<'dms'>['instanceId']>().toEqualTypeOf<string>();
    // @ts-expect-error a DMS task is read with the instance it belongs to
    const wrong: JobRef<'dms'> = { jobId: 'x' };
    // @ts-expect-error the path's name task_id is not the reference's
    const alsoWrong: JobRef<'dms'> = { taskId: 'x', instanceId: 'i' };
    expect([wrong, alsoWrong]).toHaveLength(2);
  });
});

const refOf = (created: { id: string; refFields: Record<string, string> }): DmsJobRef => ({ jobId: created.id, instanceId: created.refFields['instanceId']! });

describeServiceScenarios({
  service: 'dms',
  seed: 17,
  refOf,
  success: {
    title: 'get reads a task of its instance; wait follows it to success and persists the instance',
    job: { durationMs: 30_000, outcome: 'success', refFields: { instanceId: 'kafka-1' } },
    path: (created) => `/v2/${PROJECT}/instances/kafka-1/tasks/${created.id}`,
    readAfterMs: 10_000,
    first: { type: 'bindInstancePublicIp', state: 'running', status: 'EXECUTING' },
    last: { status: 'SUCCESS' },
    check: ({ created, states }) => expect(states.at(-1)).toMatchObject({ service: 'dms', jobId: created.id, refFields: { instanceId: 'kafka-1' } }),
  },
  failure: {
    noun: 'task',
    job: { jobType: 'resizeInstance' },
    expected: { status: 'FAILED', error: { message: 'task resizeInstance failed' } },
  },
  // Not yet visible, DMS answers an empty task list.
  notFound: {
    title: "DMS's own not-found answers end a wait with JobNotFoundError: an empty list after the grace, 400 DMS.00400070 for a malformed ID",
    answers: [
      { ref: { jobId: 'ffffffffffffffffffffffffffffffff', instanceId: 'kafka-1' } },
      { ref: { jobId: 'not-a-task-id', instanceId: 'kafka-1' }, status: 400, code: 'DMS.00400070' },
    ],
  },
  more: (ctx) => {
    it('the same task ID under another instance is not found; a reference without the instance is refused before any request', async () => {
      const { sim, jobs } = ctx;
      const created = sim.createJob({ service: 'dms', durationMs: 30_000, refFields: { instanceId: 'kafka-2' } });
      const other = await jobs().get('dms', { jobId: created.id, instanceId: 'kafka-3' }).catch((e: unknown) => e);
      expect(other).toMatchObject({ name: 'ApiError', kind: 'not-found' });
      for (const ref of [{ jobId: created.id }, { jobId: created.id, instanceId: '' }]) {
        const error = await jobs().get('dms', ref as never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(JobsConfigError);
        expect(error).toMatchObject({ field: 'ref.instanceId' });
      }
      expect(sim.jobs.get('dms', created.id)?.polls).toBe(1);
    });
  },
});

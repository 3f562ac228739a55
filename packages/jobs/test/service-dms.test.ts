// DMS for Kafka in @cloud-jobs/jobs: the spec's examples normalized, the instance-scoped reference,
// and get + wait over real HTTP against the simulator (packages/simulator/src/services/dms.ts).
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, JobFailedError, JobNotFoundError, JobsConfigError, createJobs, findService, type JobRef, type WaitClock, type WaitState, type WaitStats } from '../src/index.js';
import { dms, dmsTaskParams, normalizeDmsJob, DMS_STATUS_STATES, DMS_STATUS_TABLE, type DmsJobRef } from '../src/services/dms/index.js';

const TOKEN = 'dms-test-secret-token';
const PROJECT = '0123456789abcdef0123456789abcdef';

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

describe('dms: get and wait against the simulator', () => {
  let sim: Simulator;
  let now = Date.UTC(2026, 10, 30, 8, 0, 0);
  /** The sleeps that ran to their end (backoff sleeps; a request's timeout timer is aborted instead). */
  let sleeps: number[] = [];
  const timers: Array<{ at: number; ms: number; fire(): void }> = [];
  let inFlight = 0;
  let pumping = false;
  // Virtual time shared by the simulator and the waiter: it jumps to the next timer only while no
  // request is open (two idle turns of the event loop), so a minute-long task takes milliseconds.
  const pump = (): void => {
    if (pumping) return;
    pumping = true;
    setImmediate(() =>
      setImmediate(() => {
        pumping = false;
        if (inFlight > 0 || timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at);
        const next = timers.shift()!;
        now = Math.max(now, next.at);
        next.fire();
        pump();
      }),
    );
  };
  const clock: WaitClock = {
    now: () => now,
    wallNow: () => now,
    random: () => 0.5,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = (): void => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          reject(signal?.reason);
        };
        const timer = {
          at: now + ms,
          ms,
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            sleeps.push(ms);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        pump();
      }),
  };
  /** Real fetch to the simulator, counted (time stands still while a request is open) and buffered. */
  const countingFetch = async (request: Request): Promise<Response> => {
    inFlight += 1;
    try {
      const response = await fetch(request);
      const body = await response.arrayBuffer();
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    } finally {
      inFlight -= 1;
      pump();
    }
  };
  beforeAll(async () => {
    sim = await startSimulator({ tokens: [TOKEN], clock: () => now, seed: 17 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sleeps = [];
    timers.length = 0;
  });
  const jobs = () => createJobs({ baseUrl: sim.url, token: TOKEN, projectId: PROJECT, fetch: countingFetch });
  const refOf = (created: { id: string; refFields: Record<string, string> }): DmsJobRef => ({ jobId: created.id, instanceId: created.refFields['instanceId']! });

  it('get reads a task of its instance; wait follows it to success and persists the instance', async () => {
    const created = sim.createJob({ service: 'dms', durationMs: 30_000, outcome: 'success', refFields: { instanceId: 'kafka-1' } });
    expect(created.path).toBe(`/v2/${PROJECT}/instances/kafka-1/tasks/${created.id}`);
    now += 10_000;
    const first = await jobs().get('dms', refOf(created));
    expect(first).toMatchObject({ service: 'dms', id: created.id, type: 'bindInstancePublicIp', state: 'running', done: false, status: 'EXECUTING' });
    const states: WaitState[] = [];
    const job = await jobs().wait('dms', refOf(created), { clock, onState: (s) => states.push(s) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded', done: true, status: 'SUCCESS' });
    expect(states.at(-1)).toMatchObject({ service: 'dms', jobId: created.id, refFields: { instanceId: 'kafka-1' } });
  });

  it('the same task ID under another instance is not found; a reference without the instance is refused before any request', async () => {
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

  it('a failed task rejects with JobFailedError carrying the job', async () => {
    const created = sim.createJob({ service: 'dms', durationMs: 10_000, outcome: 'failure', jobType: 'resizeInstance' });
    const error = await jobs().wait('dms', refOf(created), { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).job).toMatchObject({ id: created.id, state: 'failed', status: 'FAILED', error: { message: 'task resizeInstance failed' } });
  });

  it('survives 404-until-visible, a 500, a 429 with Retry-After and a dropped connection', async () => {
    const created = sim.createJob({ service: 'dms', durationMs: 60_000 });
    sim.injectFault({ kind: 'notFound', service: 'dms', jobId: created.id, count: 2 });
    sim.injectFault({ kind: 'serverError', status: 500, service: 'dms', jobId: created.id, count: 1 });
    sim.injectFault({ kind: 'throttle', service: 'dms', jobId: created.id, count: 1, retryAfterSeconds: 25 });
    sim.injectFault({ kind: 'drop', service: 'dms', jobId: created.id, count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobs().wait('dms', refOf(created), { clock, onSettled: (s) => (stats = s) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded' });
    expect(stats?.errorsRetried).toBe(5);
    // Two not-yet-visible reads (an empty task list), the 500, then the 429: its Retry-After (25 s) wins.
    expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
    expect(sim.listFaults()).toEqual([]);
  });

  it("DMS's own not-found answers end a wait with JobNotFoundError: an empty list after the grace, 400 DMS.00400070 for a malformed ID", async () => {
    const empty = await jobs()
      .wait('dms', { jobId: 'ffffffffffffffffffffffffffffffff', instanceId: 'kafka-1' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(JobNotFoundError);
    expect(String(empty)).not.toContain(TOKEN);
    const malformed = await jobs()
      .wait('dms', { jobId: 'not-a-task-id', instanceId: 'kafka-1' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(JobNotFoundError);
    expect(malformed).toMatchObject({ status: 400, code: 'DMS.00400070' });
  });
});

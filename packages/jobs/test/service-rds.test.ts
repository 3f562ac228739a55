// Relational Database Service in @cloud-jobs/jobs: the spec's examples normalized, the reference
// shape, and get + wait over real HTTP against the simulator (packages/simulator/src/services/rds.ts).
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, JobFailedError, JobNotFoundError, createJobs, findService, type JobRef, type ProjectJobRef, type WaitClock, type WaitStats } from '../src/index.js';
import { rds, normalizeRdsJob, RDS_STATUS_STATES, RDS_STATUS_TABLE } from '../src/services/rds/index.js';

const TOKEN = 'rds-test-secret-token';
const PROJECT = '0123456789abcdef0123456789abcdef';

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

describe('rds: get and wait against the simulator', () => {
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
    sim = await startSimulator({ tokens: [TOKEN], clock: () => now, seed: 16 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sleeps = [];
    timers.length = 0;
  });
  const jobs = () => createJobs({ baseUrl: sim.url, token: TOKEN, projectId: PROJECT, fetch: countingFetch });

  it('get reads a running task (the ID in the query); wait follows it to success with progress', async () => {
    const created = sim.createJob({ service: 'rds', durationMs: 60_000, outcome: 'success' });
    expect(created.path).toBe(`/v3/${PROJECT}/jobs?id=${created.id}`);
    now += 33_000; // 10 % of the time pending, then half of the work time
    const first = await jobs().get('rds', { jobId: created.id });
    expect(first).toMatchObject({ service: 'rds', id: created.id, type: 'CreateMysqlSingleHAInstance', state: 'running', done: false, progress: { completed: 50, total: 100 } });
    const seen: number[] = [];
    const job = await jobs().wait('rds', { jobId: created.id }, { clock, onProgress: (j) => seen.push(j.progress?.completed ?? -1) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded', done: true, status: 'Completed' });
    expect(job.progress).toBeUndefined();
    expect(job.resource?.kind).toBe('instance');
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(seen[0]).toBeGreaterThanOrEqual(50);
    expect(seen.at(-1)).toBe(-1); // the final poll: no progress once done
  });

  it('a failed task rejects with JobFailedError carrying the job and its reason', async () => {
    const created = sim.createJob({ service: 'rds', durationMs: 10_000, outcome: 'failure' });
    const error = await jobs().wait('rds', { jobId: created.id }, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).job).toMatchObject({ id: created.id, state: 'failed', status: 'Failed', error: { message: 'createVM failed.' } });
  });

  it('survives 404-until-visible, a 500, a 429 with Retry-After and a dropped connection', async () => {
    const created = sim.createJob({ service: 'rds', durationMs: 60_000 });
    sim.injectFault({ kind: 'notFound', service: 'rds', jobId: created.id, count: 2 });
    sim.injectFault({ kind: 'serverError', status: 500, service: 'rds', jobId: created.id, count: 1 });
    sim.injectFault({ kind: 'throttle', service: 'rds', jobId: created.id, count: 1, retryAfterSeconds: 25 });
    sim.injectFault({ kind: 'drop', service: 'rds', jobId: created.id, count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobs().wait('rds', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded' });
    expect(stats?.errorsRetried).toBe(5);
    // Two not-yet-visible reads (RDS's 400 DBS.200543), the 500, then the 429: its Retry-After (25 s) wins.
    expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
    expect(sim.listFaults()).toEqual([]);
  });

  it("RDS's own not-found answer (400 DBS.200543) ends a wait with JobNotFoundError after the grace", async () => {
    const error = await jobs()
      .wait('rds', { jobId: 'ffffffff-ffff-ffff-ffff-ffffffffffff' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobNotFoundError);
    expect(error).toMatchObject({ status: 400, code: 'DBS.200543' });
    expect(String(error)).not.toContain(TOKEN);
  });
});

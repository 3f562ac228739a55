// CCE in @cloud-jobs/jobs: the spec's examples normalized (the recursive subJobs flattened, Go-format
// times parsed), and get + wait end to end over real HTTP against the simulator
// (packages/simulator/src/services/cce.ts): success, failure, 404-until-visible, a 500, a 429 with
// Retry-After, a dropped connection, and CCE's own 404. Time is virtual: the simulator's clock.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { JobFailedError, JobNotFoundError, createJobs, findService, type JobRef, type ProjectJobRef, type WaitClock, type WaitStats } from '../src/index.js';
import { cce, normalizeCceJob, CCE_STATUS_STATES, CCE_STATUS_TABLE } from '../src/services/cce/index.js';
import { parseCceTime } from '../src/services/cce/parseCceTime.js';

const TOKEN = 'cce-test-secret-token';
const PROJECT = '0123456789abcdef0123456789abcdef';

describe('normalizeCceJob: the spec examples', () => {
  it('Running (the page example): phase, metadata, Go-format times, sub-jobs, the resource', () => {
    const raw = exampleValue('cce', '200', 'Running');
    const job = normalizeCceJob(raw);
    expect(job).toMatchObject({
      service: 'cce', id: '354331b2c-229a-11e8-9c75-0255ac100ceb', type: 'CreateCluster', state: 'running', done: false, status: 'Running',
      resource: { kind: 'resourceID', id: '6f4dcb2c-229a-11e8-9c75-0255ac100ceb' }, progress: { completed: 2, total: 2 },
    });
    expect(job.startedAt).toEqual(new Date('2020-02-02T08:12:40.672Z'));
    // A running job's update time is not its end.
    expect(job.finishedAt).toBeUndefined();
    expect(job.error).toBeUndefined();
    expect(job.subtasks.map((s) => [s.id, s.type, s.state, s.resource?.id])).toEqual([
      ['fd474fab-9606-11e8-baa9-0255ac10215d', 'InstallMaster', 'succeeded', 'fd3b4ac0-9606-11e8-baa8-0255ac10215d'],
      ['fd474f82-9606-11e8-baa8-0255ac10215d', 'CreatePSMCert', 'succeeded', 'fcc72de0-9606-11e8-baa8-0255ac10215d'],
    ]);
    expect(job.subtasks[0]?.finishedAt).toEqual(new Date('2020-02-02T04:05:29.196Z'));
    expect(job.raw).toBe(raw);
  });

  it('Succeeded: the nested sub-jobs are flattened depth first, a parent before its children', () => {
    const job = normalizeCceJob(exampleValue('cce', '200', 'Succeeded'));
    expect(job).toMatchObject({ state: 'succeeded', done: true, type: 'CreateNode', resource: { id: '7a2b1c3d-9607-11e8-baa8-0255ac10215d' } });
    expect(job.subtasks.map((s) => s.type)).toEqual(['InstallNode', 'InstallKubelet']);
    expect(job.progress).toEqual({ completed: 2, total: 2 });
    expect(job.finishedAt).toEqual(new Date('2020-02-02T09:06:12.250Z'));
  });

  it('Failed: status.reason is the error; the failed sub-job says it too', () => {
    const job = normalizeCceJob(exampleValue('cce', '200', 'Failed'));
    expect(job).toMatchObject({ state: 'failed', done: true, error: { message: 'Insufficient ECS quota.' } });
    expect(job.subtasks[0]).toMatchObject({ state: 'failed', error: { message: 'Insufficient ECS quota.' } });
    const noOwnReason = normalizeCceJob({ status: { phase: 'Failed', reason: '' }, spec: { subJobs: [{ status: { phase: 'Failed', reason: 'etcd down' } }] } });
    expect(noOwnReason.error).toEqual({ message: 'etcd down' });
  });

  it('a sub-job tree deeper than any real one is cut off, not followed without end', () => {
    let spec: Record<string, unknown> = {};
    const root = { status: { phase: 'Running' }, spec };
    for (let i = 0; i < 100; i += 1) {
      const child: Record<string, unknown> = {};
      spec['subJobs'] = [{ status: { phase: 'Running' }, spec: child }];
      spec = child;
    }
    expect(normalizeCceJob(root).subtasks.length).toBeLessThan(100);
  });

  it('parses Go-format times to the millisecond, with their offset; other forms as before', () => {
    expect(parseCceTime('2020-02-02 08:12:40.672772389 +0000 UTC')?.toISOString()).toBe('2020-02-02T08:12:40.672Z');
    expect(parseCceTime('2020-02-02 10:12:40 +0200 CEST')?.toISOString()).toBe('2020-02-02T08:12:40.000Z');
    expect(parseCceTime('2020-02-02T08:12:40Z')?.toISOString()).toBe('2020-02-02T08:12:40.000Z');
    expect(parseCceTime('yesterday')).toBeUndefined();
  });

  it('every phase row maps to its state; the descriptor is registered', () => {
    expect(CCE_STATUS_TABLE['status.phase']?.map(([raw, state]) => [raw, state])).toEqual([['Initializing', 'pending'], ['Running', 'running'], ['Success', 'succeeded'], ['Failed', 'failed']]);
    for (const [status, state] of CCE_STATUS_TABLE['status.phase'] ?? []) expect(CCE_STATUS_STATES[status]).toBe(state);
    expect(findService('cce')).toBe(cce);
  });

  it('the reference is { jobId, projectId? }: a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'cce'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error a CCE job is read by its job ID, not by a cluster ID
    const wrong: JobRef<'cce'> = { clusterId: 'x' };
    expect(wrong).toBeDefined();
  });
});

describe('cce: get and wait against the simulator', () => {
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
    sim = await startSimulator({ tokens: [TOKEN], clock: () => now, seed: 15 });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sleeps = [];
    timers.length = 0;
  });
  const jobs = () => createJobs({ baseUrl: sim.url, token: TOKEN, projectId: PROJECT, fetch: countingFetch });

  it('get reads a new cluster creation; wait follows it to success with progress from its sub-jobs', async () => {
    const created = sim.createJob({ service: 'cce', durationMs: 30_000, subtasks: 3, outcome: 'success' });
    const first = await jobs().get('cce', { jobId: created.id });
    expect(first).toMatchObject({ service: 'cce', id: created.id, type: 'CreateCluster', status: 'Initializing', done: false, progress: { completed: 0, total: 3 } });
    expect(first.startedAt).toEqual(new Date(now));
    const seen: number[] = [];
    const job = await jobs().wait('cce', { jobId: created.id }, { clock, onProgress: (j) => seen.push(j.progress?.completed ?? -1) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded', done: true, progress: { completed: 3, total: 3 } });
    expect(job.subtasks.map((s) => s.type)).toEqual(['CreatePSMCert', 'InstallMaster', 'InstallAddons']);
    expect(job.resource?.kind).toBe('resourceID');
    expect(job.finishedAt).toBeInstanceOf(Date);
    expect(seen.some((n) => n > 0 && n < 3)).toBe(true);
  });

  it('a failed job rejects with JobFailedError carrying the job and its reason', async () => {
    const created = sim.createJob({ service: 'cce', durationMs: 10_000, subtasks: 2, outcome: 'failure' });
    const error = await jobs().wait('cce', { jobId: created.id }, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const job = (error as JobFailedError).job;
    expect(job).toMatchObject({ id: created.id, state: 'failed', error: { message: 'Insufficient ECS quota.' } });
    expect(job.subtasks.at(-1)?.state).toBe('failed');
  });

  it('survives 404-until-visible, a 500, a 429 with Retry-After and a dropped connection', async () => {
    const created = sim.createJob({ service: 'cce', durationMs: 60_000, subtasks: 2 });
    sim.injectFault({ kind: 'notFound', service: 'cce', jobId: created.id, count: 2 });
    sim.injectFault({ kind: 'serverError', status: 500, service: 'cce', jobId: created.id, count: 1 });
    sim.injectFault({ kind: 'throttle', service: 'cce', jobId: created.id, count: 1, retryAfterSeconds: 25 });
    sim.injectFault({ kind: 'drop', service: 'cce', jobId: created.id, count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobs().wait('cce', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded' });
    expect(stats?.errorsRetried).toBe(5);
    // Two not-yet-visible reads (404), the 500, then the 429: its Retry-After (25 s) wins.
    expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
    expect(sim.listFaults()).toEqual([]);
  });

  it("CCE's own not-found answer (404 with its error codes) ends a wait with JobNotFoundError after the grace", async () => {
    const error = await jobs()
      .wait('cce', { jobId: 'ffffffff-0000-4000-8000-000000000000' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'CCE_CM.0404' });
    expect(String(error)).not.toContain(TOKEN);
  });
});

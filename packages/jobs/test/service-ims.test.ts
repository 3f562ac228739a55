// IMS in @cloud-jobs/jobs: the page's fourteen examples (one per job type) normalized, and get +
// wait end to end over real HTTP against the simulator (packages/simulator/src/services/ims.ts):
// success, failure, 404-until-visible, a 500, a 429 with Retry-After, a dropped connection, and the
// not-found answer (400 Common.0011). Time is virtual: the simulator's clock, moved by the waiter.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { JobFailedError, JobNotFoundError, createJobs, findService, type JobRef, type ProjectJobRef, type WaitClock, type WaitStats } from '../src/index.js';
import { ims, normalizeImsJob, IMS_RESULT_STATUS_STATES, IMS_STATUS_STATES, IMS_STATUS_TABLE } from '../src/services/ims/index.js';

const TOKEN = 'ims-test-secret-token';
const PROJECT = '0123456789abcdef0123456789abcdef';

/** The page's examples, by job family: the entities each one carries. */
const IMAGE_EXAMPLES = ['CreateImageByInstance', 'ImportImage', 'VolumeCreateImage', 'ImportDataImage', 'CreateWholeImageByInstance', 'CreateWholeImageByBackup', 'NativeImportImage', 'NativeExportImage', 'CopyImageInRegion'];
const SUB_JOB_EXAMPLES = ['ImportOvaImage', 'VolumesToSysDataImages'];
const SHARING_EXAMPLES = ['AddImageMembers', 'DelImageMembers', 'UpdateImageMembers'];

describe('normalizeImsJob: the spec examples', () => {
  it('has all fourteen job types of the page, one example each', () => {
    expect(new Set([...IMAGE_EXAMPLES, ...SUB_JOB_EXAMPLES, ...SHARING_EXAMPLES].map((name) => exampleValue('ims', '200', name).job_type)).size).toBe(14);
  });

  it.each(IMAGE_EXAMPLES)('%s: succeeded, its image as the resource, times parsed, no subtasks', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    expect(job).toMatchObject({ service: 'ims', id: raw.job_id, type: raw.job_type, state: 'succeeded', done: true, status: 'SUCCESS', subtasks: [] });
    expect(job.resource).toEqual({ kind: 'image_id', id: raw.entities.image_id });
    expect(job.startedAt).toEqual(new Date(raw.begin_time));
    expect(job.finishedAt).toEqual(new Date(raw.end_time));
    expect(job.error).toBeUndefined();
    expect(job.progress).toBeUndefined();
    expect(job.raw).toBe(raw);
  });

  it.each(SUB_JOB_EXAMPLES)('%s: sub_jobs_result as subtasks, progress, the sub-job image as the resource', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    const sub = raw.entities.sub_jobs_result[0];
    expect(job).toMatchObject({ state: 'succeeded', progress: { completed: 1, total: 1 }, resource: { kind: 'image_id', id: sub.entities.image_id } });
    expect(job.subtasks).toHaveLength(1);
    expect(job.subtasks[0]).toMatchObject({ id: sub.job_id, type: sub.job_type, state: 'succeeded', name: 'test', resource: { kind: 'image_id', id: sub.entities.image_id } });
    expect(job.subtasks[0]?.finishedAt).toEqual(new Date(sub.end_time));
  });

  it.each(SHARING_EXAMPLES)('%s: each sharing result is a subtask, its lower-case status mapped', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    expect(job.state).toBe('succeeded');
    expect(job.subtasks.map((s) => [s.status, s.state, s.resource?.id])).toEqual(raw.entities.results.map((r: { status: string; image_id: string }) => [r.status, 'succeeded', r.image_id]));
    expect(job.progress).toEqual(raw.entities.results.length > 0 ? { completed: 1, total: 1 } : undefined);
  });

  it('Running and Failed: no end yet; a failure with its code and reason', () => {
    const running = normalizeImsJob(exampleValue('ims', '200', 'Running'));
    expect(running).toMatchObject({ state: 'running', done: false, progress: { completed: 0, total: 1 } });
    expect(running.finishedAt).toBeUndefined();
    const failed = normalizeImsJob(exampleValue('ims', '200', 'Failed'));
    expect(failed).toMatchObject({ state: 'failed', done: true, error: { code: 'IMG.0005', message: 'The ECS does not exist.' } });
  });

  it("a failed job without its own reason takes the SDK's entities error fields, else the failed sub-job's", () => {
    const fromEntities = normalizeImsJob({ status: 'FAIL', job_id: 'j', error_code: null, fail_reason: null, entities: { error_code: 'IMG.0011', error: 'forceCreate must be set.' } });
    expect(fromEntities.error).toEqual({ code: 'IMG.0011', message: 'forceCreate must be set.' });
    const fromSubJob = normalizeImsJob({
      status: 'FAIL', job_id: 'j', entities: { sub_jobs_result: [{ status: 'FAIL', job_id: 's', error_code: 'IMG.0005', fail_reason: 'The ECS does not exist.' }] },
    });
    expect(fromSubJob.error).toEqual({ code: 'IMG.0005', message: 'The ECS does not exist.' });
  });

  it('results statuses map in either case; the rows match the lookups; the descriptor is registered', () => {
    for (const raw of ['success', 'SUCCESS', 'fail', 'FAIL']) {
      const job = normalizeImsJob({ status: 'RUNNING', entities: { results: [{ project_id: 'p', status: raw }] } });
      expect(job.subtasks[0]?.state, raw).toBe(raw.toLowerCase() === 'success' ? 'succeeded' : 'failed');
    }
    for (const [status, state] of IMS_STATUS_TABLE['status'] ?? []) expect(IMS_STATUS_STATES[status]).toBe(state);
    for (const [status, state] of IMS_STATUS_TABLE['entities.results[].status'] ?? []) expect(IMS_RESULT_STATUS_STATES[status]).toBe(state);
    expect(findService('ims')).toBe(ims);
  });

  it('the reference is { jobId, projectId? }: a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'ims'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error an IMS job is read by its job ID, not by an image ID
    const wrong: JobRef<'ims'> = { imageId: 'x' };
    expect(wrong).toBeDefined();
  });
});

describe('ims: get and wait against the simulator', () => {
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

  it('get reads a running OVA import; wait follows it to success with progress from its sub-jobs', async () => {
    const created = sim.createJob({ service: 'ims', durationMs: 30_000, subtasks: 3, outcome: 'success' });
    const first = await jobs().get('ims', { jobId: created.id });
    expect(first).toMatchObject({ service: 'ims', id: created.id, type: 'imsImportOvaImageJob', done: false, progress: { completed: 0, total: 3 } });
    const seen: number[] = [];
    const job = await jobs().wait('ims', { jobId: created.id }, { clock, onProgress: (j) => seen.push(j.progress?.completed ?? -1) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded', done: true, progress: { completed: 3, total: 3 } });
    expect(job.subtasks.map((s) => s.type)).toEqual(['imsImportImageJob', 'imsImportImageJob', 'imsImportImageJob']);
    expect(job.resource?.kind).toBe('image_id');
    expect(seen.some((n) => n > 0 && n < 3)).toBe(true);
  });

  it('a failed job rejects with JobFailedError carrying the job and its reason', async () => {
    const created = sim.createJob({ service: 'ims', durationMs: 10_000, subtasks: 2, outcome: 'failure' });
    const error = await jobs().wait('ims', { jobId: created.id }, { clock }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const job = (error as JobFailedError).job;
    expect(job).toMatchObject({ id: created.id, state: 'failed', error: { code: 'IMG.0005', message: 'The ECS does not exist.' } });
    expect(job.subtasks.at(-1)?.state).toBe('failed');
  });

  it('survives 404-until-visible, a 500, a 429 with Retry-After and a dropped connection', async () => {
    const created = sim.createJob({ service: 'ims', durationMs: 60_000, subtasks: 2 });
    sim.injectFault({ kind: 'notFound', service: 'ims', jobId: created.id, count: 2 });
    sim.injectFault({ kind: 'serverError', status: 500, service: 'ims', jobId: created.id, count: 1 });
    sim.injectFault({ kind: 'throttle', service: 'ims', jobId: created.id, count: 1, retryAfterSeconds: 25 });
    sim.injectFault({ kind: 'drop', service: 'ims', jobId: created.id, count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobs().wait('ims', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job).toMatchObject({ id: created.id, state: 'succeeded' });
    expect(stats?.errorsRetried).toBe(5);
    // Two not-yet-visible reads (400 Common.0011), the 500, then the 429: its Retry-After (25 s) wins.
    expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
    expect(sim.listFaults()).toEqual([]);
  });

  it("the not-found answer (400 Common.0011) ends a wait with JobNotFoundError after the grace", async () => {
    const error = await jobs()
      .wait('ims', { jobId: 'ffffffffffffffffffffffffffffffff' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobNotFoundError);
    expect(error).toMatchObject({ status: 400, code: 'Common.0011' });
    expect(String(error)).not.toContain(TOKEN);
  });
});

// createJobs end to end against the real simulator on 127.0.0.1: every service through to success
// and to failure, and the faults a waiter must survive (5xx bursts, 429 + Retry-After, dropped
// connections, malformed JSON, an HTML gateway page, 404 before the job is visible). Requests are
// real; time is virtual: the simulator's clock and the waiter's clock are one counter that jumps to
// the next timer whenever no request is open, so a ten-second job takes milliseconds and every
// delay is exact.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  InvalidPathParameterError,
  JobFailedError,
  JobNotFoundError,
  JobsConfigError,
  SERVICE_NAMES,
  WaitTimeoutError,
  createJobs,
  type Job,
  type JobRef,
  type ServiceName,
  type WaitClock,
  type WaitStats,
} from '../src/index.js';
import { createJobsFromEnv } from '../src/env.js';

const TOKEN = 'e2e-secret-token-7f3a9c';
const PROJECT = '0123456789abcdef0123456789abcdef';
const START = Date.UTC(2026, 10, 30, 8, 0, 0);

let sim: Simulator;
let now = START;
/** The sleeps that ran to their end (backoff sleeps; a request's timeout timer is aborted instead). */
let sleeps: number[] = [];

interface Timer {
  at: number;
  ms: number;
  fire(): void;
}
const timers: Timer[] = [];
let inFlight = 0;
let pumping = false;

/**
 * Virtual time: the simulator and the waiter share `now`. Time only moves when nothing is in flight
 * (no request open, two idle turns of the event loop): then it jumps to the earliest timer and fires it.
 */
function pump(): void {
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
}

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
      const timer: Timer = {
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
async function countingFetch(request: Request): Promise<Response> {
  inFlight += 1;
  try {
    const response = await fetch(request);
    const body = await response.arrayBuffer();
    return new Response(response.status === 204 ? null : body, { status: response.status, statusText: response.statusText, headers: response.headers });
  } finally {
    inFlight -= 1;
    pump();
  }
}

beforeAll(async () => {
  sim = await startSimulator({ clock: () => now, tokens: [TOKEN], seed: 7 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clearFaults();
  sleeps = [];
  timers.length = 0;
});

function jobsForSim(extra: Parameters<typeof createJobs>[0] = {}) {
  return createJobs({ baseUrl: sim.url, token: TOKEN, projectId: PROJECT, fetch: countingFetch, ...extra });
}

/** A created job's reference: its ID and its service's own reference fields (`created.refFields`, `{}` for most). */
function refOf(service: ServiceName, created: { id: string; refFields: Record<string, string> }): JobRef<typeof service> {
  return { ...created.refFields, jobId: created.id } as JobRef<typeof service>;
}

const WITH_SUBTASKS: ReadonlySet<ServiceName> = new Set(['ecs', 'servicestage', 'osm']);
const WITH_REASON: ReadonlySet<ServiceName> = new Set(['ecs', 'dcs', 'servicestage']);

describe('jobs.wait drives every service to its end', () => {
  it.each(SERVICE_NAMES.map((s) => [s]))('%s: succeeds, reports progress, keeps the raw payload', async (service) => {
    const created = sim.createJob({ service, durationMs: 10_000, subtasks: 3, outcome: 'success' });
    const jobs = jobsForSim();
    const seen: Job[] = [];
    let stats: WaitStats | undefined;
    const job = await jobs.wait(service, refOf(service, created), {
      clock,
      onProgress: (j) => seen.push(j),
      onSettled: (s) => (stats = s),
    });
    expect(job.service).toBe(service);
    expect(job.id).toBe(created.id);
    expect(job.state).toBe('succeeded');
    expect(job.done).toBe(true);
    expect(job.raw).toBeTypeOf('object');
    expect(job.raw).not.toBeNull();
    // The first read saw the job before it was over, so progress was reported along the way.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]?.done).toBe(false);
    expect(seen.at(-1)?.state).toBe('succeeded');
    if (WITH_SUBTASKS.has(service)) {
      expect(job.subtasks).toHaveLength(3);
      expect(job.progress).toEqual({ completed: 3, total: 3 });
      const partial = seen.filter((j) => j.progress && j.progress.completed > 0 && j.progress.completed < 3);
      expect(partial.length).toBeGreaterThan(0);
    }
    expect(stats?.errorsRetried).toBe(0);
    // Detected within one max delay (30 s) of the end, never before it.
    expect(now - START).toBeGreaterThan(0);
  });

  it.each(SERVICE_NAMES.map((s) => [s]))('%s: a failed job rejects with JobFailedError carrying the job and its reason', async (service) => {
    const created = sim.createJob({ service, durationMs: 5_000, subtasks: 2, outcome: 'failure' });
    const error = await jobsForSim()
      .wait(service, refOf(service, created), { clock })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    const job = (error as JobFailedError).job;
    expect(job.state).toBe('failed');
    expect(job.done).toBe(true);
    expect(job.id).toBe(created.id);
    expect((error as JobFailedError).message).toContain(created.id);
    // ECS (fail_reason), DCS and ServiceStage (MESSAGES) say why; CFW and OSM bodies carry no reason.
    if (WITH_REASON.has(service)) expect(job.error?.message ?? '').not.toBe('');
  });

  it('get reads one snapshot; a job that is over stays over', async () => {
    const created = sim.createJob({ service: 'ecs', durationMs: 1_000, subtasks: 1 });
    const jobs = jobsForSim();
    const first = await jobs.get('ecs', { jobId: created.id });
    expect(first.done).toBe(false);
    now += 2_000;
    const second = await jobs.get('ecs', { jobId: created.id, projectId: PROJECT });
    expect(second.state).toBe('succeeded');
    expect(second.finishedAt).toBeInstanceOf(Date);
  });
});

describe('jobs.wait survives transient faults', () => {
  it.each(SERVICE_NAMES.map((s) => [s]))('%s: 404 until visible, a 500, a 429 with Retry-After and a dropped connection, then success', async (service) => {
    const created = sim.createJob({ service, durationMs: 60_000, subtasks: 2 });
    sim.injectFault({ kind: 'notFound', service, jobId: created.id, count: 2 });
    sim.injectFault({ kind: 'serverError', status: 500, service, jobId: created.id, count: 1 });
    sim.injectFault({ kind: 'throttle', service, jobId: created.id, count: 1, retryAfterSeconds: 25 });
    sim.injectFault({ kind: 'drop', service, jobId: created.id, count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobsForSim().wait(service, refOf(service, created), { clock, onSettled: (s) => (stats = s) });
    expect(job.state).toBe('succeeded');
    expect(job.id).toBe(created.id);
    expect(stats?.errorsRetried).toBe(5);
    // Two not-yet-visible reads, the 500, then the 429: its Retry-After (25 s) beats the backoff's 16 s.
    expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
    expect(sim.listFaults()).toEqual([]);
  });

  it('a burst of 500/502/503 answers is retried with backoff', async () => {
    const created = sim.createJob({ service: 'dcs', durationMs: 3_000 });
    sim.injectFault({ kind: 'serverError', status: 500, service: 'dcs', count: 1 });
    sim.injectFault({ kind: 'serverError', status: 502, service: 'dcs', count: 1 });
    sim.injectFault({ kind: 'serverError', status: 503, service: 'dcs', count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobsForSim().wait('dcs', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job.state).toBe('succeeded');
    expect(stats?.errorsRetried).toBe(3);
    // Full jitter at random 0.5 over ceilings 4000, 8000, 16000 (min 2000): 3000, 5000, 9000.
    expect(sleeps.slice(0, 3)).toEqual([3000, 5000, 9000]);
  });

  it('a 429 with Retry-After waits what the server asked', async () => {
    const created = sim.createJob({ service: 'cfw', durationMs: 30_000 });
    sim.injectFault({ kind: 'throttle', service: 'cfw', count: 1, retryAfterSeconds: 7 });
    let stats: WaitStats | undefined;
    const job = await jobsForSim().wait('cfw', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job.state).toBe('succeeded');
    expect(sleeps[0]).toBe(7_000);
    expect(stats?.errorsRetried).toBe(1);
  });

  it('a dropped connection, a malformed body and an HTML gateway page are all transient', async () => {
    const created = sim.createJob({ service: 'ecs', durationMs: 20_000, subtasks: 2 });
    sim.injectFault({ kind: 'drop', service: 'ecs', count: 1 });
    sim.injectFault({ kind: 'malformed', service: 'ecs', count: 1 });
    sim.injectFault({ kind: 'html', service: 'ecs', count: 1 });
    let stats: WaitStats | undefined;
    const job = await jobsForSim().wait('ecs', { jobId: created.id }, { clock, onSettled: (s) => (stats = s) });
    expect(job.state).toBe('succeeded');
    expect(stats?.errorsRetried).toBe(3);
  });

  it('a job that answers 404 for its first polls is waited for, within the not-found grace', async () => {
    const created = sim.createJob({ service: 'servicestage', durationMs: 10_000 });
    sim.injectFault({ kind: 'notFound', service: 'servicestage', jobId: created.id, count: 2 });
    const job = await jobsForSim().wait('servicestage', { jobId: created.id }, { clock });
    expect(job.state).toBe('succeeded');
  });

  it('a 404 that outlasts the grace fails with JobNotFoundError, not a timeout', async () => {
    const error = await jobsForSim()
      .wait('dcs', { jobId: 'ffffffff-0000-0000-0000-000000000000' }, { clock, notFoundGraceMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobNotFoundError);
    expect((error as JobNotFoundError).status).toBe(404);
  });

  it('too many faults in a row end the wait with the last ApiError', async () => {
    const created = sim.createJob({ service: 'ecs', durationMs: 60_000 });
    sim.injectFault({ kind: 'serverError', status: 503, service: 'ecs', count: 5 });
    const error = await jobsForSim()
      .wait('ecs', { jobId: created.id }, { clock, maxConsecutiveErrors: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
  });

  it('the deadline holds: a job longer than timeoutMs rejects with WaitTimeoutError', async () => {
    const created = sim.createJob({ service: 'osm', durationMs: 3_600_000 });
    const startedAt = now;
    const error = await jobsForSim()
      .wait('osm', { jobId: created.id }, { clock, timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(now - startedAt).toBeLessThanOrEqual(60_000);
  });
});

describe('errors are clear, typed, and never carry the token', () => {
  it('a wrong token gets the 401 as an ApiError without the token in it', async () => {
    const created = sim.createJob({ service: 'ecs' });
    const jobs = createJobs({ baseUrl: sim.url, token: `${TOKEN}-wrong`, projectId: PROJECT });
    const error = await jobs.get('ecs', { jobId: created.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    const text = [String(error), (error as Error).stack, inspect(error, { depth: 10 }), JSON.stringify(error), inspect(jobs, { depth: 10 })].join('\n');
    expect(text).not.toContain(TOKEN);
  });

  it('a 401 ends a wait at once (no retry of a fatal error)', async () => {
    const created = sim.createJob({ service: 'cfw' });
    const error = await createJobs({ baseUrl: sim.url, token: 'nope', projectId: PROJECT, fetch: countingFetch })
      .wait('cfw', { jobId: created.id }, { clock })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(sleeps).toEqual([]);
  });

  it('a missing project ID names the field', async () => {
    const jobs = createJobs({ baseUrl: sim.url, token: TOKEN });
    const error = await jobs.get('dcs', { jobId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsConfigError);
    expect((error as JobsConfigError).field).toBe('projectId');
  });

  it('an empty job ID names the field; a dot-segment job ID is refused before any request', async () => {
    const jobs = jobsForSim();
    await expect(jobs.get('ecs', { jobId: '' })).rejects.toMatchObject({ name: 'JobsConfigError', field: 'ref.jobId' });
    const error = await jobs.get('ecs', { jobId: '..' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('InvalidPathParameterError');
    expect(error).toBeInstanceOf(InvalidPathParameterError);
  });

  it('a job ID with a slash is encoded into one path segment, never a new path', async () => {
    const error = await jobsForSim()
      .get('ecs', { jobId: '../../v2/x' })
      .catch((e: unknown) => e);
    // The simulator sees one (bad) job ID segment and answers the documented 400/404, not another route.
    expect(error).toBeInstanceOf(ApiError);
    expect([400, 404]).toContain((error as ApiError).status);
  });

  it('an unknown service is refused by name', async () => {
    const jobs = jobsForSim();
    await expect(jobs.get('nosuch' as ServiceName, { jobId: 'x' })).rejects.toMatchObject({ name: 'JobsConfigError', field: 'service' });
  });

  it('plain http to a non-loopback host is refused', async () => {
    const jobs = createJobs({ baseUrls: { ecs: 'http://example.com' }, token: TOKEN, projectId: PROJECT });
    await expect(jobs.get('ecs', { jobId: 'x' })).rejects.toMatchObject({ name: 'ClientConfigError', option: 'baseUrl' });
  });

  it('the global diagnosis API is reached from any Huawei Cloud region', () => {
    const jobs = createJobs({ region: 'eu-west-101', token: TOKEN });
    expect(() => jobs.client('osm')).not.toThrow();
    expect(() => createJobs({ region: 'eu-de', cloud: 'otc', token: TOKEN }).client('osm')).toThrow(/no known endpoint on otc; pass baseUrl/);
  });

  it('an unknown region lists the known ones', async () => {
    const jobs = createJobs({ region: 'mars-1', cloud: 'otc', token: TOKEN, projectId: PROJECT });
    const error = await jobs.get('ecs', { jobId: 'x' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ClientConfigError');
    expect((error as Error).message).toMatch(/known regions: .*eu-de/);
  });
});

describe('a shared rate limit', () => {
  it('queues requests beyond the rate and releases them on abort', async () => {
    const created = sim.createJob({ service: 'ecs' });
    const jobs = jobsForSim({ maxRequestsPerSecond: 0.01 });
    const limiter = jobs.rateLimiter('ecs');
    expect(limiter?.maxRequestsPerSecond).toBe(0.01);
    await jobs.get('ecs', { jobId: created.id }); // the one token
    const controller = new AbortController();
    // Three jobs: gets of one job would share one request (coalescing).
    const others = [1, 2, 3].map(() => sim.createJob({ service: 'ecs' }).id);
    const pending = others.map((jobId) => jobs.get('ecs', { jobId }, { signal: controller.signal }).catch((e: unknown) => e));
    await vi.waitFor(() => expect(limiter?.queued).toBe(3));
    // Other services have their own limiter (or none): not held up.
    expect(jobs.rateLimiter('dcs')?.queued ?? 0).toBe(0);
    controller.abort(new Error('stop'));
    const results = await Promise.all(pending);
    expect(results.every((r) => r instanceof Error && r.message === 'stop')).toBe(true);
    expect(limiter?.queued).toBe(0);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => createJobs({ maxRequestsPerSecond: 0 })).toThrow(JobsConfigError);
    expect(() => createJobs({ maxRequestsPerSecond: { dcs: -1 } })).toThrow(/maxRequestsPerSecond\.dcs/);
  });
});

describe('createJobsFromEnv (@cloud-jobs/jobs/env)', () => {
  const PASSWORD = 'p@ss-e2e-91c2';
  let iam: LoopbackServer;
  let iamToken = TOKEN;
  beforeAll(async () => {
    iam = await startLoopbackServer(async (req, res) => {
      const body = JSON.parse(req.body || '{}') as { auth?: { identity?: { password?: { user?: { password?: string } } } } };
      if (body.auth?.identity?.password?.user?.password !== PASSWORD) {
        sendJson(res, 401, { error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } });
        return;
      }
      const issued = Date.now();
      sendJson(
        res,
        201,
        { token: { issued_at: new Date(issued).toISOString(), expires_at: new Date(issued + 24 * 3_600_000).toISOString(), project: { id: PROJECT, name: 'eu-de' } } },
        { 'X-Subject-Token': iamToken },
      );
    });
  });
  afterAll(() => iam.close());

  it('OS_AUTH_TOKEN and HUAWEICLOUD_SDK_PROJECT_ID are enough', async () => {
    const created = sim.createJob({ service: 'dcs', durationMs: 2_000 });
    const jobs = createJobsFromEnv({ baseUrl: sim.url, fetch: countingFetch, env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT } });
    expect((await jobs.wait('dcs', { jobId: created.id }, { clock })).state).toBe('succeeded');
  });

  it('an IAM password with OS_PROJECT_NAME only: the project ID comes from the token', async () => {
    iamToken = TOKEN;
    const created = sim.createJob({ service: 'ecs', durationMs: 2_000 });
    const jobs = createJobsFromEnv({
      baseUrl: sim.url,
      fetch: countingFetch,
      env: { OS_AUTH_URL: `${iam.url}/v3`, OS_USERNAME: 'alice', OS_PASSWORD: PASSWORD, OS_USER_DOMAIN_NAME: 'acme', OS_PROJECT_NAME: 'eu-de' },
    });
    const job = await jobs.wait('ecs', { jobId: created.id }, { clock });
    expect(job.state).toBe('succeeded');
    expect(iam.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('a refused password fails at once, names IAM, is not retried, and never shows the password', async () => {
    const created = sim.createJob({ service: 'ecs' });
    const jobs = createJobsFromEnv({
      baseUrl: sim.url,
      fetch: countingFetch,
      projectId: PROJECT,
      env: { OS_AUTH_URL: `${iam.url}/v3`, OS_USERNAME: 'alice', OS_PASSWORD: 'wrong-password-x', OS_USER_DOMAIN_NAME: 'acme', OS_PROJECT_NAME: 'eu-de' },
    });
    const error = await jobs.wait('ecs', { jobId: created.id }, { clock }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('IamAuthError');
    expect(sleeps).toEqual([]);
    expect([String(error), inspect(error, { depth: 10 }), JSON.stringify(error)].join('\n')).not.toContain('wrong-password-x');
  });

  it('no complete method: the missing variable is named', () => {
    expect(() => createJobsFromEnv({ env: { OS_AUTH_URL: 'https://iam.eu-de.otc.t-systems.com/v3', OS_USERNAME: 'alice' } })).toThrow(/OS_PASSWORD/);
  });
});

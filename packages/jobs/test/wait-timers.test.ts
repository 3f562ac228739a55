// Real timers: nothing is left behind after a wait settles (success, abort, timeout), a real HTTP
// poll loop against 127.0.0.1, and a child process that waits on a job exits on its own.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { errorFromBody } from '../src/normalize/index.js';
import { normalizeEcsJob } from '../src/services/ecs/index.js';
import type { Job } from '../src/model.js';
import { WaitTimeoutError, createRateLimiter, waitForJobWithStats, type GetJob } from '../src/wait/index.js';

const timeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
const REF = { service: 'ecs', jobId: 'job-1' } as const;

function running(state: 'running' | 'succeeded'): Job {
  return { service: 'ecs', id: 'job-1', state, done: state === 'succeeded', status: state === 'running' ? 'RUNNING' : 'SUCCESS', subtasks: [], raw: null };
}

describe('waitForJob with real timers', () => {
  it('keeps the process alive while sleeping, and leaves no timer after success (the 30 s request timer included)', async () => {
    const before = timeouts();
    let calls = 0;
    let duringSleep = -1;
    const getJob: GetJob = () => {
      calls += 1;
      // runs once the waiter is in its first sleep (after the poll's promise callbacks)
      if (calls === 1) setImmediate(() => (duringSleep = timeouts()));
      return Promise.resolve(running(calls < 3 ? 'running' : 'succeeded'));
    };
    const promise = waitForJobWithStats(getJob, { ref: REF, minDelayMs: 20, maxDelayMs: 40 });
    const { stats } = await promise;
    expect(stats.attempts).toBe(3);
    expect(duringSleep).toBeGreaterThanOrEqual(before + 1);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('leaves no timer and no listener after an abort during a sleep or during a request', async () => {
    const before = timeouts();
    const inSleep = new AbortController();
    const p1 = waitForJobWithStats(() => Promise.resolve(running('running')), { ref: REF, signal: inSleep.signal, minDelayMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    inSleep.abort('stop');
    await expect(p1).rejects.toBe('stop');

    const inRequest = new AbortController();
    const p2 = waitForJobWithStats(() => new Promise<Job>(() => {}), { ref: REF, signal: inRequest.signal });
    await new Promise((resolve) => setTimeout(resolve, 5));
    inRequest.abort('stop');
    await expect(p2).rejects.toBe('stop');
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('times out on time with a hung request, leaving nothing behind', async () => {
    const before = timeouts();
    const started = performance.now();
    const error: unknown = await waitForJobWithStats(() => new Promise<Job>(() => {}), { ref: REF, timeoutMs: 150, minDelayMs: 10, maxDelayMs: 20 }).catch((e: unknown) => e);
    const took = performance.now() - started;
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(1000);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});

describe('waitForJob over real HTTP', () => {
  let server: LoopbackServer;
  const answers: { status: number; body: unknown; headers?: Record<string, string> }[] = [];

  beforeAll(async () => {
    server = await startLoopbackServer((_req, res) => {
      const answer = answers.shift() ?? { status: 200, body: { job_id: 'job-1', status: 'SUCCESS' } };
      sendJson(res, answer.status, answer.body, answer.headers ?? {});
    });
  });
  afterAll(() => server.close());

  it('rides out a 503 with Retry-After and a 429, and reports progress', async () => {
    answers.push(
      { status: 200, body: { job_id: 'job-1', status: 'INIT' } },
      { status: 503, body: { error: { code: 'Common.1503', message: 'flow control' } }, headers: { 'retry-after': '0' } },
      { status: 429, body: { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached' } },
      { status: 200, body: { job_id: 'job-1', status: 'RUNNING' } },
    );
    const getJob: GetJob = async ({ signal }) => {
      const response = await fetch(`${server.url}/v1/p/jobs/job-1`, { signal });
      const body: unknown = await response.json();
      if (!response.ok) throw errorFromBody('ecs', response.status, body, response.headers);
      return normalizeEcsJob(body);
    };
    const seen: string[] = [];
    const before = timeouts();
    const { job, stats } = await waitForJobWithStats(getJob, {
      ref: REF,
      minDelayMs: 10,
      maxDelayMs: 30,
      rateLimiter: createRateLimiter({ maxRequestsPerSecond: 200 }),
      onProgress: (j) => seen.push(String(j.status)),
    });
    expect(job.state).toBe('succeeded');
    expect(seen).toEqual(['INIT', 'RUNNING', 'SUCCESS']);
    expect(stats).toMatchObject({ attempts: 5, errorsRetried: 2, statusesSeen: ['INIT', 'RUNNING', 'SUCCESS'] });
    expect(server.requests).toHaveLength(5);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});

describe('a process that waits on a job', () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloud-jobs-wait-'));
    bundle = join(dir, 'wait-child.mjs');
    const entry = fileURLToPath(new URL('../src/wait/index.ts', import.meta.url));
    const script = `
      import { waitForJob, createRateLimiter } from ${JSON.stringify(entry)};
      const limiter = createRateLimiter({ maxRequestsPerSecond: 50 });
      let n = 0;
      const job = (state) => ({ service: 'ecs', id: 'j', state, done: state === 'succeeded', status: state, subtasks: [], raw: null });
      const mode = process.argv[2];
      const controller = new AbortController();
      const wait = waitForJob(() => Promise.resolve(job(++n < 3 ? 'running' : 'succeeded')), {
        ref: { service: 'ecs', jobId: 'j' }, minDelayMs: 20, maxDelayMs: 40, rateLimiter: limiter, signal: controller.signal,
      });
      if (mode === 'abort') setTimeout(() => controller.abort('stop'), 5);
      wait.then((j) => console.log('settled', j.state), (e) => console.log('rejected', String(e)));
    `;
    await writeFile(join(dir, 'entry.mjs'), script);
    await build({ entryPoints: [join(dir, 'entry.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const runChild = (mode: string): Promise<{ code: number | null; out: string; ms: number }> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(process.execPath, [bundle, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const guard = setTimeout(() => child.kill(), 10_000);
      child.on('error', reject);
      child.on('exit', (code) => {
        clearTimeout(guard);
        resolve({ code, out, ms: performance.now() - started });
      });
    });

  it('exits on its own once the wait succeeded (no 30 s request timer, no limiter timer left)', async () => {
    const { code, out, ms } = await runChild('succeed');
    expect(out.trim()).toBe('settled succeeded');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  }, 15_000);

  it('exits on its own after an abort', async () => {
    const { code, out, ms } = await runChild('abort');
    expect(out.trim()).toBe('rejected stop');
    expect(code).toBe(0);
    expect(ms).toBeLessThan(5000);
  }, 15_000);
});

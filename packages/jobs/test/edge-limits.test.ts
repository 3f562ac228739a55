// Every request is bounded in time and every body in size, through createJobs and the waiter:
// the runtime's typed errors arrive unchanged, RequestTimeoutError is retried, the rest is not.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue } from '../../../test-utils/spec.js';
import {
  ApiError,
  JobsConfigError,
  RequestTimeoutError,
  ResponseTooLargeError,
  createJobs,
  fetchJob,
  waitForJob,
} from '../src/index.js';
import { ecs } from '../src/services/ecs/index.js';

/** What the server does with the n-th request (1-based), per test. */
let behave: (n: number, res: ServerResponse) => void;
let server: LoopbackServer;
const FAST = { minDelayMs: 10, maxDelayMs: 20 };

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => behave(server.requests.length, res));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const succeeded = (res: ServerResponse): void => sendJson(res, 200, exampleValue('ecs', '200', 'Succeeded'));
const silent = (): void => undefined;
function trickle(res: ServerResponse): void {
  if (res.socket === null || res.socket.destroyed) return; // the budget ran out before this handler ran
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":');
  const timer = setInterval(() => res.write(' '), 20);
  res.once('close', () => clearInterval(timer));
}

/** Streams an endless body (no Content-Length) until the client hangs up; `written` counts the bytes sent. */
let written = 0;
function endless(res: ServerResponse, status = 200): void {
  written = 0;
  res.writeHead(status, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

describe('time', () => {
  it('jobs.get rejects a silent server with RequestTimeoutError at the per-call budget', async () => {
    behave = silent;
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    const started = Date.now();
    const error = await jobs.get('ecs', { jobId: 'j' }, { requestTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(10_000); // hang guard, not a benchmark
  });

  it("createJobs' requestTimeoutMs bounds a trickled body; the per-call one replaces it, larger too", async () => {
    behave = (_n, res) => trickle(res);
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', requestTimeoutMs: 200 });
    await expect(jobs.get('dcs', { jobId: 'j' })).rejects.toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 200 });
    behave = (_n, res) => setTimeout(() => succeeded(res), 400);
    await expect(jobs.get('ecs', { jobId: 'j' }, { requestTimeoutMs: 5_000 })).resolves.toMatchObject({ state: 'succeeded' });
  });

  it('the waiter retries a RequestTimeoutError within its deadline', async () => {
    behave = (n, res) => (n === 1 ? silent() : succeeded(res));
    // The budget is tight for the silent first answer; a loaded machine may time out a later poll too.
    const client = ecs.createClient({ baseUrl: server.url, requestTimeoutMs: 1_000 });
    const job = await waitForJob(({ signal }) => fetchJob(ecs, client, { jobId: 'j', projectId: 'p' }, { signal }), {
      ref: { service: 'ecs', jobId: 'j', projectId: 'p' },
      ...FAST,
      timeoutMs: 20_000,
    });
    expect(job.state).toBe('succeeded');
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it("createJobs' requestTimeoutMs is the default per-poll budget of wait", async () => {
    behave = (n, res) => (n === 1 ? trickle(res) : succeeded(res));
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', requestTimeoutMs: 1_000 });
    await expect(jobs.wait('ecs', { jobId: 'j' }, { ...FAST, timeoutMs: 10_000 })).resolves.toMatchObject({ state: 'succeeded' });
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
  });

  it('validates requestTimeoutMs and maxResponseBytes, naming the field', async () => {
    for (const bad of [0, -5, Number.NaN, 2.5]) {
      expect(() => createJobs({ requestTimeoutMs: bad })).toThrow(expect.objectContaining({ name: 'JobsConfigError', field: 'requestTimeoutMs' }));
      expect(() => createJobs({ maxResponseBytes: bad })).toThrow(expect.objectContaining({ name: 'JobsConfigError', field: 'maxResponseBytes' }));
    }
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    await expect(jobs.get('ecs', { jobId: 'j' }, { requestTimeoutMs: -1 })).rejects.toBeInstanceOf(JobsConfigError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('size', () => {
  it('jobs.get stops an endless body at the cap with ResponseTooLargeError', async () => {
    behave = (_n, res) => endless(res);
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', maxResponseBytes: 512 * 1024 });
    const error = await jobs.get('ecs', { jobId: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limitBytes: 512 * 1024 });
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('wait rejects at once on a too-large body, success or error, without retrying', async () => {
    for (const status of [200, 503]) {
      behave = (_n, res) => endless(res, status);
      server.requests.length = 0;
      const jobs = createJobs({ baseUrl: server.url, projectId: 'p', maxResponseBytes: 256 * 1024 });
      await expect(jobs.wait('servicestage', { jobId: 'j' }, { ...FAST, timeoutMs: 20_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('refuses a declared Content-Length above the cap before reading', async () => {
    behave = (_n, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) });
      res.write('{');
    };
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    await expect(jobs.get('cfw', { jobId: 'j' })).rejects.toMatchObject({ name: 'ResponseTooLargeError', limitBytes: 8 * 1024 * 1024 });
  });
});

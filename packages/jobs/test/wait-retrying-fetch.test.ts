// createRetryingFetch against a REAL HTTP server on 127.0.0.1: 503s, 429 + Retry-After, a dropped
// connection, ECS 202 Common.0024, non-idempotent methods, bounded attempts, abort. Time is injected
// (the sleeps are recorded and return at once); the requests are real.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { ConfigError, JobsConfigError } from '@cloud-jobs/core';
import { ecs } from '../src/services/ecs/index.js';
import { createRateLimiter, createRetryingFetch, type WaitClock, type RetryEvent } from '../src/wait/index.js';

type Answer = 'drop' | { status: number; body?: unknown; headers?: Record<string, string> };

let server: LoopbackServer;
let answers: Answer[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    const answer = answers.shift() ?? { status: 200, body: { status: 'SUCCESS' } };
    if (answer === 'drop') {
      res.socket?.destroy(); // the connection dies without an answer
      return;
    }
    sendJson(res, answer.status, answer.body ?? {}, answer.headers ?? {});
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  answers = [];
});

const WALL = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Records sleeps and resolves them at once (aborts still reject). */
function fakeTime(random = 0): { clock: Partial<WaitClock>; sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      wallNow: () => WALL,
      random: () => random,
      sleep: (ms, signal) => {
        sleeps.push(ms);
        return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
      },
    },
  };
}

const url = (path = '/v1/p/jobs/j1'): string => `${server.url}${path}`;

describe('createRetryingFetch', () => {
  it('retries 503s with backoff and returns the success', async () => {
    answers = [{ status: 503, body: { error: { code: 'Common.1503', message: 'flow control' } } }, { status: 503 }];
    const { clock, sleeps } = fakeTime(0.5);
    const events: RetryEvent[] = [];
    const fetchRetrying = createRetryingFetch((request) => fetch(request), { clock, minDelayMs: 100, maxDelayMs: 1000, onRetry: (event) => events.push(event) });
    const response = await fetchRetrying(url());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'SUCCESS' });
    expect(server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
    // ceilings 200, 400 -> random 0.5: 150, 250
    expect(sleeps).toEqual([150, 250]);
    expect(events.map((e) => [e.attempt, e.status, e.delayMs])).toEqual([
      [1, 503, 150],
      [2, 503, 250],
    ]);
  });

  it('honours a 429 Retry-After in seconds, clamped to [minDelayMs, maxDelayMs]', async () => {
    answers = [{ status: 429, headers: { 'retry-after': '2' } }, { status: 429, headers: { 'retry-after': '3600' } }, { status: 429, headers: { 'retry-after': '0' } }];
    const { clock, sleeps } = fakeTime();
    const response = await createRetryingFetch((request) => fetch(request), { clock, minDelayMs: 100, maxDelayMs: 5000, maxAttempts: 4 })(url());
    expect(response.status).toBe(200);
    expect(sleeps).toEqual([2000, 5000, 100]);
  });

  it('honours a Retry-After HTTP date', async () => {
    answers = [{ status: 503, headers: { 'retry-after': new Date(WALL + 4000).toUTCString() } }];
    const { clock, sleeps } = fakeTime();
    await createRetryingFetch((request) => fetch(request), { clock, minDelayMs: 100, maxDelayMs: 10_000 })(url());
    expect(sleeps).toEqual([4000]);
  });

  it('retries a dropped connection (network error)', async () => {
    answers = ['drop'];
    const { clock, sleeps } = fakeTime();
    const events: RetryEvent[] = [];
    const response = await createRetryingFetch((request) => fetch(request), { clock, onRetry: (event) => events.push(event) })(url());
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
    expect(events[0]).toMatchObject({ attempt: 1, status: 0 });
    expect(events[0]?.error).toBeInstanceOf(TypeError);
  });

  it('retries the ECS throttling answer HTTP 202 Common.0024 (given the ECS descriptor), not a plain 202', async () => {
    answers = [{ status: 202, body: { error: { code: 'Common.0024', message: 'exceeds flow over limit' } } }, { status: 202, body: { job_id: 'x' } }];
    const { clock } = fakeTime();
    const response = await createRetryingFetch((request) => fetch(request), { clock, service: ecs })(url());
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ job_id: 'x' });
    expect(server.requests).toHaveLength(2);
  });

  it('knows no service by itself: without a descriptor a 202 is an answer, a service code on a 400 is not read', async () => {
    answers = [{ status: 202, body: { error: { code: 'Common.0024', message: 'exceeds flow over limit' } } }];
    const { clock } = fakeTime();
    expect((await createRetryingFetch((request) => fetch(request), { clock })(url())).status).toBe(202);
    answers = [{ status: 400, body: { error: { code: 'Common.1503', message: 'flow control' } } }, { status: 200 }];
    expect((await createRetryingFetch((request) => fetch(request), { clock })(url())).status).toBe(400);
    expect(server.requests).toHaveLength(2);
  });

  it("a descriptor's throttle code is retried on an error answer of any status", async () => {
    answers = [{ status: 400, body: { error: { code: 'Common.1503', message: 'flow control' } } }, { status: 200 }];
    const { clock } = fakeTime();
    expect((await createRetryingFetch((request) => fetch(request), { clock, service: ecs })(url())).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxAttempts and returns the last answer as is', async () => {
    answers = [{ status: 503 }, { status: 502 }, { status: 504, body: { error_code: 'APIG.0201', error_msg: 'timeout' } }, { status: 200 }];
    const { clock } = fakeTime();
    const response = await createRetryingFetch((request) => fetch(request), { clock })(url());
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ error_code: 'APIG.0201', error_msg: 'timeout' });
    expect(server.requests).toHaveLength(3);
  });

  it('rethrows the network error of the last attempt', async () => {
    answers = ['drop', 'drop'];
    const { clock } = fakeTime();
    await expect(createRetryingFetch((request) => fetch(request), { clock, maxAttempts: 2 })(url())).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(2);
  });

  it('never retries a POST by default; retries a PUT when listed, sending the body every time', async () => {
    answers = [{ status: 503 }];
    const { clock } = fakeTime();
    const post = await createRetryingFetch((request) => fetch(request), { clock })(url('/v1/p/servers'), { method: 'POST', body: '{"a":1}' });
    expect(post.status).toBe(503);
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    answers = [{ status: 503 }, 'drop'];
    const put = await createRetryingFetch((request) => fetch(request), { clock, retryMethods: ['GET', 'PUT'] })(url('/v1/p/x'), { method: 'PUT', body: 'payload' });
    expect(put.status).toBe(200);
    expect(server.requests.map((r) => [r.method, r.body])).toEqual([
      ['PUT', 'payload'],
      ['PUT', 'payload'],
      ['PUT', 'payload'],
    ]);
  });

  it('does not retry 4xx (404, 400, 401) or 501', async () => {
    for (const status of [404, 400, 401, 501]) {
      server.requests.length = 0;
      answers = [{ status }];
      const { clock } = fakeTime();
      const response = await createRetryingFetch((request) => fetch(request), { clock })(url());
      expect(response.status).toBe(status);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('an abort during the sleep rejects at once with the reason; nothing is sent after', async () => {
    answers = [{ status: 503 }];
    const controller = new AbortController();
    const sleeps: number[] = [];
    const clock: Partial<WaitClock> = {
      sleep: (ms, signal) =>
        new Promise((_resolve, reject) => {
          sleeps.push(ms);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort(new Error('user canceled'));
        }),
    };
    const error: unknown = await createRetryingFetch((request) => fetch(request), { clock })(url(), { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('user canceled');
    expect(sleeps).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests).toHaveLength(1);
  });

  it('an abort during a request (real timers, the server never answers) rejects with the reason', async () => {
    let hold: (() => void) | undefined;
    const slow = await startLoopbackServer((_req, res) => {
      hold = () => res.end();
    });
    try {
      const fetchRetrying = createRetryingFetch((request) => fetch(request));
      const promise = fetchRetrying(`${slow.url}/slow`, { signal: AbortSignal.timeout(100) });
      const error: unknown = await promise.catch((e: unknown) => e);
      expect((error as DOMException).name).toBe('TimeoutError');
      expect(slow.requests).toHaveLength(1);
    } finally {
      hold?.();
      await slow.close();
    }
  });

  it('takes a rate-limiter token before every attempt', async () => {
    answers = [{ status: 503 }];
    const limiter = createRateLimiter({ maxRequestsPerSecond: 1000 });
    let acquired = 0;
    const counting = { ...limiter, acquire: (signal?: AbortSignal) => ((acquired += 1), limiter.acquire(signal)), queued: 0, maxRequestsPerSecond: 1000 };
    const { clock } = fakeTime();
    await createRetryingFetch((request) => fetch(request), { clock, rateLimiter: counting })(url());
    expect(acquired).toBe(2);
  });

  it('works as the fetch of an openapi-fetch style caller (a Request in, a Response out)', async () => {
    answers = [{ status: 503 }];
    const { clock } = fakeTime();
    const fetchRetrying = createRetryingFetch((request) => fetch(request), { clock });
    const response = await fetchRetrying(new Request(url(), { headers: { 'x-auth-token': 'secret-token' } }));
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.headers['x-auth-token'])).toEqual(['secret-token', 'secret-token']);
  });

  it('validates its options eagerly', () => {
    const f = (request: Request) => fetch(request);
    expectConfigError(() => createRetryingFetch('fetch' as never), 'fetch');
    expect(() => createRetryingFetch(f, { maxAttempts: 0 })).toThrow(/options.maxAttempts/);
    expectConfigError(() => createRetryingFetch(f, { maxAttempts: 2.5 }), 'options.maxAttempts');
    expect(() => createRetryingFetch(f, { minDelayMs: -1 })).toThrow(/options.minDelayMs/);
    expect(() => createRetryingFetch(f, { minDelayMs: 100, maxDelayMs: 50 })).toThrow(/options.maxDelayMs/);
    expect(() => createRetryingFetch(f, { maxDelayMs: 2 ** 31 })).toThrow(/options.maxDelayMs/);
    expect(() => createRetryingFetch(f, { retryMethods: 'GET' as never })).toThrow(/options.retryMethods/);
    expect(() => createRetryingFetch(f, { onRetry: 1 as never })).toThrow(/options.onRetry/);
    expectConfigError(() => createRetryingFetch(f, null as never), 'options');
    expectConfigError(() => createRetryingFetch(f, { minDelayMs: 100, maxDelayMs: 50 }), 'options.maxDelayMs');
    expectConfigError(() => createRetryingFetch(f, { retryMethods: 'GET' as never }), 'options.retryMethods');
    expectConfigError(() => createRetryingFetch(f, { rateLimiter: {} as never }), 'options.rateLimiter');
    expectConfigError(() => createRetryingFetch(f, { onRetry: 1 as never }), 'options.onRetry');
    expectConfigError(() => createRetryingFetch(f, { clock: { sleep: 1 } as never }), 'options.clock.sleep');
  });
});

/** The error `fn` throws (undefined when it throws none). */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** `fn` throws a JobsConfigError (a ConfigError) whose `field` is `field`. */
function expectConfigError(fn: () => unknown, field: string): void {
  const error = thrownBy(fn);
  expect(error).toBeInstanceOf(JobsConfigError);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as JobsConfigError).field).toBe(field);
}

// In one process, against a real redis-server: the limiter's budget and batches, option errors,
// and what happens when Redis is away or never answers (nothing hangs; work goes on locally).
import { ApiError, JobsConfigError, type Job } from '@cloud-jobs/jobs';
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { Redis } from 'ioredis';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOutcome, decodeAnswer, encodeOutcome } from '../src/answer.js';
import { connectRedis, createFleetJobs, createRedisRateLimiter, RedisUnavailableError } from '../src/index.js';
import { busiestWindow, watchGrants } from './grants.js';
import { startRedisServer, type RedisServer } from './redisServer.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
let server: RedisServer;
let redis: Redis;
let sim: Simulator;
let keyCount = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = connectRedis(server.url, { commandTimeoutMs: 2_000 });
  sim = await startSimulator();
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await sim?.close();
  await server?.stop();
});

/** A TCP server that accepts connections and never answers: a Redis that hangs. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `redis://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      tcp.close(() => resolve());
    }),
  };
}

describe('createRedisRateLimiter', () => {
  it('shares one budget between limiters of the same key: no window of a second gets more than the rate', async () => {
    const key = `k${(keyCount += 1)}`;
    const watch = await watchGrants(server.url, `cloud-jobs:rate:{${key}}`, 10);
    const a = createRedisRateLimiter({ redis, key, maxRequestsPerSecond: 10 });
    const b = createRedisRateLimiter({ redis, key, maxRequestsPerSecond: 10 });
    let released = 0;
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? a : b).acquire().then(() => (released += 1))));
    watch.stop();
    expect(released).toBe(30);
    // Two local limiters would have given 20 in the first second (each its own 10).
    // (A slot released late on a busy machine is given up and taken again: a few more slots.)
    expect(watch.slots.length).toBeGreaterThanOrEqual(30);
    expect(busiestWindow(watch.slots, 1_000)).toBe(10);
  }, 30_000);

  it('gives up the slots a stalled event loop releases late, instead of releasing them in a burst', async () => {
    const limiter = createRedisRateLimiter({ redis, key: `k${(keyCount += 1)}`, maxRequestsPerSecond: 20 });
    const released: number[] = [];
    const all = Promise.all(Array.from({ length: 40 }, () => limiter.acquire().then(() => released.push(performance.now()))));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // About ten slots pass while the loop is blocked; their timers would all fire at its end.
    const until = performance.now() + 500;
    while (performance.now() < until) {
      // stall
    }
    const stallEnd = performance.now();
    await all;
    expect(released).toHaveLength(40);
    // Right after the stall: at most the slot that is due then, not the ten that passed.
    expect(released.filter((t) => t >= stallEnd && t < stallEnd + 25).length).toBeLessThanOrEqual(2);
  }, 30_000);

  it('leaves the queue at once when the signal aborts', async () => {
    const limiter = createRedisRateLimiter({ redis, key: `k${(keyCount += 1)}`, maxRequestsPerSecond: 1 });
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('refuses bad options with a JobsConfigError naming the option', () => {
    expect(() => createRedisRateLimiter({ redis, key: '', maxRequestsPerSecond: 1 })).toThrow(JobsConfigError);
    expect(() => createRedisRateLimiter({ redis, key: 'k', maxRequestsPerSecond: -1 })).toThrow(/maxRequestsPerSecond/);
    expect(() => createRedisRateLimiter({ redis: {} as Redis, key: 'k', maxRequestsPerSecond: 1 })).toThrow(/options\.redis/);
    expect(() => createRedisRateLimiter({ redis, key: 'k', maxRequestsPerSecond: 1, redisTimeoutMs: 0 })).toThrow(/redisTimeoutMs/);
  });

  it('falls back to the local limiter when Redis is unreachable, says so once, and rejoins', async () => {
    const own = await startRedisServer();
    const client = connectRedis(own.url, { commandTimeoutMs: 300 });
    const events: string[] = [];
    const limiter = createRedisRateLimiter({
      redis: client, key: 'down', maxRequestsPerSecond: 50, redisTimeoutMs: 300, probeMs: 50,
      onDegraded: (error) => events.push(`degraded ${error instanceof RedisUnavailableError}`),
      onRejoined: () => events.push('rejoined'),
    });
    try {
      await limiter.acquire();
      await own.stop();
      for (let i = 0; i < 5; i += 1) await limiter.acquire();
      expect(events).toEqual(['degraded true']);
      await own.start();
      for (let i = 0; i < 200 && !events.includes('rejoined'); i += 1) {
        await limiter.acquire();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(events).toEqual(['degraded true', 'rejoined']);
      expect(Number(await client.get('cloud-jobs:rate:{down}:granted'))).toBeGreaterThan(0);
    } finally {
      client.disconnect();
      await own.stop();
    }
  }, 30_000);

  it('never hangs on a Redis that does not answer: each call gives up after redisTimeoutMs', async () => {
    const silent = await silentServer();
    const client = connectRedis(silent.url, { commandTimeoutMs: 60_000 });
    const errors: RedisUnavailableError[] = [];
    const limiter = createRedisRateLimiter({ redis: client, key: 'hang', maxRequestsPerSecond: 100, redisTimeoutMs: 200, onDegraded: (e) => errors.push(e) });
    try {
      await limiter.acquire();
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toMatch(/no answer within 200 ms/);
    } finally {
      client.disconnect();
      await silent.close();
    }
  }, 30_000);
});

describe('createFleetJobs in one process', () => {
  it('waits on a job through Redis and reads the others\' answers: two waits, one poll per round', async () => {
    const { id } = sim.createJob({ service: 'dcs', durationMs: 1_500 });
    const fleet = createFleetJobs({ redis, baseUrl: sim.url, token: 't', projectId: PROJECT, keyPrefix: `f${(keyCount += 1)}` });
    try {
      const options = { minDelayMs: 200, maxDelayMs: 300 };
      const [a, b] = await Promise.all([fleet.wait('dcs', { jobId: id }, options), fleet.wait('dcs', { jobId: id }, options)]);
      expect([a.state, b.state]).toEqual(['succeeded', 'succeeded']);
      expect(fleet.counts.read).toBeGreaterThan(0);
      expect(sim.jobs.get('dcs', id)!.polls).toBe(fleet.counts.polled);
    } finally {
      await fleet.close();
    }
  }, 30_000);

  it('waits locally when Redis never answers, with one warning through onDegraded', async () => {
    const silent = await silentServer();
    const client = connectRedis(silent.url, { commandTimeoutMs: 60_000 });
    const warnings: string[] = [];
    const fleet = createFleetJobs({ redis: client, baseUrl: sim.url, token: 't', projectId: PROJECT, maxRequestsPerSecond: 20, redisTimeoutMs: 200, onDegraded: (e) => warnings.push(e.operation) });
    try {
      const { id } = sim.createJob({ service: 'dcs', durationMs: 500 });
      const job = await fleet.wait('dcs', { jobId: id }, { minDelayMs: 100, maxDelayMs: 200 });
      expect(job.state).toBe('succeeded');
      expect(warnings).toHaveLength(1);
      expect(fleet.degraded).toBe(true);
    } finally {
      await fleet.close();
      client.disconnect();
      await silent.close();
    }
  }, 30_000);

  it('refuses bad options with a JobsConfigError naming the option', () => {
    expect(() => createFleetJobs({ redis, leaseMs: 5 })).toThrow(/leaseMs/);
    expect(() => createFleetJobs({ redis, workerId: '' })).toThrow(/workerId/);
    expect(() => createFleetJobs({ redis, maxRequestsPerSecond: { dcs: 0 } })).toThrow(/maxRequestsPerSecond\.dcs/);
    const fleet = createFleetJobs({ redis });
    return expect(fleet.storedWaits()).rejects.toThrow(/workerId/);
  });
});

describe('published answers', () => {
  it('carry the job (raw payload and normalized form, dates included) and ApiErrors across processes', () => {
    const job: Job = { service: 'svc', id: 'j1', state: 'running', done: false, status: 'RUNNING', startedAt: new Date('2026-01-01T00:00:00Z'), raw: { status: 'RUNNING', n: 1 }, subtasks: [{ id: 's1', state: 'pending', done: false, status: 'INIT', finishedAt: new Date('2026-01-02T00:00:00Z'), raw: {} }] };
    const read = answerOutcome(decodeAnswer(`{"seq":1,${encodeOutcome({ job })!.slice(1)}`)!);
    expect(read).toEqual(job);
    const error = new ApiError({ service: 'svc', status: 429, code: 'APIGW.0308', message: 'slow down', requestId: 'r1', retryAfterMs: 2_000, kind: 'throttled' });
    const answer = decodeAnswer(`{"seq":2,${encodeOutcome({ error })!.slice(1)}`)!;
    let thrown: unknown;
    try {
      answerOutcome(answer);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ status: 429, code: 'APIGW.0308', requestId: 'r1', retryAfterMs: 2_000, kind: 'throttled', message: error.message });
    // An abort or a bug of our own is not an answer for others.
    expect(encodeOutcome({ error: new Error('aborted') })).toBeUndefined();
  });
});

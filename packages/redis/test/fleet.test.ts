// Several Node processes against the simulator and one real redis-server: the combined rate, one
// poller per job, the poller's death and takeover, a Redis restart mid-wait, durable waits.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { startWorker, workerScript, type Worker } from './fleetHarness.js';
import { busiestWindow, watchGrants } from './grants.js';
import { startRedisServer, type RedisServer } from './redisServer.js';
import type { WorkerConfig } from './fixtures/worker.js';

const PROJECT = '0123456789abcdef0123456789abcdef';

let redis: RedisServer;
let sim: Simulator;
/** Forwards to the simulator and notes when each job request arrived. */
let proxy: LoopbackServer;
const arrivals: { at: number; url: string }[] = [];
const workers: Worker[] = [];
/** The jobs the tests wait on (a warm-up read of another job is not counted). */
const testJobs = new Set<string>();
let warmUpJobId = '';
let prefixCount = 0;
/** How far the simulator's clock is ahead of real time: a test finishes its jobs by moving it on. */
let simAheadMs = 0;

beforeAll(async () => {
  redis = await startRedisServer();
  sim = await startSimulator({ clock: () => Date.now() + simAheadMs });
  warmUpJobId = sim.createJob({ service: 'dcs', durationMs: 0 }).id;
  proxy = await startLoopbackServer(async (req, res) => {
    if ([...testJobs].some((id) => req.url.includes(id))) arrivals.push({ at: Date.now(), url: req.url });
    const answer = await fetch(sim.url + req.url, { headers: { 'x-auth-token': 'test-token' } });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(await answer.text());
  });
  await workerScript();
}, 60_000);

beforeEach(() => {
  prefix = `t${(prefixCount += 1)}`;
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
  arrivals.length = 0;
});

afterAll(async () => {
  await proxy?.close();
  await sim?.close();
  await redis?.stop();
});

/** Each test's workers share one key prefix (a fleet); the next test gets a fresh one. */
let prefix = 't0';

function config(jobIds: string[], extra: Partial<WorkerConfig> = {}): WorkerConfig {
  return { mode: 'fleet', redisUrl: redis.url, baseUrl: proxy.url, service: 'dcs', projectId: PROJECT, jobIds, keyPrefix: prefix, warmUpJobId, ...extra };
}

async function spawn(count: number, make: (i: number) => WorkerConfig): Promise<Worker[]> {
  const started = await Promise.all(Array.from({ length: count }, (_, i) => startWorker(make(i))));
  workers.push(...started);
  return started;
}

/** Resolves once `probe` gives a value: a test waits for the state it needs, not for a time. */
async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  for (const giveUpAt = Date.now() + 45_000; ; ) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function jobs(count: number, durationMs: number): string[] {
  const ids = Array.from({ length: count }, () => sim.createJob({ service: 'dcs', durationMs }).id);
  for (const id of ids) testJobs.add(id);
  return ids;
}

describe('a fleet of processes on one Redis', () => {
  it('keeps the combined request rate under the configured one and reaches >= 0.95 of it', async () => {
    const rate = 20;
    const watch = await watchGrants(redis.url, `${prefix}:rate:`, rate);
    // Far more demand than budget: 3 processes x 20 waits re-polling every 50-100 ms.
    const ids = jobs(60, 600_000);
    const fleet = await spawn(3, (i) => config(ids.slice(i * 20, i * 20 + 20), { maxRequestsPerSecond: rate, redisTimeoutMs: 5_000, wait: { minDelayMs: 50, maxDelayMs: 100, timeoutMs: 120_000 } }));
    // Once requests have been arriving for 2 s, every job finishes: each wait then ends with the
    // request that sees it, so no wait ends holding a reserved slot (deadlines would end each
    // process's waits at its own time, staggered by a loaded machine's starts, each with up to a
    // second of slots reserved ahead).
    await until('requests arrived over 2 s', () => (arrivals.length > 0 && arrivals.at(-1)!.at - arrivals[0]!.at >= 2_000 ? true : undefined));
    simAheadMs += 600_000;
    const done = await Promise.all(fleet.map((w) => w.done()));
    watch.stop();
    const grants = watch.slots;
    expect(done.flatMap((d) => d.results.map((r) => r.state))).toEqual(ids.map(() => 'succeeded'));
    // Every process stayed on Redis (a slow call would have sent it to its local limiter).
    expect(done.map((d) => d.degradedCount)).toEqual([0, 0, 0]);
    const sent = done.flatMap((d) => d.sentAt).sort((a, b) => a - b);
    expect(sent.length).toBe(arrivals.length);
    // Each request had its grant (no request without one), and the grants never exceed the rate
    // in any second.
    expect(grants.length).toBeGreaterThanOrEqual(sent.length);
    expect(busiestWindow(grants, 1_000)).toBeLessThanOrEqual(rate);
    // Slots are evenly spaced; N slots span N - 1 intervals.
    const spanMs = grants.at(-1)! - grants[0]!;
    expect(((grants.length - 1) * 1_000) / spanMs).toBeGreaterThanOrEqual(0.95 * rate);
    // Every grant became a request, but for the slots given up by a release later than the margin
    // after its slot (a stalled event loop).
    expect(sent.length).toBeGreaterThanOrEqual(grants.length - rate * 2);
    // Three processes alone would have sent ~3x as much (3 x 2 s x rate before the jobs finished).
    expect(sent.length).toBeLessThan(rate * 7);
  }, 60_000);

  it('polls each job from one process only; the others read its answers', async () => {
    const ids = jobs(5, 2_000);
    const fleet = await spawn(3, () => config(ids));
    const done = await Promise.all(fleet.map((w) => w.done()));
    for (const report of done) expect(report.results.map((r) => r.state)).toEqual(ids.map(() => 'succeeded'));
    for (const id of ids) {
      const pollers = fleet.filter((w) => w.messages.some((m) => m.type === 'polled' && m.jobId === id));
      expect(pollers).toHaveLength(1);
    }
    const reads = done.reduce((sum, d) => sum + d.counts.read, 0);
    const polls = done.reduce((sum, d) => sum + d.counts.polled, 0);
    expect(reads).toBeGreaterThan(0);
    expect(polls).toBe(arrivals.length);
    // One process's worth of requests per job, not three.
    for (const id of ids) expect(sim.jobs.get('dcs', id)!.polls).toBeLessThanOrEqual(Math.ceil(arrivals.length / ids.length) + 2);
  }, 60_000);

  it('hands a job to another process within a lease period when its poller dies', async () => {
    const [id] = jobs(1, 4_000);
    const fleet = await spawn(2, () => config([id!], { leaseMs: 1_000 }));
    const first = await Promise.race(fleet.map((w) => w.next((m) => m.type === 'polled').then(() => w)));
    await first.kill();
    const survivor = fleet.find((w) => w !== first)!;
    const report = await survivor.done();
    expect(report.results).toEqual([{ jobId: id, state: 'succeeded' }]);
    expect(survivor.messages.some((m) => m.type === 'polled' && m.jobId === id)).toBe(true);
  }, 60_000);

  it('keeps waiting through a Redis restart (locally meanwhile) and rejoins', async () => {
    const [id] = jobs(1, 12_000);
    const fleet = await spawn(2, () => config([id!], { leaseMs: 1_000, probeMs: 100, redisTimeoutMs: 300 }));
    await Promise.race(fleet.map((w) => w.next((m) => m.type === 'polled')));
    await redis.stop();
    await Promise.all(fleet.map((w) => w.next((m) => m.type === 'degraded')));
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();
    await Promise.all(fleet.map((w) => w.next((m) => m.type === 'rejoined')));
    const done = await Promise.all(fleet.map((w) => w.done()));
    for (const report of done) expect(report.results).toEqual([{ jobId: id, state: 'succeeded' }]);
  }, 60_000);

  it('resumes a dead worker\'s stored waits in its successor, keeping their deadlines', async () => {
    // The short job finishes when the test moves the simulator's clock on, after the kill (so it
    // is still waited on when the worker dies, however slowly it started). The long one outlives
    // its wait's 10 s budget, which the successor must keep, not restart; the short wait's budget
    // leaves any machine time to start the successor.
    const [short, long] = [jobs(1, 60_000)[0]!, jobs(1, 600_000)[0]!];
    const base = config([short, long], { workerId: 'w1', wait: { timeoutMs: 120_000, minDelayMs: 200, maxDelayMs: 400 }, waitFor: { [long]: { timeoutMs: 10_000 } } });
    const key = `${prefix}:waits:{w1}`;
    const [first] = await spawn(1, () => base);
    const client = new Redis(redis.url);
    try {
      await first!.next((m) => m.type === 'polled' && m.jobId === long);
      // Each wait's state is written as it starts; the worker dies once both writes have landed.
      await until('both waits are stored', async () => (Object.keys(await client.hgetall(key)).length >= 2 ? true : undefined));
      await first!.kill();
      const stored = await client.hgetall(key);
      expect(Object.keys(stored).sort()).toEqual([`dcs:${PROJECT}:${short}`, `dcs:${PROJECT}:${long}`].sort());
      simAheadMs += 60_000;
      // The successor asks for 60 s for both: a resumed wait keeps its original deadline instead.
      const [second] = await spawn(1, () => ({ ...base, resumeStored: true, wait: { timeoutMs: 60_000, minDelayMs: 200, maxDelayMs: 400 }, waitFor: {} }));
      const report = await second!.done();
      const byJob = Object.fromEntries(report.results.map((r) => [r.jobId, r]));
      expect(byJob[short]).toEqual({ jobId: short, state: 'succeeded' });
      expect(byJob[long]!.error).toMatch(/^WaitTimeoutError: .* did not finish within 10000 ms/);
      // Settled waits leave the store.
      expect(await client.hgetall(key)).toEqual({});
    } finally {
      client.disconnect();
    }
  }, 60_000);
});

// Coalescing: concurrent gets and waits on one job share its requests and answers (real HTTP,
// requests counted at the server), and requests in flight are capped before they are built.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { createJobChannel, createJobs, waitForJob, type FetchFunction, type JobChannel } from '../src/index.js';

let server: LoopbackServer;
/** Per job ID: how many requests it has had, and after how many it is SUCCESS. */
const answers = new Map<string, { seen: number; doneAfter: number }>();
let holdMs = 0;

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const jobId = decodeURIComponent(req.url.split('/jobs/')[1] ?? '');
    const entry = answers.get(jobId) ?? { seen: 0, doneAfter: 1 };
    entry.seen += 1;
    answers.set(jobId, entry);
    if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs));
    const status = entry.seen >= entry.doneAfter ? 'SUCCESS' : 'RUNNING';
    sendJson(res, 200, { job_id: jobId, job_type: 'createServer', status, entities: {} });
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  answers.clear();
  holdMs = 0;
});

const FAST = { minDelayMs: 20, maxDelayMs: 40 };

describe('coalescing in createJobs', () => {
  it('concurrent gets of one job send one request and all get its answer', async () => {
    holdMs = 50;
    answers.set('j1', { seen: 0, doneAfter: 1 });
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    const got = await Promise.all(Array.from({ length: 5 }, () => jobs.get('ecs', { jobId: 'j1' })));
    expect(server.requests).toHaveLength(1);
    expect(got.map((j) => j.state)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded', 'succeeded']);
  });

  it('gets of other jobs, or of another project, are not merged', async () => {
    holdMs = 30;
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    await Promise.all([jobs.get('ecs', { jobId: 'a' }), jobs.get('ecs', { jobId: 'b' }), jobs.get('ecs', { jobId: 'a', projectId: 'q' })]);
    expect(server.requests).toHaveLength(3);
  });

  it('concurrent waits on one job share polls: as many requests as one wait alone', async () => {
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', waitDefaults: FAST });
    answers.set('alone', { seen: 0, doneAfter: 4 });
    await jobs.wait('ecs', { jobId: 'alone' });
    const alone = server.requests.length;
    expect(alone).toBe(4);
    server.requests.length = 0;
    answers.set('shared', { seen: 0, doneAfter: 4 });
    const results = await Promise.all(Array.from({ length: 4 }, () => jobs.wait('ecs', { jobId: 'shared' })));
    expect(results.every((j) => j.state === 'succeeded')).toBe(true);
    expect(server.requests.length).toBe(alone);
  });

  it("one wait's abort does not abort the request another wait or get shares", async () => {
    holdMs = 80;
    answers.set('j2', { seen: 0, doneAfter: 1 });
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    const stop = new AbortController();
    const first = jobs.get('ecs', { jobId: 'j2' }, { signal: stop.signal });
    const second = jobs.get('ecs', { jobId: 'j2' });
    setTimeout(() => stop.abort(new Error('stop')), 20);
    await expect(first).rejects.toThrow('stop');
    expect((await second).state).toBe('succeeded');
    expect(server.requests).toHaveLength(1);
  });

  it('maxInFlight caps requests in flight; the others are not built until a slot frees', async () => {
    holdMs = 40;
    let inFetch = 0;
    let peak = 0;
    const counting: FetchFunction = async (request) => {
      inFetch += 1;
      peak = Math.max(peak, inFetch);
      try {
        return await fetch(request);
      } finally {
        inFetch -= 1;
      }
    };
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', fetch: counting, maxInFlight: 2 });
    const got = await Promise.all(Array.from({ length: 8 }, (_, i) => jobs.get('ecs', { jobId: `c${i}` })));
    expect(got).toHaveLength(8);
    expect(server.requests).toHaveLength(8);
    expect(peak).toBe(2);
  });

  it("a wait's requestTimeoutMs counts from when its request leaves the in-flight queue, not from the queue", async () => {
    holdMs = 150;
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', maxInFlight: 1 });
    const retries: unknown[] = [];
    // Six first polls through one slot: the last one waits ~750 ms for its turn, its request takes 150.
    const done = await Promise.all(
      Array.from({ length: 6 }, (_, i) => jobs.wait('ecs', { jobId: `q${i}` }, { ...FAST, requestTimeoutMs: 400, onRetry: (event) => retries.push(event.error) })),
    );
    expect(done.every((job) => job.state === 'succeeded')).toBe(true);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(6);
  });

  it('a request that does hang past requestTimeoutMs once out of the queue is still cut and retried', async () => {
    holdMs = 600;
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', maxInFlight: 1 });
    const retries: unknown[] = [];
    const stop = new AbortController();
    const waiting = jobs.wait('ecs', { jobId: 'hung' }, { ...FAST, requestTimeoutMs: 200, signal: stop.signal, onRetry: (event) => retries.push(event.error) });
    await expect.poll(() => retries.length, { timeout: 10_000 }).toBeGreaterThan(0);
    stop.abort(new Error('enough'));
    await expect(waiting).rejects.toThrow('enough');
    expect(retries[0]).toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 200 });
  });

  it("a get while a lone wait's poll is in flight joins that request", async () => {
    // A lone wait holds no channel while it sleeps (memory): it gets one for each poll, so this still coalesces.
    holdMs = 120;
    answers.set('lone', { seen: 0, doneAfter: 2 });
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', waitDefaults: FAST });
    const waiting = jobs.wait('ecs', { jobId: 'lone' });
    await expect.poll(() => server.requests.length).toBe(1);
    const got = await jobs.get('ecs', { jobId: 'lone' });
    expect(got.state).toBe('running');
    expect(server.requests).toHaveLength(1);
    expect((await waiting).state).toBe('succeeded');
    expect(server.requests).toHaveLength(2);
  });

  it('a wait that starts while another sleeps on the same job is woken by its answers', async () => {
    answers.set('late', { seen: 0, doneAfter: 4 });
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
    const first = jobs.wait('ecs', { jobId: 'late' }, FAST);
    await expect.poll(() => server.requests.length).toBeGreaterThanOrEqual(1);
    // Alone it would sleep a minute between polls: it ends on the first wait's answers.
    let attempts = -1;
    const second = jobs.wait('ecs', { jobId: 'late' }, { minDelayMs: 60_000, maxDelayMs: 60_000, onSettled: (stats) => (attempts = stats.attempts) });
    const [a, b] = await Promise.all([first, second]);
    expect([a.state, b.state]).toEqual(['succeeded', 'succeeded']);
    expect(attempts).toBeLessThanOrEqual(2);
    expect(server.requests).toHaveLength(4);
  }, 20_000);

  it('once the waits and gets of a job have ended, nothing is shared: a new get sends its own request', async () => {
    holdMs = 30;
    answers.set('ended', { seen: 0, doneAfter: 2 });
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', waitDefaults: FAST });
    const [job] = await Promise.all([jobs.wait('ecs', { jobId: 'ended' }), jobs.get('ecs', { jobId: 'ended' }), jobs.wait('ecs', { jobId: 'ended' })]);
    expect(job.state).toBe('succeeded');
    const before = server.requests.length;
    await jobs.get('ecs', { jobId: 'ended' });
    await jobs.get('ecs', { jobId: 'ended' });
    expect(server.requests.length).toBe(before + 2);
  });

  it('waitForJob waits given one channel share polls: a createJobChannel one, or one of the caller\'s own', async () => {
    const inner = createJobChannel();
    // A channel of the caller's own (here forwarding to one from createJobChannel): listened to through a function.
    const own: JobChannel = { publish: (...args) => inner.publish(...args), listen: (listener) => inner.listen(listener), get listeners() { return inner.listeners; } };
    for (const [name, channel] of [['made', createJobChannel()], ['own', own]] as const) {
      server.requests.length = 0;
      answers.set(name, { seen: 0, doneAfter: 4 });
      // One facade per wait: only the channel can merge their requests.
      const waits = Array.from({ length: 3 }, () => {
        const jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
        return waitForJob(({ signal }) => jobs.get('ecs', { jobId: name }, { signal }), { ref: { service: 'ecs', jobId: name }, channel, ...FAST });
      });
      const done = await Promise.all(waits);
      expect(done.map((job) => job.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
      expect(server.requests).toHaveLength(4);
      expect(channel.listeners).toBe(0);
    }
  });

  it('with maxRequestsPerSecond, requests leave at the rate even after a stall: the token is taken once a slot is held', async () => {
    // The first requests hang 1.5 s; a token taken before the in-flight queue would let every
    // waiter that got one during the stall go at once when the slots free.
    const stallUntil = Date.now() + 1_500;
    holdMs = 0;
    const starts: number[] = [];
    const timing: FetchFunction = async (request) => {
      starts.push(performance.now());
      if (Date.now() < stallUntil) await new Promise((resolve) => setTimeout(resolve, stallUntil - Date.now()));
      return fetch(request);
    };
    const rate = 20;
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', fetch: timing, maxInFlight: 4, maxRequestsPerSecond: rate });
    await Promise.all(Array.from({ length: 60 }, (_, i) => jobs.wait('ecs', { jobId: `r${i}` }, FAST)));
    expect(starts).toHaveLength(60);
    let most = 0;
    for (let i = 0, j = 0; i < starts.length; i++) {
      while ((starts[i] as number) - (starts[j] as number) >= 1000) j++;
      most = Math.max(most, i - j + 1);
    }
    expect(most).toBeLessThanOrEqual(rate);
  }, 30_000);

  it('a request never times out waiting for its token: the token is taken outside its requestTimeoutMs', async () => {
    // 5 req/s and a 2 s budget: 30 first polls would queue 6 s for tokens inside their budgets.
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', maxRequestsPerSecond: 5, requestTimeoutMs: 2_000 });
    const retries: unknown[] = [];
    const done = await Promise.all(Array.from({ length: 30 }, (_, i) => jobs.wait('ecs', { jobId: `t${i}` }, { ...FAST, onRetry: (event) => retries.push(event.error) })));
    expect(done.every((job) => job.state === 'succeeded')).toBe(true);
    expect(retries).toEqual([]);
    expect(server.requests).toHaveLength(30);
  }, 30_000);

  it('maxInFlight and durations are checked', () => {
    expect(() => createJobs({ maxInFlight: 0 })).toThrow(expect.objectContaining({ name: 'JobsConfigError', field: 'maxInFlight' }));
    expect(() => createJobs({ durations: {} as never })).toThrow(expect.objectContaining({ name: 'JobsConfigError', field: 'durations' }));
  });
});

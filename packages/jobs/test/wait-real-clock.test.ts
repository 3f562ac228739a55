// Waits on the real clock (no clock option): they sleep in one shared timer queue and hear their
// signal through one listener per signal, so many sleeping waits hold one timer, still wake in the
// order their sleeps end, and all end at once on abort (real HTTP, polls counted at the server).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { createJobs, waitForJob, type Jobs } from '../src/index.js';

let server: LoopbackServer;
let jobs: Jobs;
/** Polls per job ID before it is SUCCESS (absent: never). */
const doneAfter = new Map<string, number>();
const seen = new Map<string, number>();

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const jobId = decodeURIComponent(req.url.split('/jobs/')[1] ?? '');
    const count = (seen.get(jobId) ?? 0) + 1;
    seen.set(jobId, count);
    const status = count >= (doneAfter.get(jobId) ?? Infinity) ? 'SUCCESS' : 'RUNNING';
    sendJson(res, 200, { job_id: jobId, job_type: 'createServer', status, entities: {} });
  });
  jobs = createJobs({ baseUrl: server.url, projectId: 'p' });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  doneAfter.clear();
  seen.clear();
});

const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

function wait(jobId: string, delayMs: number, signal?: AbortSignal) {
  // waitForJob itself (not jobs.wait): its own sleeps, with the facade's get as the poll.
  return waitForJob(({ signal: s }) => jobs.get('ecs', { jobId }, { signal: s }), {
    ref: { service: 'ecs', jobId, projectId: 'p' },
    minDelayMs: delayMs,
    maxDelayMs: delayMs,
    ...(signal ? { signal } : {}),
  });
}

describe('waits on the real clock', () => {
  it('wake in the order their sleeps end, whatever order they started in', async () => {
    const delays: Record<string, number> = { a: 240, b: 40, c: 140 };
    for (const id of Object.keys(delays)) doneAfter.set(id, 2);
    const done = await Promise.all(Object.entries(delays).map(([id, ms]) => wait(id, ms)));
    expect(done.map((job) => job.state)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    const second = server.requests.slice(3).map((r) => r.url.split('/jobs/')[1]);
    expect(second).toEqual(['b', 'c', 'a']);
  }, 20_000);

  it('500 sleeping waits hold one timer between them, and one abort ends them all with its reason', async () => {
    const idle = timers();
    const stop = new AbortController();
    const waits = Array.from({ length: 500 }, (_, i) => wait(`j${i}`, 60_000, stop.signal).then(() => 'resolved', (error: unknown) => error));
    while (seen.size < 500) await new Promise((resolve) => setTimeout(resolve, 10));
    // Every wait has read its job once and sleeps for a minute.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(timers() - idle).toBeLessThanOrEqual(1);
    const reason = new Error('stop');
    stop.abort(reason);
    const outcomes = await Promise.all(waits);
    expect(outcomes.every((outcome) => outcome === reason)).toBe(true);
    expect(timers()).toBeLessThanOrEqual(idle);
    expect(server.requests).toHaveLength(500);
  }, 30_000);
});

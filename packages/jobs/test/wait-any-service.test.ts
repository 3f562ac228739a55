// The waiter knows no service: it waits on a job of a service cloud-jobs does not ship, given a
// plain poll function (and, for that service's own errors, a `classify`). This is the README's
// example, run against a real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { ApiError, JobFailedError, waitForJob, type Job, type PollContext } from '../src/index.js';

let server: LoopbackServer;
let polls = 0;
let script: ((n: number) => { status: number; body: unknown }) | undefined;

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => {
    polls += 1;
    const answer = script?.(polls) ?? { status: 200, body: { id: 'b-1', phase: 'DONE' } };
    sendJson(res, answer.status, answer.body);
  });
});
afterAll(() => server.close());

// --- the README example ---------------------------------------------------------------------
const PHASES: Record<string, Job['state']> = { QUEUED: 'pending', RUNNING: 'running', DONE: 'succeeded', ERROR: 'failed' };

/** Reads one job of "batchd", a service of our own: an error answer becomes an ApiError. */
async function pollBatch(baseUrl: string, jobId: string, { signal }: PollContext): Promise<Job> {
  const response = await fetch(`${baseUrl}/batches/${encodeURIComponent(jobId)}`, { signal });
  const body = (await response.json()) as { id?: string; phase?: string; code?: string };
  if (!response.ok) throw new ApiError({ service: 'batchd', status: response.status, message: 'batchd error', ...(body.code ? { code: body.code } : {}) });
  const state = PHASES[body.phase ?? ''] ?? 'unknown';
  return { service: 'batchd', id: body.id ?? jobId, state, done: state === 'succeeded' || state === 'failed', status: body.phase ?? '', subtasks: [], raw: body };
}
// ----------------------------------------------------------------------------------------------

describe('waiting on a service cloud-jobs does not ship', () => {
  it('polls any function until the job is final', async () => {
    polls = 0;
    script = (n) => ({ status: 200, body: { id: 'b-1', phase: n < 3 ? 'RUNNING' : 'DONE' } });
    const job = await waitForJob((ctx) => pollBatch(server.url, 'b-1', ctx), {
      ref: { service: 'batchd', jobId: 'b-1' },
      minDelayMs: 1,
      maxDelayMs: 2,
    });
    expect(job).toMatchObject({ service: 'batchd', state: 'succeeded', status: 'DONE' });
    expect(polls).toBe(3);
  });

  it("classify teaches the waiter that service's own codes: a 400 BUSY is retried", async () => {
    polls = 0;
    script = (n) => (n === 1 ? { status: 400, body: { code: 'BUSY' } } : { status: 200, body: { id: 'b-2', phase: 'DONE' } });
    const classify = (error: unknown) => (error instanceof ApiError && error.code === 'BUSY' ? 'throttled' : undefined);
    const job = await waitForJob((ctx) => pollBatch(server.url, 'b-2', ctx), { ref: { service: 'batchd', jobId: 'b-2' }, minDelayMs: 1, maxDelayMs: 2, classify });
    expect(job.state).toBe('succeeded');
    expect(polls).toBe(2);
    // Without it, the same answer is fatal (a 4xx), and the service's error comes through as is.
    polls = 0;
    const error = await waitForJob((ctx) => pollBatch(server.url, 'b-2', ctx), { ref: { service: 'batchd', jobId: 'b-2' }, minDelayMs: 1, maxDelayMs: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(polls).toBe(1);
  });

  it('a failed job of that service rejects with JobFailedError naming it', async () => {
    script = () => ({ status: 200, body: { id: 'b-3', phase: 'ERROR' } });
    const error = await waitForJob((ctx) => pollBatch(server.url, 'b-3', ctx), { ref: { service: 'batchd', jobId: 'b-3' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as Error).message).toContain('batchd job b-3 failed');
  });
});

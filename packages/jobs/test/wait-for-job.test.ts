// waitForJob with an injected fake clock: exact delays, deadline, error policy, states, abort,
// stats on every exit, progress, resumable state and option validation.
import { getEventListeners } from 'node:events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, ConfigError, JobFailedError, JobNotFoundError, JobsConfigError, UnexpectedResponseError } from '../src/errors.js';
import type { Job, JobState } from '../src/model.js';
import {
  UnexpectedStatusError,
  WaitStateError,
  WaitTimeoutError,
  createRateLimiter,
  isWaitError,
  readWaitState,
  waitForJob,
  waitForJobWithStats,
  type WaitClock,
  type GetJob,
  type PollContext,
  type WaitOptions,
  type WaitState,
  type WaitStats,
} from '../src/wait/index.js';

// ---------------------------------------------------------------------------------------------
// Fakes

interface FakeTimer {
  at: number;
  seq: number;
  ms: number;
  resolve(): void;
  cancel(): void;
}

/** Virtual time: sleeps are timers fired in order by `run`, never by the real event loop. */
class FakeClock implements WaitClock {
  t = 0;
  readonly wallOrigin: number;
  randomValue = 0.5;
  /** Durations of the sleeps that ran to the end (the waiter's pauses, or a timeout that fired). */
  readonly fired: number[] = [];
  readonly timers = new Set<FakeTimer>();
  #seq = 0;

  constructor(wallOrigin = Date.UTC(2026, 0, 1)) {
    this.wallOrigin = wallOrigin;
  }

  now = (): number => this.t;
  wallNow = (): number => this.wallOrigin + this.t;
  random = (): number => this.randomValue;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        this.timers.delete(timer);
        reject(signal?.reason);
      };
      const timer: FakeTimer = {
        at: this.t + ms,
        seq: this.#seq++,
        ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          this.fired.push(ms);
          resolve();
        },
        cancel: onAbort,
      };
      this.timers.add(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });

  /** Lets every pending promise callback run. */
  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Fires timers in time order until `promise` settles (or `until` is reached); returns its outcome. */
  async run<T>(promise: Promise<T>, until = Infinity): Promise<{ value?: T; error?: unknown }> {
    let outcome: { value?: T; error?: unknown } | undefined;
    promise.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    for (let steps = 0; steps < 100_000; steps += 1) {
      await this.flush();
      if (outcome) return outcome;
      const next = [...this.timers].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > until) break;
      this.timers.delete(next);
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
    if (until !== Infinity) this.t = Math.max(this.t, until);
    await this.flush();
    return outcome ?? {};
  }
}

let jobCounter = 0;

function job(state: JobState, status: string | number = state.toUpperCase(), extra: Partial<Job> = {}): Job {
  jobCounter += 1;
  return {
    service: 'ecs',
    id: 'job-1',
    state,
    done: state === 'succeeded' || state === 'failed' || state === 'canceled',
    status,
    subtasks: [],
    raw: { n: jobCounter },
    ...extra,
  };
}

function apiError(status: number, extra: { code?: string; retryAfterMs?: number; requestId?: string; body?: unknown; kind?: 'not-found' | 'throttled' } = {}): ApiError {
  return new ApiError({ service: 'ecs', status, message: `status ${status}`, ...extra });
}

type Step = Job | Error | 'hang' | ((context: PollContext) => Promise<Job>);

interface Scripted {
  getJob: GetJob;
  calls: { at: number; attempt: number; signal: AbortSignal }[];
}

/** A getJob that answers the steps in order (then the last one again), recording each call. */
function script(clock: FakeClock, ...steps: Step[]): Scripted {
  const calls: Scripted['calls'] = [];
  const getJob: GetJob = (context) => {
    calls.push({ at: clock.now(), attempt: context.attempt, signal: context.signal });
    const step = steps[Math.min(calls.length - 1, steps.length - 1)];
    if (step === undefined) throw new Error('empty script');
    if (step === 'hang') return new Promise<Job>(() => {});
    if (typeof step === 'function') return step(context);
    if (step instanceof Error) return Promise.reject(step);
    return Promise.resolve(step);
  };
  return { getJob, calls };
}

const REF = { service: 'ecs', jobId: 'job-1', projectId: 'p1' } as const;

/** Options for exact arithmetic: min 1 s, max 8 s, random 0.5, no request timeout, no deadline. */
// These tests pin the exponential schedule (the default of earlier releases) by name: its
// arithmetic is what they check. The elapsed schedule, now the default, is in wait-schedule.test.ts.
function base(clock: FakeClock, extra: WaitOptions = {}): WaitOptions {
  return { ref: REF, clock, schedule: 'exponential', minDelayMs: 1000, maxDelayMs: 8000, timeoutMs: Infinity, requestTimeoutMs: Infinity, ...extra };
}

// ---------------------------------------------------------------------------------------------

describe('waitForJob: backoff and deadline', () => {
  it('sleeps exactly min + random * (min(max, min * 2^attempt) - min) between polls', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('running'), job('running'), job('running'), job('running'), job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock)));
    // ceilings 2000, 4000, 8000, 8000 -> with random 0.5: 1500, 2500, 4500, 4500
    expect(clock.fired).toEqual([1500, 2500, 4500, 4500]);
    expect(s.calls.map((c) => c.at)).toEqual([0, 1500, 4000, 8500, 13_000]);
    expect(s.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(value?.job.state).toBe('succeeded');
    expect(value?.stats).toEqual({ attempts: 5, elapsedMs: 13_000, errorsRetried: 0, statusesSeen: ['RUNNING', 'SUCCEEDED'] });
    expect(clock.timers.size).toBe(0);
  });

  it('uses the random source: 0 gives minDelayMs, 0.999... approaches the ceiling', async () => {
    const clock = new FakeClock();
    clock.randomValue = 0;
    const s = script(clock, job('running'), job('running'), job('succeeded'));
    await clock.run(waitForJob(s.getJob, base(clock)));
    expect(clock.fired).toEqual([1000, 1000]);
  });

  it('waits initialDelayMs before the first poll', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    await clock.run(waitForJob(s.getJob, base(clock, { initialDelayMs: 5000 })));
    expect(s.calls.map((c) => c.at)).toEqual([5000]);
  });

  it('cuts the last sleep so one last poll lands just before the deadline, then times out with the last job', async () => {
    const clock = new FakeClock();
    const last = job('running', 'RUNNING', { progress: { completed: 1, total: 3 } });
    const s = script(clock, job('running'), job('running'), job('running'), job('running'), last);
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { timeoutMs: 10_000 })));
    // polls at 0, 1500, 4000, 8500, then the 4500 ms sleep is cut to 500 so the last poll starts at
    // 9000 = deadline - lead (1000 ms); after it no room is left: timeout.
    expect(clock.fired).toEqual([1500, 2500, 4500, 500]);
    expect(s.calls.map((c) => c.at)).toEqual([0, 1500, 4000, 8500, 9000]);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.lastJob).toBe(last);
    expect(timeout.timeoutMs).toBe(10_000);
    expect(timeout.stats).toEqual({ attempts: 5, elapsedMs: 9000, errorsRetried: 0, statusesSeen: ['RUNNING'] });
    expect(timeout.message).toContain('ecs job job-1 did not finish within 10000 ms; last state running');
    expect(clock.timers.size).toBe(0);
  });

  it('aborts a request still running at the deadline and times out at the deadline', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('running'), 'hang');
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { timeoutMs: 10_000 })));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(clock.t).toBe(10_000);
    expect(s.calls[1]?.signal.aborted).toBe(true);
    expect((error as WaitTimeoutError).lastJob?.state).toBe('running');
    expect((error as WaitTimeoutError).stats.elapsedMs).toBe(10_000);
  });

  it('a timeout after failed polls carries the last error as cause', async () => {
    const clock = new FakeClock();
    const e503 = apiError(503);
    const s = script(clock, e503);
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { timeoutMs: 5000, maxConsecutiveErrors: 100 })));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).cause).toBe(e503);
    expect((error as WaitTimeoutError).lastJob).toBeUndefined();
    expect((error as WaitTimeoutError).message).toContain('the job was never seen');
  });

  it('uses a monotonic clock: wall-clock jumps change nothing', async () => {
    const clock = new FakeClock();
    let jump = 0;
    clock.wallNow = () => clock.wallOrigin + clock.t + jump;
    const s = script(clock, job('running'), (async () => {
      jump = -3_600_000; // the wall clock goes back an hour
      return job('running');
    }) as Step, job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { timeoutMs: 60_000 })));
    expect(value?.stats.elapsedMs).toBe(4000);
  });
});

describe('waitForJob: error policy', () => {
  it('retries transient errors (5xx, status 0) and throttling (429, ECS 202 Common.0024, 503 Common.1503)', async () => {
    const clock = new FakeClock();
    const errors = [apiError(500), apiError(0), apiError(429), apiError(202, { code: 'Common.0024', kind: 'throttled' }), apiError(503, { code: 'Common.1503', kind: 'throttled' }), apiError(502)];
    const s = script(clock, ...errors, job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock)));
    expect(value?.job.state).toBe('succeeded');
    expect(value?.stats.errorsRetried).toBe(6);
    expect(value?.stats.attempts).toBe(7);
  });

  it('honours Retry-After, clamped to [minDelayMs, maxDelayMs]', async () => {
    const clock = new FakeClock();
    clock.randomValue = 0; // backoff = minDelayMs, so the Retry-After decides
    const s = script(clock, apiError(429, { retryAfterMs: 3000 }), apiError(429, { retryAfterMs: 600_000 }), apiError(503, { retryAfterMs: 10 }), job('succeeded'));
    await clock.run(waitForJob(s.getJob, base(clock)));
    expect(clock.fired).toEqual([3000, 8000, 1000]);
  });

  it('never sleeps less than the jittered backoff for a small Retry-After', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(429, { retryAfterMs: 1200 }), job('succeeded'));
    await clock.run(waitForJob(s.getJob, base(clock)));
    expect(clock.fired).toEqual([1500]);
  });

  it('clamps Retry-After to the deadline', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(429, { retryAfterMs: 8000 }), job('succeeded'));
    const { value } = await clock.run(waitForJob(s.getJob, base(clock, { timeoutMs: 5000 })));
    expect(clock.fired).toEqual([4000]);
    expect(value?.state).toBe('succeeded');
  });

  it('fails after maxConsecutiveErrors retried errors in a row, with the ApiError itself', async () => {
    const clock = new FakeClock();
    const third = apiError(503, { requestId: 'r-3' });
    const s = script(clock, apiError(503), apiError(0), third, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { maxConsecutiveErrors: 2 })));
    expect(error).toBe(third);
    expect(isWaitError(error) && error.stats).toEqual({ attempts: 3, elapsedMs: 4000, errorsRetried: 2, statusesSeen: [] });
  });

  it('maxConsecutiveErrors counts errors in a row: a successful poll resets it', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(503), apiError(503), job('running'), apiError(503), apiError(429), job('running'), apiError(500), apiError(500), job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { maxConsecutiveErrors: 2 })));
    expect(value?.job.state).toBe('succeeded');
    expect(value?.stats.errorsRetried).toBe(6);
  });

  it('maxConsecutiveErrors 0 retries nothing', async () => {
    const clock = new FakeClock();
    const e = apiError(503);
    const s = script(clock, e);
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { maxConsecutiveErrors: 0 })));
    expect(error).toBe(e);
    expect(s.calls).toHaveLength(1);
  });

  it('a 404 before the job was seen, within notFoundGraceMs, is "not visible yet": retried, outside the error budget', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(404), apiError(404), apiError(404), job('running'), job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { notFoundGraceMs: 5000, maxConsecutiveErrors: 0 })));
    expect(value?.job.state).toBe('succeeded');
    expect(value?.stats.errorsRetried).toBe(3);
  });

  it('a 404 after the grace, the job never seen, fails with JobNotFoundError', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(404));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { notFoundGraceMs: 3000 })));
    expect(error).toBeInstanceOf(JobNotFoundError);
    // polls at 0, 1500 (within the grace), 4000 (after it)
    expect(s.calls.map((c) => c.at)).toEqual([0, 1500, 4000]);
    expect((error as JobNotFoundError).message).toContain('not found within the 3000 ms not-found grace');
  });

  it('a 404 after the job was seen fails at once with JobNotFoundError carrying what the ApiError carried', async () => {
    const clock = new FakeClock();
    const gone = apiError(404, { code: 'Common.0011', requestId: 'req-9', retryAfterMs: 5, body: { code: 'Common.0011', message: 'gone' } });
    const s = script(clock, job('running'), gone, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { notFoundGraceMs: 60_000 })));
    expect(error).toBeInstanceOf(JobNotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ service: 'ecs', status: 404, code: 'Common.0011', requestId: 'req-9', retryAfterMs: 5, body: gone.body, cause: gone });
    expect((error as Error).message).toContain('it was seen before: it vanished or expired');
    expect(isWaitError(error) && error.stats.attempts).toBe(2);
  });

  it('fails at once on any other 4xx, with the ApiError', async () => {
    for (const status of [400, 401, 403, 409]) {
      const clock = new FakeClock();
      const e = apiError(status);
      const s = script(clock, e, job('succeeded'));
      const { error } = await clock.run(waitForJob(s.getJob, base(clock)));
      expect(error).toBe(e);
      expect(s.calls).toHaveLength(1);
    }
  });

  it('fails at once on non-API errors (UnexpectedResponseError, bugs) and on a value that is not a Job', async () => {
    const clock = new FakeClock();
    const bad = new UnexpectedResponseError('ecs', 'status: expected a string', {});
    const s1 = script(clock, bad);
    expect((await clock.run(waitForJob(s1.getJob, base(clock)))).error).toBe(bad);
    const bug = new TypeError('x is undefined');
    const s2 = script(clock, bug);
    const outcome = await clock.run(waitForJob(s2.getJob, base(clock)));
    expect(outcome.error).toBe(bug);
    expect(isWaitError(outcome.error)).toBe(true);
    const notJob = (() => Promise.resolve({ hello: 1 })) as unknown as GetJob;
    const { error } = await clock.run(waitForJob(notJob, base(clock)));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain('not a Job');
    const throwsSync: GetJob = () => {
      throw bug;
    };
    expect((await clock.run(waitForJob(throwsSync, base(clock)))).error).toBe(bug);
  });

  it('a request that outlives requestTimeoutMs is aborted and retried as a transient error (ApiError status 0)', async () => {
    const clock = new FakeClock();
    const s = script(clock, 'hang', job('succeeded'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { requestTimeoutMs: 5000 })));
    expect(value?.job.state).toBe('succeeded');
    expect(value?.stats.errorsRetried).toBe(1);
    const first = s.calls[0]!.signal;
    expect(first.aborted).toBe(true);
    expect((first.reason as DOMException).name).toBe('TimeoutError');
    expect(s.calls.map((c) => c.at)).toEqual([0, 6500]);
    expect(s.calls[1]!.signal.aborted).toBe(false);
  });

  it('request timeouts exhaust the budget with an ApiError status 0', async () => {
    const clock = new FakeClock();
    const s = script(clock, 'hang');
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { requestTimeoutMs: 100, maxConsecutiveErrors: 1 })));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'RequestTimeout', service: 'ecs' });
  });
});

describe('waitForJob: states', () => {
  it('resolves with the job when it succeeded; rejects with JobFailedError when failed or canceled', async () => {
    for (const state of ['failed', 'canceled'] as const) {
      const clock = new FakeClock();
      const end = job(state, state === 'failed' ? 'FAIL' : 'CANCELLED', { error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' } });
      const s = script(clock, job('pending', 'INIT'), end);
      const { error } = await clock.run(waitForJob(s.getJob, base(clock)));
      expect(error).toBeInstanceOf(JobFailedError);
      expect((error as JobFailedError).job).toBe(end);
      expect(isWaitError(error) && error.stats).toEqual({ attempts: 2, elapsedMs: 1500, errorsRetried: 0, statusesSeen: ['INIT', end.status] });
    }
  });

  it('unknown is reported and waited on; maxUnknownPolls unknown reads in a row fail with UnexpectedStatusError', async () => {
    const clock = new FakeClock();
    const seen: JobState[] = [];
    const weird = job('unknown', 'QUEUED_V2');
    const s = script(clock, job('unknown', 'QUEUED_V2'), job('unknown', 'QUEUED_V2'), job('running'), job('unknown', 'QUEUED_V2'), job('unknown', 'QUEUED_V2'), weird, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { maxUnknownPolls: 3, onProgress: (j) => seen.push(j.state) })));
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as UnexpectedStatusError).job).toBe(weird);
    expect((error as UnexpectedStatusError).unknownPolls).toBe(3);
    expect((error as UnexpectedStatusError).stats.attempts).toBe(6);
    expect(seen).toEqual(['unknown', 'running', 'unknown']);
  });

  it('unknown then a known state goes on normally', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('unknown', ''), job('unknown', ''), job('succeeded'));
    const { value } = await clock.run(waitForJob(s.getJob, base(clock, { maxUnknownPolls: 3 })));
    expect(value?.state).toBe('succeeded');
  });

  it('blocked is reported and waited on', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const s = script(clock, job('blocked', 'PENDING_PAYMENT'), job('blocked', 'PENDING_PAYMENT'), job('running'), job('succeeded', 'SUCCESS'));
    const { value } = await clock.run(waitForJob(s.getJob, base(clock, { onProgress: (j) => seen.push(String(j.status)) })));
    expect(value?.state).toBe('succeeded');
    expect(seen).toEqual(['PENDING_PAYMENT', 'RUNNING', 'SUCCESS']);
  });

  it('failOnBlocked fails at once with JobFailedError carrying the blocked job', async () => {
    const clock = new FakeClock();
    const blocked = job('blocked', 'PENDING_PAYMENT');
    const s = script(clock, job('running'), blocked, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { failOnBlocked: true })));
    expect(error).toBeInstanceOf(JobFailedError);
    expect((error as JobFailedError).job).toBe(blocked);
    expect((error as Error).message).toContain('is blocked (status "PENDING_PAYMENT")');
    expect(s.calls).toHaveLength(2);
  });

  it('confirmations: that many final reads in a row (same state) settle the wait', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('running'), job('succeeded'), job('running'), job('succeeded'), apiError(503), job('succeeded'), job('running'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { confirmations: 2 })));
    expect(value?.job.state).toBe('succeeded');
    // the success at poll 2 is withdrawn by poll 3; polls 4 and 6 confirm (an error in between is no read)
    expect(value?.stats.attempts).toBe(6);
  });

  it('confirmations apply to failures too, and a change of final state starts the count again', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'), job('failed'), job('failed'), job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { confirmations: 2 })));
    expect(error).toBeInstanceOf(JobFailedError);
    expect(s.calls).toHaveLength(3);
  });

  it('onProgress sees each change of state, status or progress, once', async () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const s = script(
      clock,
      job('pending', 'INIT'),
      job('pending', 'INIT'),
      job('running', 'RUNNING', { progress: { completed: 0, total: 2 } }),
      job('running', 'RUNNING', { progress: { completed: 1, total: 2 } }),
      job('running', 'RUNNING', { progress: { completed: 1, total: 2 } }),
      job('running', 'RUNNING', { progress: { completed: 1, total: 3 } }),
      job('succeeded', 'SUCCESS', { progress: { completed: 3, total: 3 } }),
    );
    const { value } = await clock.run(
      waitForJobWithStats(s.getJob, base(clock, { onProgress: (j) => seen.push(`${j.state}:${String(j.status)}:${j.progress ? `${j.progress.completed}/${j.progress.total}` : '-'}`) })),
    );
    expect(seen).toEqual(['pending:INIT:-', 'running:RUNNING:0/2', 'running:RUNNING:1/2', 'running:RUNNING:1/3', 'succeeded:SUCCESS:3/3']);
    expect(value?.stats.statusesSeen).toEqual(['INIT', 'RUNNING', 'SUCCESS']);
  });

  it('statusesSeen keeps raw statuses distinct by type (OSM 3 vs "3")', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('running', 2), job('running', '2'), job('succeeded', 3));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock)));
    expect(value?.stats.statusesSeen).toEqual([2, '2', 3]);
  });

  it('an error thrown by onProgress fails the wait with that error (and stats)', async () => {
    const clock = new FakeClock();
    const oops = new Error('callback bug');
    const s = script(clock, job('running'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { onProgress: () => { throw oops; } })));
    expect(error).toBe(oops);
    expect(isWaitError(error) && error.stats.attempts).toBe(1);
  });
});

describe('waitForJob: abort', () => {
  it('an abort during a sleep rejects at once with the reason; nothing is sent after; no timer or listener is left', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const reason = new Error('user canceled');
    const settled: WaitStats[] = [];
    const s = script(clock, job('running'));
    const promise = waitForJob(s.getJob, base(clock, { signal: controller.signal, onSettled: (stats) => settled.push(stats) }));
    const caught = promise.catch((error: unknown) => error);
    await clock.flush();
    expect(s.calls).toHaveLength(1);
    expect(clock.timers.size).toBe(1); // the pause
    controller.abort(reason);
    expect(await caught).toBe(reason);
    expect(reason).not.toHaveProperty('stats'); // the caller's object is never modified
    expect(clock.timers.size).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    await clock.run(Promise.resolve(), 1_000_000);
    expect(s.calls).toHaveLength(1);
    expect(settled).toEqual([{ attempts: 1, elapsedMs: 0, errorsRetried: 0, statusesSeen: ['RUNNING'] }]);
  });

  it('an abort during a request aborts the request signal and rejects at once, even if getJob ignores it', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const s = script(clock, job('running'), 'hang');
    const promise = waitForJob(s.getJob, base(clock, { signal: controller.signal, requestTimeoutMs: 30_000, timeoutMs: 60_000 }));
    const caught = promise.catch((error: unknown) => error);
    await clock.run(new Promise(() => {}), 1500); // the second poll starts at 1500 and hangs
    expect(s.calls).toHaveLength(2);
    controller.abort('stop');
    expect(await caught).toBe('stop');
    expect(s.calls[1]!.signal.aborted).toBe(true);
    expect(s.calls[1]!.signal.reason).toBe('stop');
    expect(clock.timers.size).toBe(0);
    await clock.run(Promise.resolve(), 1_000_000);
    expect(s.calls).toHaveLength(2);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('an already aborted signal rejects without a request', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    const settled: WaitStats[] = [];
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { signal: AbortSignal.abort('early'), onSettled: (x) => settled.push(x) })));
    expect(error).toBe('early');
    expect(s.calls).toHaveLength(0);
    expect(settled).toEqual([{ attempts: 0, elapsedMs: 0, errorsRetried: 0, statusesSeen: [] }]);
  });

  it('an abort while waiting for a rate-limiter token leaves the queue and sends nothing', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 1, clock });
    await limiter.acquire(); // takes the only token: the next one comes in 1 s
    const controller = new AbortController();
    const s = script(clock, job('succeeded'));
    const caught = waitForJob(s.getJob, base(clock, { signal: controller.signal, rateLimiter: limiter })).catch((error: unknown) => error);
    await clock.flush();
    expect(limiter.queued).toBe(1);
    controller.abort('bye');
    expect(await caught).toBe('bye');
    expect(limiter.queued).toBe(0);
    expect(clock.timers.size).toBe(0);
    await clock.run(Promise.resolve(), 10_000);
    expect(s.calls).toHaveLength(0);
  });

  it('the deadline passes while waiting for a token: WaitTimeoutError, nothing sent', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 0.01, clock }); // one per 100 s
    await limiter.acquire();
    const s = script(clock, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, base(clock, { rateLimiter: limiter, timeoutMs: 10_000 })));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(clock.t).toBe(10_000);
    expect(s.calls).toHaveLength(0);
    expect(limiter.queued).toBe(0);
  });
});

describe('waitForJob: stats on every exit', () => {
  it('success: the result and onSettled get the same record', async () => {
    const clock = new FakeClock();
    const settled: WaitStats[] = [];
    const s = script(clock, apiError(503), job('succeeded', 'SUCCESS'));
    const { value } = await clock.run(waitForJobWithStats(s.getJob, base(clock, { onSettled: (stats) => settled.push(stats) })));
    expect(value?.stats).toEqual({ attempts: 2, elapsedMs: 1500, errorsRetried: 1, statusesSeen: ['SUCCESS'] });
    expect(settled).toEqual([value?.stats]);
  });

  it('every error exit carries stats (isWaitError) and onSettled gets the same object', async () => {
    const cases: [string, Step[], WaitOptions][] = [
      ['failed', [job('failed')], {}],
      ['timeout', [job('running')], { timeoutMs: 3000 }],
      ['4xx', [apiError(403)], {}],
      ['budget', [apiError(503)], { maxConsecutiveErrors: 1 }],
      ['vanished', [job('running'), apiError(404)], {}],
      ['unknown', [job('unknown', 'X')], { maxUnknownPolls: 2 }],
      ['bug', [new RangeError('bug')], {}],
    ];
    for (const [name, steps, extra] of cases) {
      const clock = new FakeClock();
      const settled: WaitStats[] = [];
      const s = script(clock, ...steps);
      const { error } = await clock.run(waitForJob(s.getJob, base(clock, { ...extra, onSettled: (stats) => settled.push(stats) })));
      expect(isWaitError(error), name).toBe(true);
      if (!isWaitError(error)) continue;
      expect(settled, name).toEqual([error.stats]);
      expect(settled[0], name).toBe(error.stats);
      expect(error.stats.attempts, name).toBe(s.calls.length);
    }
  });
});

describe('waitForJob: resumable state', () => {
  it('onState gets a JSON-serializable v1 state at the start and after every poll', async () => {
    const clock = new FakeClock();
    const states: WaitState[] = [];
    const s = script(clock, job('running'), apiError(503), job('succeeded'));
    await clock.run(waitForJob(s.getJob, base(clock, { timeoutMs: 60_000, onState: (state) => states.push(state) })));
    expect(states.map((state) => state.attempts)).toEqual([0, 1, 2, 3]);
    expect(states[1]).toEqual({ version: 1, service: 'ecs', jobId: 'job-1', projectId: 'p1', startedAt: clock.wallOrigin, deadlineAt: clock.wallOrigin + 60_000, attempts: 1, seen: true });
    expect(JSON.parse(JSON.stringify(states[3]))).toEqual(states[3]);
    expect(states[0]?.seen).toBe(false);
  });

  it('resume continues with the ORIGINAL deadline, start and attempt count, in another process', async () => {
    // Process 1 waits, persists, and dies (abort) 20 s in.
    const first = new FakeClock();
    let persisted = '';
    const controller = new AbortController();
    const s1 = script(first, job('running'));
    const p1 = waitForJob(s1.getJob, base(first, { timeoutMs: 60_000, maxDelayMs: 1000, signal: controller.signal, onState: (state) => (persisted = JSON.stringify(state)) }));
    await first.run(p1.catch(() => undefined), 20_000);
    controller.abort();
    await p1.catch(() => undefined);
    const attemptsSoFar = s1.calls.length;
    expect(JSON.parse(persisted)).toMatchObject({ attempts: attemptsSoFar, startedAt: first.wallOrigin, deadlineAt: first.wallOrigin + 60_000 });

    // Process 2 starts 10 s later (wall clock), its monotonic clock starts anywhere.
    const second = new FakeClock(first.wallOrigin + 30_000 - 987_654); // wall clock 30 s after the first start
    second.t = 987_654;
    const s2 = script(second, job('running'));
    const { error } = await second.run(waitForJob(s2.getJob, { resume: readWaitState(JSON.parse(persisted)), clock: second, minDelayMs: 1000, maxDelayMs: 1000, timeoutMs: 999_999_999, requestTimeoutMs: Infinity }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    // 30 s were left of the original 60 s: the last poll starts at the deadline minus the 1 s lead
    expect(s2.calls.at(-1)!.at - 987_654).toBe(29_000);
    expect(s2.calls[0]!.attempt).toBe(attemptsSoFar + 1);
    expect((error as WaitTimeoutError).timeoutMs).toBe(60_000);
    expect((error as WaitTimeoutError).stats.attempts).toBe(attemptsSoFar + s2.calls.length);
    expect((error as WaitTimeoutError).stats.elapsedMs).toBe(59_000);
  });

  it('a resumed wait whose deadline has passed times out without a request', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    const resume: WaitState = { version: 1, service: 'ecs', jobId: 'job-1', startedAt: clock.wallOrigin - 100_000, deadlineAt: clock.wallOrigin - 1, attempts: 4, seen: true };
    const { error } = await clock.run(waitForJob(s.getJob, { resume, clock }));
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect(s.calls).toHaveLength(0);
    expect((error as WaitTimeoutError).stats).toEqual({ attempts: 4, elapsedMs: 100_000, errorsRetried: 0, statusesSeen: [] });
  });

  it('a resumed wait remembers that the job was seen: a 404 means it vanished', async () => {
    const clock = new FakeClock();
    const s = script(clock, apiError(404));
    const resume: WaitState = { version: 1, service: 'ecs', jobId: 'job-1', startedAt: clock.wallOrigin, deadlineAt: null, attempts: 1, seen: true };
    const { error } = await clock.run(waitForJob(s.getJob, { resume, clock, notFoundGraceMs: 60_000 }));
    expect(error).toBeInstanceOf(JobNotFoundError);
  });

  it('reads a hand-written v1 state (as an older release persisted it)', async () => {
    const text = '{"version":1,"service":"dcs","jobId":"ff8080818c6d2f55018c","projectId":"0605767b5e00d5762fc4c009a4aa5a4f","startedAt":1767225600000,"deadlineAt":1767227400000,"attempts":12}';
    const state = readWaitState(JSON.parse(text));
    expect(state).toEqual({
      version: 1,
      service: 'dcs',
      jobId: 'ff8080818c6d2f55018c',
      projectId: '0605767b5e00d5762fc4c009a4aa5a4f',
      startedAt: 1_767_225_600_000,
      deadlineAt: 1_767_227_400_000,
      attempts: 12,
      seen: false,
    });
    const clock = new FakeClock(1_767_225_600_000 + 60_000);
    const s = script(clock, { ...job('succeeded'), service: 'dcs' });
    const { value } = await clock.run(waitForJobWithStats(s.getJob, { resume: state, clock }));
    expect(value?.job.state).toBe('succeeded');
    expect(s.calls[0]?.attempt).toBe(13);
    expect(value?.stats).toMatchObject({ attempts: 13, elapsedMs: 60_000 });
  });

  it('refuses a future version with a clear error, and names bad fields', async () => {
    expect(() => readWaitState({ version: 2, service: 'ecs', jobId: 'j', startedAt: 0, deadlineAt: null, attempts: 0 })).toThrow(
      /version 2 was written by a newer release of @cloud-jobs\/jobs; this one reads versions up to 1/,
    );
    const cases: [unknown, RegExp][] = [
      [null, /expected an object, got null/],
      [[], /expected an object, got array/],
      [{ service: 'ecs' }, /version: expected a whole number/],
      [{ version: 1, service: '', jobId: 'j', startedAt: 0, deadlineAt: null, attempts: 0 }, /service: expected a non-empty string/],
      [{ version: 1, service: 'ecs', jobId: '', startedAt: 0, deadlineAt: null, attempts: 0 }, /jobId/],
      [{ version: 1, service: 'ecs', jobId: 'j', startedAt: 'yesterday', deadlineAt: null, attempts: 0 }, /startedAt/],
      [{ version: 1, service: 'ecs', jobId: 'j', startedAt: 10, deadlineAt: 5, attempts: 0 }, /deadlineAt: before startedAt/],
      [{ version: 1, service: 'ecs', jobId: 'j', startedAt: 0, deadlineAt: null, attempts: -1 }, /attempts/],
      [{ version: 1, service: 'ecs', jobId: 'j', startedAt: 0, deadlineAt: null, attempts: 0, seen: 'yes' }, /seen/],
    ];
    for (const [value, message] of cases) {
      expect(() => readWaitState(value)).toThrow(WaitStateError);
      expect(() => readWaitState(value)).toThrow(message);
    }
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    const { error } = await clock.run(waitForJob(s.getJob, { resume: { version: 3 } as unknown as WaitState, clock }));
    expect(error).toBeInstanceOf(WaitStateError);
    expect(s.calls).toHaveLength(0);
  });

  it('resume and a ref for another job is an error', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    const resume: WaitState = { version: 1, service: 'ecs', jobId: 'job-1', startedAt: 0, deadlineAt: null, attempts: 0 };
    await expect(waitForJob(s.getJob, { resume, ref: { service: 'ecs', jobId: 'job-2' }, clock })).rejects.toThrow(/not the job of options.resume/);
  });
});

describe('waitForJob: options are validated before any request', () => {
  // Every bad option is a JobsConfigError (a ConfigError) whose `field` names it; the message too.
  const bad: [string, WaitOptions, field: string, string][] = [
    ['no ref', {}, 'options.ref', 'options.ref is required'],
    ['ref service', { ref: { service: '', jobId: 'j' } }, 'options.ref.service', 'options.ref.service'],
    ['ref jobId', { ref: { service: 'ecs', jobId: '' } }, 'options.ref.jobId', 'options.ref.jobId'],
    ['timeoutMs 0', { ref: REF, timeoutMs: 0 }, 'options.timeoutMs', 'options.timeoutMs'],
    ['timeoutMs NaN', { ref: REF, timeoutMs: Number.NaN }, 'options.timeoutMs', 'options.timeoutMs'],
    ['timeoutMs string', { ref: REF, timeoutMs: '5000' as unknown as number }, 'options.timeoutMs', 'options.timeoutMs'],
    ['minDelayMs 0', { ref: REF, minDelayMs: 0 }, 'options.minDelayMs', 'options.minDelayMs'],
    ['maxDelayMs too big for a timer', { ref: REF, maxDelayMs: 2 ** 31 }, 'options.maxDelayMs', 'options.maxDelayMs'],
    ['maxDelayMs < minDelayMs', { ref: REF, minDelayMs: 5000, maxDelayMs: 4000 }, 'options.maxDelayMs', 'options.maxDelayMs'],
    ['initialDelayMs negative', { ref: REF, initialDelayMs: -1 }, 'options.initialDelayMs', 'options.initialDelayMs'],
    ['requestTimeoutMs too big', { ref: REF, requestTimeoutMs: 2 ** 31 }, 'options.requestTimeoutMs', 'options.requestTimeoutMs'],
    ['notFoundGraceMs negative', { ref: REF, notFoundGraceMs: -5 }, 'options.notFoundGraceMs', 'options.notFoundGraceMs'],
    ['maxConsecutiveErrors fraction', { ref: REF, maxConsecutiveErrors: 1.5 }, 'options.maxConsecutiveErrors', 'options.maxConsecutiveErrors'],
    ['maxUnknownPolls 0', { ref: REF, maxUnknownPolls: 0 }, 'options.maxUnknownPolls', 'options.maxUnknownPolls'],
    ['confirmations 0', { ref: REF, confirmations: 0 }, 'options.confirmations', 'options.confirmations'],
    ['failOnBlocked string', { ref: REF, failOnBlocked: 'yes' as unknown as boolean }, 'options.failOnBlocked', 'options.failOnBlocked'],
    ['signal', { ref: REF, signal: {} as AbortSignal }, 'options.signal', 'options.signal'],
    ['onProgress', { ref: REF, onProgress: 'log' as unknown as () => void }, 'options.onProgress', 'options.onProgress'],
    ['onState', { ref: REF, onState: 1 as unknown as () => void }, 'options.onState', 'options.onState'],
    ['onSettled', { ref: REF, onSettled: {} as unknown as () => void }, 'options.onSettled', 'options.onSettled'],
    ['rateLimiter', { ref: REF, rateLimiter: {} as never }, 'options.rateLimiter', 'options.rateLimiter'],
    ['clock.sleep', { ref: REF, clock: { sleep: 5 as unknown as WaitClock['sleep'] } }, 'options.clock.sleep', 'options.clock.sleep'],
  ];
  it.each(bad)('%s', async (_name, options, field, named) => {
    let calls = 0;
    const getJob: GetJob = () => {
      calls += 1;
      return Promise.resolve(job('succeeded'));
    };
    const error: unknown = await waitForJob(getJob, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as JobsConfigError).field).toBe(field);
    expect((error as Error).message).toContain(named);
    expect(calls).toBe(0);
  });

  it('getJob must be a function', async () => {
    const error: unknown = await waitForJob(undefined as unknown as GetJob, { ref: REF }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobsConfigError);
    expect((error as JobsConfigError).field).toBe('getJob');
  });

  it('explicit undefined means the default; Infinity disables a limit', async () => {
    const clock = new FakeClock();
    const s = script(clock, job('succeeded'));
    const options: WaitOptions = { ref: REF, clock, timeoutMs: undefined, requestTimeoutMs: Infinity, maxUnknownPolls: Infinity, maxConsecutiveErrors: Infinity, notFoundGraceMs: Infinity };
    const { value } = await clock.run(waitForJob(s.getJob, options));
    expect(value?.state).toBe('succeeded');
  });
});

describe('waitForJob: properties', () => {
  const stepArb = fc.oneof(
    fc.constant<Step>(job('running')),
    fc.constant<Step>(job('unknown', 'NEW')),
    fc.constant<Step>(job('blocked', 'PENDING_PAYMENT')),
    fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: undefined }).map<Step>((retryAfterMs) => apiError(503, retryAfterMs === undefined ? {} : { retryAfterMs })),
    fc.integer({ min: 0, max: 200_000 }).map<Step>((retryAfterMs) => apiError(429, { retryAfterMs })),
  );

  it('every sleep is within [minDelayMs, maxDelayMs] (only the last one cut shorter), every poll lands before the deadline', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0.01, max: 40, noNaN: true }), // timeoutMs in units of minDelayMs: at most ~40 polls
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.array(stepArb, { minLength: 1, maxLength: 30 }),
        async (minDelayMs, extra, timeoutUnits, randoms, steps) => {
          const maxDelayMs = minDelayMs + extra;
          const timeoutMs = Math.max(1, Math.round(timeoutUnits * minDelayMs));
          const clock = new FakeClock();
          let draw = 0;
          clock.random = () => randoms[draw++ % randoms.length]!;
          const s = script(clock, ...steps);
          const options = base(clock, { minDelayMs, maxDelayMs, timeoutMs, maxConsecutiveErrors: Infinity, maxUnknownPolls: Infinity });
          const { error } = await clock.run(waitForJob(s.getJob, options));
          expect(error).toBeInstanceOf(WaitTimeoutError);
          const lead = Math.min(1000, minDelayMs);
          for (const poll of s.calls.slice(1)) expect(poll.at).toBeLessThanOrEqual(timeoutMs - lead);
          clock.fired.forEach((ms, index) => {
            expect(ms).toBeLessThanOrEqual(maxDelayMs);
            if (index < clock.fired.length - 1) expect(ms).toBeGreaterThanOrEqual(minDelayMs);
          });
          expect((error as WaitTimeoutError).stats.elapsedMs).toBeLessThanOrEqual(timeoutMs);
          expect(clock.timers.size).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

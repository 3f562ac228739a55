// createRateLimiter: token bucket spacing, burst, FIFO fairness, abortable waits, one timer per
// limiter (10,000 waits), the rate over any window (fast-check), and real timers left behind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError, JobsConfigError } from '@cloud-jobs/core';
import type { Job } from '../src/model.js';
import { createRateLimiter, waitForJob, type WaitClock } from '../src/wait/index.js';

/** Virtual time: `sleep` registers a timer; `runAll` fires them in order, letting promises settle in between. */
class VirtualClock {
  t = 0;
  readonly timers = new Set<{ at: number; seq: number; fire(): void }>();
  maxTimers = 0;
  #seq = 0;

  now = (): number => this.t;
  wallNow = (): number => 1_767_225_600_000 + this.t;
  random = (): number => 0.5;
  sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = {
        at: this.t + ms,
        seq: this.#seq++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.timers.delete(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.add(timer);
      this.maxTimers = Math.max(this.maxTimers, this.timers.size);
    });

  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /** Fires every timer in time order (timers due at the same time together) until none is left. */
  async runAll(until = Infinity): Promise<void> {
    await this.flush();
    while (this.timers.size > 0) {
      let at = Infinity;
      for (const timer of this.timers) at = Math.min(at, timer.at);
      if (at > until) break;
      this.t = Math.max(this.t, at);
      const due = [...this.timers].filter((timer) => timer.at <= at).sort((a, b) => a.seq - b.seq);
      for (const timer of due) {
        this.timers.delete(timer);
        timer.fire();
      }
      await this.flush();
    }
  }
}

/** Starts `count` acquires now and records when each is granted. */
function acquireMany(limiter: ReturnType<typeof createRateLimiter>, clock: VirtualClock, count: number, signal?: AbortSignal): { grants: (number | undefined)[]; order: number[]; all: Promise<unknown[]> } {
  const grants: (number | undefined)[] = Array.from({ length: count }, () => undefined);
  const order: number[] = [];
  const all = Promise.allSettled(
    Array.from({ length: count }, (_, index) =>
      limiter.acquire(signal).then(() => {
        grants[index] = clock.now();
        order.push(index);
      }),
    ),
  );
  return { grants, order, all };
}

describe('createRateLimiter', () => {
  it('burst 1 (default): requests are evenly spaced at 1/rate', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 10, clock });
    const { grants, all } = acquireMany(limiter, clock, 5);
    await clock.runAll();
    await all;
    expect(grants).toEqual([0, 100, 200, 300, 400]);
    expect(limiter.queued).toBe(0);
    expect(clock.timers.size).toBe(0);
  });

  it('a burst lets that many go at once, then the rate applies, and no sliding second holds more than the rate', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 4, burst: 3, clock });
    const { grants, all } = acquireMany(limiter, clock, 6);
    await clock.runAll();
    await all;
    // Earlier releases granted the 5th and 6th at 500 and 750: 6 grants in one second at 4/s.
    // The sliding second keeps a 2 ms margin (a pause between a grant and its caller's resumption).
    expect(grants).toEqual([0, 0, 0, 250, 1002, 1002]);
  });

  it('refills while idle, up to the burst', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 2, burst: 2, clock });
    await limiter.acquire();
    await limiter.acquire();
    clock.t = 10_000;
    const { grants, all } = acquireMany(limiter, clock, 3);
    await clock.runAll();
    await all;
    // The third waits a full second after the first of the two before it (2/s in every sliding second).
    expect(grants).toEqual([10_000, 10_000, 11_002]);
  });

  it('is fair: first come first served, a newcomer never jumps the queue', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 10, clock });
    const first = acquireMany(limiter, clock, 3);
    await clock.runAll(150); // one more token is due at 200
    const late = limiter.acquire().then(() => clock.now());
    await clock.runAll();
    await first.all;
    expect(first.order).toEqual([0, 1, 2]);
    expect(first.grants).toEqual([0, 100, 200]);
    expect(await late).toBe(300);
  });

  it('an aborted wait leaves the queue at once with the reason; the others keep their turn; no timer stays when the queue empties', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const a = limiter.acquire();
    const b = limiter.acquire(controller.signal).catch((error: unknown) => error);
    const c = limiter.acquire().then(() => clock.now());
    expect(limiter.queued).toBe(3);
    controller.abort('changed my mind');
    expect(await b).toBe('changed my mind');
    expect(limiter.queued).toBe(2);
    await clock.runAll();
    await a;
    expect(await c).toBe(2004); // one second after each grant, and the 2 ms margin

    const lonely = new AbortController();
    const d = limiter.acquire(lonely.signal).catch((error: unknown) => error);
    expect(clock.timers.size).toBe(1);
    lonely.abort('gone');
    expect(await d).toBe('gone');
    expect(clock.timers.size).toBe(0);
    await expect(limiter.acquire(AbortSignal.abort('already'))).rejects.toBe('already');
  });

  it('10,000 queued callers share ONE timer', async () => {
    const clock = new VirtualClock();
    const limiter = createRateLimiter({ maxRequestsPerSecond: 1000, clock });
    const { grants, all } = acquireMany(limiter, clock, 10_000);
    expect(limiter.queued).toBe(9_999);
    await clock.runAll();
    await all;
    expect(clock.maxTimers).toBe(1);
    // 1 ms apart, and each full second of grants 2 ms later (the sliding second's margin).
    expect(grants.at(-1)).toBe(10_017);
    expect(clock.timers.size).toBe(0);
  });

  it('10,000 concurrent waits sharing a limiter never exceed its rate, and the limiter holds one timer', async () => {
    const clock = new VirtualClock();
    let limiterTimers = 0;
    let maxLimiterTimers = 0;
    const limiterClock: Partial<WaitClock> = {
      now: clock.now,
      sleep: (ms, signal) => {
        limiterTimers += 1;
        maxLimiterTimers = Math.max(maxLimiterTimers, limiterTimers);
        return clock.sleep(ms, signal).finally(() => (limiterTimers -= 1));
      },
    };
    const limiter = createRateLimiter({ maxRequestsPerSecond: 100, burst: 5, clock: limiterClock });
    const requests: number[] = [];
    const waits = Array.from({ length: 10_000 }, (_, index) => {
      let polls = 0;
      return waitForJob(
        () => {
          requests.push(clock.now());
          polls += 1;
          const state = polls < 2 ? 'running' : 'succeeded';
          return Promise.resolve<Job>({ service: 'ecs', id: `j${index}`, state, done: state === 'succeeded', status: state, subtasks: [], raw: null });
        },
        { ref: { service: 'ecs', jobId: `j${index}` }, rateLimiter: limiter, clock, minDelayMs: 1000, maxDelayMs: 5000, timeoutMs: Infinity, requestTimeoutMs: Infinity },
      );
    });
    await clock.runAll();
    const jobs = await Promise.all(waits);
    expect(jobs).toHaveLength(10_000);
    expect(requests).toHaveLength(20_000);
    expect(maxLimiterTimers).toBe(1);
    // any one-second window: at most burst + rate
    for (let i = 0, j = 0; i < requests.length; i += 1) {
      while (j < requests.length && requests[j]! < requests[i]! + 1000) j += 1;
      expect(j - i).toBeLessThanOrEqual(105);
    }
    expect(clock.timers.size).toBe(0);
  }, 60_000);

  it('property: over any window of T ms, at most burst + rate * T / 1000 grants, in FIFO order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5000 }),
        async (rate, burst, arrivals, windowMs) => {
          const clock = new VirtualClock();
          const limiter = createRateLimiter({ maxRequestsPerSecond: rate, burst, clock });
          const sorted = [...arrivals].sort((a, b) => a - b);
          const grants: number[] = [];
          const order: number[] = [];
          const pending: Promise<void>[] = [];
          for (let index = 0; index < sorted.length; index += 1) {
            await clock.runAll(sorted[index]!);
            clock.t = Math.max(clock.t, sorted[index]!);
            pending.push(
              limiter.acquire().then(() => {
                grants.push(clock.now());
                order.push(index);
              }),
            );
          }
          await clock.runAll();
          await Promise.all(pending);
          expect(order).toEqual(sorted.map((_, index) => index));
          const allowed = burst + (rate * windowMs) / 1000 + 1e-6;
          for (let i = 0, j = 0; i < grants.length; i += 1) {
            while (j < grants.length && grants[j]! < grants[i]! + windowMs) j += 1;
            expect(j - i).toBeLessThanOrEqual(allowed);
          }
          expect(clock.maxTimers).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('real timers: one timer while busy, none once the queue is empty', async () => {
    const timeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    // Timers fire at most every ms: above ~1000/s the burst must cover a millisecond's worth.
    const limiter = createRateLimiter({ maxRequestsPerSecond: 20_000, burst: 50 });
    let done = 0;
    const all = Array.from({ length: 2000 }, () => limiter.acquire().then(() => (done += 1)));
    expect(timeouts()).toBe(before + 1);
    await Promise.all(all);
    expect(done).toBe(2000);
    // (the test runner's own timers may come and go: ours must be gone)
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('validates its options', () => {
    expect(() => createRateLimiter({} as never)).toThrow(/options.maxRequestsPerSecond is required/);
    expectConfigError(() => createRateLimiter({ maxRequestsPerSecond: 0 }), 'options.maxRequestsPerSecond');
    expect(() => createRateLimiter({ maxRequestsPerSecond: Number.NaN })).toThrow(/maxRequestsPerSecond/);
    expectConfigError(() => createRateLimiter({ maxRequestsPerSecond: '5' as unknown as number }), 'options.maxRequestsPerSecond');
    expect(() => createRateLimiter({ maxRequestsPerSecond: 5, burst: 0 })).toThrow(/options.burst/);
    expect(() => createRateLimiter({ maxRequestsPerSecond: 5, burst: 1.5 })).toThrow(/options.burst/);
    expectConfigError(() => createRateLimiter(undefined as never), 'options');
    expectConfigError(() => createRateLimiter({} as never), 'options.maxRequestsPerSecond');
    expectConfigError(() => createRateLimiter({ maxRequestsPerSecond: 5, burst: 0 }), 'options.burst');
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

// The poll schedule on a virtual clock: the elapsed default, the exponential one by name, progress
// estimates and learned durations; the durations store; no DOMException per poll.
import { describe, expect, it } from 'vitest';
import type { Job } from '../src/model.js';
import { createDurationStore, waitForJobWithStats, type WaitClock, type WaitOptions } from '../src/wait/index.js';

/** Virtual time: sleeps are timers that `run` fires in order, jumping the clock; `sleeps` records each sleep asked. */
class VirtualTime {
  now = 0;
  sleeps: number[] = [];
  #timers: { at: number; seq: number; fire: () => void; cancelled: boolean }[] = [];
  #seq = 0;
  clock(random = 0.5): Partial<WaitClock> {
    return {
      now: () => this.now,
      wallNow: () => 1_700_000_000_000 + this.now,
      random: () => random,
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal?.aborted) return reject(signal.reason);
          const timer = { at: this.now + ms, seq: this.#seq++, cancelled: false, fire: resolve };
          signal?.addEventListener('abort', () => ((timer.cancelled = true), reject(signal.reason)), { once: true });
          this.#timers.push(timer);
        }),
    };
  }
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(() => (settled = true), () => (settled = true));
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      if (settled) return promise;
      this.#timers = this.#timers.filter((t) => !t.cancelled).sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      if (!next) throw new Error('nothing scheduled');
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
  }
}

const REF = { service: 'ecs', jobId: 'job-1' };

function jobAt(now: number, endsAt: number, steps?: number[]): Job {
  const done = now >= endsAt;
  const job: Job = { service: 'ecs', id: 'job-1', type: 'createServer', state: done ? 'succeeded' : 'running', done, status: done ? 'SUCCESS' : 'RUNNING', subtasks: [], raw: null };
  if (steps) job.progress = { completed: done ? steps.length : steps.filter((t) => t <= now).length, total: steps.length };
  return job;
}

/** Waits on a job that ends at `endsAt` and returns the poll times. */
async function pollsFor(endsAt: number, options: Omit<WaitOptions, 'ref' | 'clock'> = {}, steps?: number[], random = 0.5): Promise<number[]> {
  const v = new VirtualTime();
  const polls: number[] = [];
  await v.run(
    waitForJobWithStats(
      async () => {
        polls.push(v.now);
        return jobAt(v.now, endsAt, steps);
      },
      { ref: REF, timeoutMs: Infinity, requestTimeoutMs: Infinity, ...options, clock: v.clock(random) },
    ),
  );
  return polls;
}

const gaps = (polls: number[]): number[] => polls.slice(1).map((t, i) => Math.round(t - (polls[i] as number)));

describe('the elapsed schedule (default)', () => {
  it('sleeps 2.2 s after the first read, then 8% of the time waited, 1.8 s at least (random 0.5: no jitter)', async () => {
    const polls = await pollsFor(60_000);
    const g = gaps(polls);
    // Earlier releases' default slept 3 s, 5 s, 9 s, 17 s, 16 s... with random 0.5.
    expect(g.slice(0, 3)).toEqual([2205, 1800, 1800]);
    for (let i = 1; i < g.length; i++) expect(g[i]).toBe(Math.round(Math.min(30_000, Math.max(1800, 0.08 * (polls[i] as number)))));
    expect(polls.at(-1)! - 60_000).toBeLessThanOrEqual(0.08 * 60_000);
  });

  it('jitters by +-10% around it and stays within minDelayMs and maxDelayMs', async () => {
    const low = gaps(await pollsFor(600_000, {}, undefined, 0));
    const high = gaps(await pollsFor(600_000, {}, undefined, 0.999_999));
    expect(Math.min(...low)).toBe(1800);
    expect(Math.max(...high)).toBeLessThanOrEqual(30_000);
    expect(high.at(-1)! / 30_000).toBeGreaterThan(0.99);
    expect(low.at(-2)! / high.at(-2)!).toBeLessThan(0.95); // the jitter is there
  });

  it("schedule: 'exponential' is the earlier default, with its 2 s minDelayMs", async () => {
    const g = gaps(await pollsFor(60_000, { schedule: 'exponential' }));
    expect(g.slice(0, 5)).toEqual([3000, 5000, 9000, 16_000, 16_000]);
  });

  it('refuses an unknown schedule, naming the option', async () => {
    await expect(waitForJobWithStats(async () => jobAt(0, 0), { ref: REF, schedule: 'fast' as never })).rejects.toMatchObject({ name: 'JobsConfigError', field: 'options.schedule' });
  });
});

describe('informed schedules', () => {
  it("the job's progress moves polls toward the estimated end: fewer requests than blind, the end seen soon", async () => {
    const endsAt = 20 * 60_000;
    const steps = Array.from({ length: 10 }, (_, i) => ((i + 1) * endsAt) / 10);
    const blind = await pollsFor(endsAt);
    const informed = await pollsFor(endsAt, {}, steps);
    expect(informed.length).toBeLessThan(blind.length * 0.75);
    expect(informed.at(-1)! - endsAt).toBeLessThanOrEqual(0.01 * endsAt);
    // Far from the end it sleeps longer than the blind 30 s ceiling.
    expect(Math.max(...gaps(informed))).toBeGreaterThan(30_000);
  });

  it('learned durations of the kind skip the early polls and poll near the likely end', async () => {
    const durations = createDurationStore();
    for (let i = 0; i < 40; i++) durations.record('ecs/createServer', 95_000 + i * 250);
    const blind = await pollsFor(100_000, { durations: null });
    const learned = await pollsFor(100_000, { durations });
    expect(learned.length).toBeLessThan(blind.length / 2);
    expect(learned[1]).toBeGreaterThan(60_000); // the second poll jumps most of the way
    expect(learned.at(-1)! - 100_000).toBeLessThanOrEqual(5_000);
  });

  it('a plan from learned durations costs far fewer requests than blind polling, for no more lag', async () => {
    // 60 jobs of one kind, log-normal around 90 s (σ 0.2), waited on one after another.
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const lengths = Array.from({ length: 60 }, () => Math.round(90_000 * Math.exp(0.2 * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random()))));
    const durations = createDurationStore();
    const total = { learned: 0, blind: 0, learnedLag: 0, blindLag: 0 };
    for (const endsAt of lengths) {
      const learned = await pollsFor(endsAt, { durations });
      const blind = await pollsFor(endsAt, { durations: null });
      total.learned += learned.length;
      total.blind += blind.length;
      total.learnedLag += learned.at(-1)! - endsAt;
      total.blindLag += blind.at(-1)! - endsAt;
    }
    expect(total.learned).toBeLessThan(total.blind * 0.4);
    expect(total.learnedLag).toBeLessThanOrEqual(total.blindLag * 1.2);
  });

  it('a job that reports parts, of a learned kind, is read again when a typical part has ended, then follows its progress', async () => {
    const durations = createDurationStore();
    for (let i = 0; i < 40; i++) durations.record('ecs/createServer', 1_150_000 + i * 2_500);
    const endsAt = 900_000; // faster than any job of its kind
    const steps = Array.from({ length: 10 }, (_, i) => ((i + 1) * endsAt) / 10);
    const polls = await pollsFor(endsAt, { durations }, steps);
    // A tenth of the kind's median: the plan alone would first read after ~1000 s, past this job's end.
    expect(Math.abs(polls[1]! - 119_000)).toBeLessThan(6_000);
    expect(polls.at(-1)! - endsAt).toBeLessThanOrEqual(0.02 * endsAt);
    expect(polls.length).toBeLessThan(25);
  });

  it('a job slower than its kind is still seen soon: past the plan, the blind schedule takes over', async () => {
    const durations = createDurationStore();
    for (let i = 0; i < 40; i++) durations.record('ecs/createServer', 88_000 + i * 100);
    const polls = await pollsFor(300_000, { durations });
    expect(polls.at(-1)! - 300_000).toBeLessThanOrEqual(0.08 * 300_000);
    // And a faster one is seen at the plan's first poll after its end, not at a blind cap.
    const fast = await pollsFor(40_000, { durations });
    expect(fast.at(-1)!).toBeLessThan(90_000);
  });

  it('each wait records its duration (midway between the last running read and the final one)', async () => {
    const durations = createDurationStore();
    await pollsFor(10_000, { durations });
    const kind = durations.samples('ecs/createServer');
    expect(kind?.sorted).toHaveLength(1);
    expect(Math.abs(kind!.sorted[0]! - 10_000)).toBeLessThanOrEqual(1000);
  });
});

describe('createDurationStore', () => {
  it('is bounded per kind and in kinds, and round-trips through JSON', () => {
    const store = createDurationStore({ maxKinds: 2, maxSamplesPerKind: 3 });
    for (const ms of [1, 2, 3, 4, 5]) store.record('a/x', ms);
    store.record('b/y', 10);
    store.record('c/z', 20); // evicts a/x, the least recently recorded
    expect(store.size).toBe(2);
    expect(store.samples('a/x')).toBeUndefined();
    store.record('b/y', 11);
    store.record('b/y', 12);
    store.record('b/y', 13);
    expect(store.samples('b/y')?.sorted).toEqual([11, 12, 13]);
    const copy = createDurationStore({ from: JSON.parse(JSON.stringify(store)) });
    expect(copy.toJSON()).toEqual({ version: 1, kinds: { 'c/z': [20], 'b/y': [11, 12, 13] } });
    expect(copy.samples('b/y')?.median).toBe(12);
  });

  it('refuses a bad saved store or bad bounds, naming the field', () => {
    expect(() => createDurationStore({ from: { version: 2, kinds: {} } })).toThrow(expect.objectContaining({ name: 'JobsConfigError', field: 'options.from.version' }));
    expect(() => createDurationStore({ from: { version: 1, kinds: { 'a/x': [1, 'x'] } } })).toThrow(expect.objectContaining({ field: 'options.from.kinds.a/x' }));
    expect(() => createDurationStore({ maxKinds: 0 })).toThrow(expect.objectContaining({ field: 'options.maxKinds' }));
  });
});

describe('small waits', () => {
  it('builds no DOMException per poll (only when a timer actually ends a poll)', async () => {
    const Original = globalThis.DOMException;
    let made = 0;
    globalThis.DOMException = class extends Original {
      constructor(...args: ConstructorParameters<typeof DOMException>) {
        super(...args);
        made += 1;
      }
    } as typeof DOMException;
    try {
      const v = new VirtualTime();
      let n = 0;
      await v.run(waitForJobWithStats(async () => jobAt(++n, 20), { ref: REF, timeoutMs: 3_600_000, clock: v.clock() }));
      expect(n).toBe(20);
      expect(made).toBe(0);
    } finally {
      globalThis.DOMException = Original;
    }
  });
});

// The end-to-end scenarios every service's test runs against the simulator, over real HTTP: get +
// wait to success, a failure, 404-until-visible + a 500 + a 429 with Retry-After + a dropped
// connection, and the service's own not-found answer. Each service's test passes in only its own
// facts (job shapes, reference fields, what it expects of progress, resource and error); the
// scenarios are here once so a new service (scripts/new-service.mjs) gets them all.
// Time is virtual: the simulator's clock, moved by the waiter's sleeps.
import { startSimulator, type CreatedJob, type JobSpec, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobFailedError, JobNotFoundError, createJobs, type Job, type JobRef, type WaitClock, type WaitState, type WaitStats } from '../src/index.js';
import type { ServiceName } from '../src/serviceRegistry.js';

export const PROJECT = '0123456789abcdef0123456789abcdef';

/** A job to create, without its service (the scenarios add it). */
export type ScenarioJob = Omit<JobSpec, 'service'>;

/** What a scenario's own checks can use: the simulator, its clock and a jobs facade on it. */
export interface ScenarioContext<S extends ServiceName> {
  readonly sim: Simulator;
  readonly token: string;
  readonly clock: WaitClock;
  /** The virtual clock's time, ms. */
  now(): number;
  /** Moves the virtual clock forward (a job's progress is read at that time). */
  advance(ms: number): void;
  /** The backoff sleeps that ran to their end in this test. */
  sleeps(): readonly number[];
  jobs(): ReturnType<typeof createJobs>;
  refOf(created: CreatedJob): JobRef<S>;
}

/** What one run of get-then-wait saw, for the service's own checks. */
export interface SuccessRun {
  created: CreatedJob;
  /** The job as `get` read it, and the clock time of that read. */
  first: Job;
  readAt: number;
  job: Job;
  /** `progress.completed` of each onProgress call (-1: no progress). */
  progress: number[];
  states: WaitState[];
}

export interface ServiceScenarios<S extends ServiceName> {
  service: S;
  /** The simulator's seed (IDs differ per test file). */
  seed: number;
  /** The job's reference from what the simulator created (default `{ jobId: created.id }`). */
  refOf?: (created: CreatedJob) => JobRef<S>;
  success: {
    title: string;
    job: ScenarioJob;
    /** The path the simulator serves the job at (checked when given). */
    path?: (created: CreatedJob) => string;
    /** Clock time to let pass between creating the job and the first read. */
    readAfterMs?: number;
    /** What `get` returns, beyond service, id and done: false. */
    first: Record<string, unknown>;
    /** What `wait` ends with, beyond id, state: 'succeeded' and done: true. */
    last: Record<string, unknown>;
    check?: (run: SuccessRun, ctx: ScenarioContext<S>) => void;
  };
  failure: {
    /** 'job' or 'task', as the service calls it. */
    noun: string;
    job: ScenarioJob;
    /** What the failed job carries, beyond id and state: 'failed' (its error, status). */
    expected: Record<string, unknown>;
    check?: (job: Job) => void;
  };
  /** The job the faults are injected into (a 60 s job of the service's default shape). */
  faultJob?: ScenarioJob;
  /**
   * The service's own not-found answer. Left out only while the service's job path is another's
   * too: the one simulator answers an unknown ID on a shared path with the first service's answer.
   */
  notFound?: {
    title: string;
    /** Each reference must end the wait with JobNotFoundError (with this status and code, when given). */
    answers: Array<{ ref: JobRef<S>; status?: number; code?: string }>;
  };
  /** The service's own further scenarios, in the same simulator. */
  more?: (ctx: ScenarioContext<S>) => void;
}

/**
 * Registers `<service>: get and wait against the simulator` with the shared scenarios.
 * @example
 * describeServiceScenarios({ service: 'evs', seed: 15, success: {...}, failure: {...}, notFound: {...} });
 */
export function describeServiceScenarios<S extends ServiceName>(facts: ServiceScenarios<S>): void {
  const { service } = facts;
  const token = `${service}-test-secret-token`;
  const refOf = facts.refOf ?? ((created: CreatedJob) => ({ jobId: created.id }) as JobRef<S>);
  const spec = (job: ScenarioJob): JobSpec => ({ ...job, service }) as JobSpec;

  describe(`${service}: get and wait against the simulator`, () => {
    let sim: Simulator;
    let now = Date.UTC(2026, 10, 30, 8, 0, 0);
    /** The sleeps that ran to their end (backoff sleeps; a request's timeout timer is aborted instead). */
    let sleeps: number[] = [];
    const timers: Array<{ at: number; ms: number; fire(): void }> = [];
    let inFlight = 0;
    let pumping = false;
    // Virtual time shared by the simulator and the waiter: it jumps to the next timer only while no
    // request is open (two idle turns of the event loop), so a minute-long task takes milliseconds.
    const pump = (): void => {
      if (pumping) return;
      pumping = true;
      setImmediate(() =>
        setImmediate(() => {
          pumping = false;
          if (inFlight > 0 || timers.length === 0) return;
          timers.sort((a, b) => a.at - b.at);
          const next = timers.shift()!;
          now = Math.max(now, next.at);
          next.fire();
          pump();
        }),
      );
    };
    const clock: WaitClock = {
      now: () => now,
      wallNow: () => now,
      random: () => 0.5,
      sleep: (ms, signal) =>
        new Promise<void>((resolve, reject) => {
          if (signal?.aborted) return reject(signal.reason);
          const onAbort = (): void => {
            const i = timers.indexOf(timer);
            if (i >= 0) timers.splice(i, 1);
            reject(signal?.reason);
          };
          const timer = {
            at: now + ms,
            ms,
            fire: () => {
              signal?.removeEventListener('abort', onAbort);
              sleeps.push(ms);
              resolve();
            },
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          timers.push(timer);
          pump();
        }),
    };
    /** Real fetch to the simulator, counted (time stands still while a request is open) and buffered. */
    const countingFetch = async (request: Request): Promise<Response> => {
      inFlight += 1;
      try {
        const response = await fetch(request);
        const body = await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      } finally {
        inFlight -= 1;
        pump();
      }
    };
    beforeAll(async () => {
      sim = await startSimulator({ tokens: [token], clock: () => now, seed: facts.seed });
    });
    afterAll(() => sim.close());
    beforeEach(() => {
      sim.clearFaults();
      sleeps = [];
      timers.length = 0;
    });
    const jobs = () => createJobs({ baseUrl: sim.url, token, projectId: PROJECT, fetch: countingFetch });
    const ctx: ScenarioContext<S> = {
      get sim() {
        return sim;
      },
      token,
      clock,
      now: () => now,
      advance: (ms) => {
        now += ms;
      },
      sleeps: () => sleeps,
      jobs,
      refOf,
    };

    const { success, failure, notFound } = facts;
    it(success.title, async () => {
      const created = sim.createJob(spec(success.job));
      if (success.path) expect(created.path).toBe(success.path(created));
      now += success.readAfterMs ?? 0;
      const readAt = now;
      const first = await jobs().get(service, refOf(created));
      expect(first).toMatchObject({ service, id: created.id, done: false, ...success.first });
      const progress: number[] = [];
      const states: WaitState[] = [];
      const job = await jobs().wait(service, refOf(created), { clock, onProgress: (j) => progress.push(j.progress?.completed ?? -1), onState: (s) => states.push(s) });
      expect(job).toMatchObject({ id: created.id, state: 'succeeded', done: true, ...success.last });
      success.check?.({ created, first, readAt, job, progress, states }, ctx);
    });

    it(`a failed ${failure.noun} rejects with JobFailedError carrying the job and its reason`, async () => {
      const created = sim.createJob(spec({ durationMs: 10_000, outcome: 'failure', ...failure.job }));
      const error = await jobs().wait(service, refOf(created), { clock }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JobFailedError);
      const job = (error as JobFailedError).job;
      expect(job).toMatchObject({ id: created.id, state: 'failed', ...failure.expected });
      failure.check?.(job);
    });

    it('survives 404-until-visible, a 500, a 429 with Retry-After and a dropped connection', async () => {
      const created = sim.createJob(spec({ durationMs: 60_000, ...facts.faultJob }));
      sim.injectFault({ kind: 'notFound', service, jobId: created.id, count: 2 });
      sim.injectFault({ kind: 'serverError', status: 500, service, jobId: created.id, count: 1 });
      sim.injectFault({ kind: 'throttle', service, jobId: created.id, count: 1, retryAfterSeconds: 25 });
      sim.injectFault({ kind: 'drop', service, jobId: created.id, count: 1 });
      let stats: WaitStats | undefined;
      const job = await jobs().wait(service, refOf(created), { clock, onSettled: (s) => (stats = s) });
      expect(job).toMatchObject({ id: created.id, state: 'succeeded' });
      expect(stats?.errorsRetried).toBe(5);
      // Two not-yet-visible reads (the service's own not-found answer), the 500, then the 429: its Retry-After (25 s) wins.
      expect(sleeps.slice(0, 4)).toEqual([3000, 5000, 9000, 25_000]);
      expect(sim.listFaults()).toEqual([]);
    });

    if (notFound) {
      it(notFound.title, async () => {
        for (const answer of notFound.answers) {
          const error = await jobs().wait(service, answer.ref, { clock, notFoundGraceMs: 5_000 }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(JobNotFoundError);
          if (answer.status !== undefined) expect(error).toMatchObject({ status: answer.status });
          if (answer.code !== undefined) expect(error).toMatchObject({ code: answer.code });
          expect(String(error)).not.toContain(token);
        }
      });
    }

    facts.more?.(ctx);
  });
}

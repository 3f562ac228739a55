// The waiter: polls a job until it is final, with backoff, a deadline, an explicit error policy,
// a shared rate limit, abort, progress and persisted state.
import { untilAborted } from '../abort.js';
import { ApiError, JobFailedError, JobNotFoundError } from '../errors.js';
import { isTerminalState, type Job, type JobState } from '@cloud-jobs/core';
import { cutToDeadline, retryDelay } from './backoff.js';
import { ProgressEstimator, doneFraction } from './estimate.js';
import type { ChannelListener } from './jobChannel.js';
import { durationKind } from './learn/durations.js';
import { nextPollDelay } from './schedule.js';
import { classifyError } from './classifyError.js';
import { UnexpectedStatusError, WaitTimeoutError } from './errors.js';
import { LAST_POLL_LEAD_MS, resolveWaitOptions, type GetJob, type ResolvedWaitOptions, type WaitOptions } from './options.js';
import { attachStats, type WaitStats } from './stats.js';
import { WAIT_STATE_VERSION, type WaitState } from './waitState.js';

/**
 * What {@link waitForJobWithStats} resolves with.
 * @example const { job, stats }: WaitResult = await waitForJobWithStats(getJob, options);
 */
export interface WaitResult {
  /** The job, `succeeded`. */
  job: Job;
  stats: WaitStats;
}

const JOB_STATES: ReadonlySet<string> = new Set<JobState>(['pending', 'running', 'blocked', 'succeeded', 'failed', 'canceled', 'unknown']);

function noop(): void {}

/** What one poll gave: a job, or the error to classify. */
type PollOutcome = { job: Job } | { error: unknown };

/** Thrown inside a run when the deadline leaves no room; turned into a WaitTimeoutError. */
class DeadlineReached {}

/** The reason a sleep is cut short because another wait's poll brought an answer. */
const WAKE = Symbol('wake');
/** Which timer ended a poll (its DOMException is built only then, not for every poll). */
const BY_DEADLINE = 1;
const BY_REQUEST_TIMEOUT = 2;

class WaitRun {
  readonly #getJob: GetJob;
  readonly #o: ResolvedWaitOptions;
  readonly #startMono: number;
  readonly #deadlineMono: number;
  readonly #startedAt: number;
  readonly #deadlineAt: number | null;
  readonly #leadMs: number;
  readonly #statuses: (string | number)[] = [];
  #attempts: number;
  #seen: boolean;
  #errorsRetried = 0;
  #consecutiveErrors = 0;
  #unknownStreak = 0;
  #finalStreak = 0;
  /** The state of the current run of final reads (confirmations need the same state each time). */
  #finalState: JobState | undefined;
  #lastJob: Job | undefined;
  #lastError: unknown;
  #progressKey: string | undefined;
  /** The controller of the current step (sleep, token wait or request); aborted by the caller's signal. */
  #step: AbortController | undefined;
  /** Made on the first read that shows progress (most jobs never do: they cost nothing). */
  #estimator: ProgressEstimator | undefined;
  /** When the last read that was not final came, ms since the start (for the learned duration). */
  #lastRunningAt = NaN;
  /** An answer another wait's (or get's) poll brought while this one slept. */
  #shared: Job | undefined;
  #listener: ChannelListener | undefined;

  constructor(getJob: GetJob, o: ResolvedWaitOptions) {
    this.#getJob = getJob;
    this.#o = o;
    const now = o.clock.now();
    const wall = o.clock.wallNow();
    if (o.resume) {
      this.#startedAt = o.resume.startedAt;
      this.#deadlineAt = o.resume.deadlineAt;
      this.#startMono = now - Math.max(0, wall - o.resume.startedAt);
      this.#deadlineMono = o.resume.deadlineAt === null ? Infinity : now + (o.resume.deadlineAt - wall);
      this.#attempts = o.resume.attempts;
      this.#seen = o.resume.seen ?? false;
    } else {
      this.#startedAt = wall;
      this.#deadlineAt = Number.isFinite(o.timeoutMs) ? wall + o.timeoutMs : null;
      this.#startMono = now;
      this.#deadlineMono = now + o.timeoutMs;
      this.#attempts = 0;
      this.#seen = false;
    }
    this.#leadMs = Math.min(LAST_POLL_LEAD_MS, o.minDelayMs);
  }

  stats(): WaitStats {
    return {
      attempts: this.#attempts,
      elapsedMs: Math.max(0, this.#o.clock.now() - this.#startMono),
      errorsRetried: this.#errorsRetried,
      statusesSeen: [...this.#statuses],
    };
  }

  /** Not an async function (nor is anything above #loop): a sleeping wait holds one suspended frame. */
  run(): Promise<WaitResult> {
    const { signal } = this.#o;
    const onAbort = signal ? (): void => this.#step?.abort(signal.reason) : undefined;
    if (onAbort) signal?.addEventListener('abort', onAbort);
    const channel = this.#o.channel;
    let unlisten: (() => void) | undefined;
    if (channel) {
      this.#listener = (job: Job): void => {
        this.#shared = job;
        if (this.#sleeping) this.#step?.abort(WAKE);
      };
      unlisten = channel.listen(this.#listener);
    }
    const cleanup = (): void => {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      unlisten?.();
      this.#step = undefined;
    };
    return this.#loop().then(
      (job) => {
        cleanup();
        const result: WaitResult = { job, stats: this.stats() };
        try {
          this.#o.onSettled?.(result.stats);
        } catch (thrown) {
          // onSettled threw after a success: that error is the outcome (onSettled already saw the stats).
          attachStats(thrown, result.stats);
          throw thrown;
        }
        return result;
      },
      (thrown: unknown) => {
        cleanup();
        const aborted = signal?.aborted === true;
        const error = aborted ? signal.reason : thrown instanceof DeadlineReached ? this.#timeoutError() : thrown;
        // The abort reason belongs to the caller (and may be shared by many waits): never modified.
        const stats = aborted ? this.stats() : attachStats(error, this.stats());
        try {
          this.#o.onSettled?.(stats);
        } catch {
          // The wait's own error is the one to report.
        }
        throw error;
      },
    );
  }

  #sleeping = false;

  async #loop(): Promise<Job> {
    this.#emitState();
    if (this.#o.clock.now() >= this.#deadlineMono) throw new DeadlineReached();
    if (!this.#o.resume) {
      // Many waits started at once spread their first polls over `firstPollSpreadMs`.
      const first = this.#o.initialDelayMs + (this.#o.firstPollSpreadMs > 0 ? this.#o.clock.random() * this.#o.firstPollSpreadMs : 0);
      if (first > 0) await this.#pause(first);
    }
    for (;;) {
      const outcome = await this.#poll();
      if ('error' in outcome) {
        const delay = this.#onError(outcome.error);
        this.#emitState();
        await this.#pause(delay);
        continue;
      }
      const job = outcome.job;
      this.#observe(job);
      this.#emitState();
      const elapsed = this.#o.clock.now() - this.#startMono;
      const settled = this.#decide(job);
      if (settled) {
        this.#learn(job, elapsed);
        return settled;
      }
      if (!job.done) this.#lastRunningAt = elapsed;
      await this.#pause(this.#nextDelay(job, elapsed));
    }
  }

  /** The sleep before the next poll: from the job's progress, learned durations, or the blind schedule. */
  #nextDelay(job: Job, elapsedMs: number): number {
    const o = this.#o;
    const learned = o.durations?.samples(durationKind(o.ref.service, job.type));
    return nextPollDelay({
      schedule: o.schedule,
      bounds: o,
      attempt: this.#attempts,
      elapsedMs,
      random: o.clock.random(),
      remainingMs: this.#estimator?.remainingMs(),
      learned,
    });
  }

  /** Records how long the job took (midway between the last running read and the final one). */
  #learn(job: Job, elapsedMs: number): void {
    const store = this.#o.durations;
    if (!store || Number.isNaN(this.#lastRunningAt)) return;
    store.record(durationKind(this.#o.ref.service, job.type), (this.#lastRunningAt + elapsedMs) / 2);
  }

  /** Records a read job: stats, progress callback, the streaks. */
  #observe(job: Job): void {
    this.#seen = true;
    this.#lastJob = job;
    this.#lastError = undefined;
    this.#consecutiveErrors = 0;
    if (this.#estimator || (!job.done && doneFraction(job) !== undefined)) {
      this.#estimator ??= new ProgressEstimator();
      this.#estimator.observe(job, this.#o.clock.now(), this.#o.clock.wallNow());
    }
    if (!this.#statuses.some((status) => Object.is(status, job.status))) this.#statuses.push(job.status);
    const key = `${job.state}\u0000${typeof job.status}:${String(job.status)}\u0000${job.progress ? `${job.progress.completed}/${job.progress.total}` : '-'}`;
    if (key !== this.#progressKey) {
      this.#progressKey = key;
      this.#o.onProgress?.(job);
    }
  }

  /** Settles on a final job (confirmed), fails on blocked/unknown rules, else undefined to keep waiting. */
  #decide(job: Job): Job | undefined {
    if (isTerminalState(job.state)) {
      this.#finalStreak = this.#finalStreak > 0 && this.#finalState === job.state ? this.#finalStreak + 1 : 1;
      this.#finalState = job.state;
      this.#unknownStreak = 0;
      if (this.#finalStreak < this.#o.confirmations) return undefined;
      if (job.state === 'succeeded') return job;
      throw new JobFailedError(job);
    }
    this.#finalStreak = 0;
    if (job.state === 'unknown') {
      this.#unknownStreak += 1;
      if (this.#unknownStreak >= this.#o.maxUnknownPolls) throw new UnexpectedStatusError(job, this.#unknownStreak, this.stats());
      return undefined;
    }
    this.#unknownStreak = 0;
    if (job.state === 'blocked' && this.#o.failOnBlocked) {
      throw new JobFailedError(job, `${job.service} job ${job.id} is blocked (status ${JSON.stringify(job.status)}): it waits on the customer, e.g. an unpaid order`);
    }
    return undefined;
  }

  /** Applies the error policy to a failed poll: throws to fail, or returns the delay before the retry. */
  #onError(error: unknown): number {
    const verdict = classifyError(error, {
      jobSeen: this.#seen,
      elapsedMs: this.#o.clock.now() - this.#startMono,
      notFoundGraceMs: this.#o.notFoundGraceMs,
    }, this.#o.classify);
    if (verdict.kind === 'vanished' && error instanceof ApiError) throw this.#notFound(error);
    if (!verdict.retry) throw error;
    if (verdict.kind !== 'not-yet-visible') {
      if (this.#consecutiveErrors >= this.#o.maxConsecutiveErrors) throw error;
      this.#consecutiveErrors += 1;
    }
    this.#errorsRetried += 1;
    this.#lastError = error;
    const bounds = { minDelayMs: this.#o.retryMinDelayMs, maxDelayMs: this.#o.maxDelayMs };
    const delayMs = retryDelay(this.#attempts, bounds, this.#o.clock.random(), verdict.retryAfterMs);
    const onRetry = this.#o.onRetry;
    if (onRetry) {
      const graceEnd = this.#startedAt + this.#o.notFoundGraceMs;
      const until = this.#deadlineAt === null ? graceEnd : Math.min(graceEnd, this.#deadlineAt);
      onRetry({ error, kind: verdict.kind, delayMs, ...(verdict.kind === 'not-yet-visible' ? { notVisibleUntil: until } : {}) });
    }
    return delayMs;
  }

  #notFound(error: ApiError): JobNotFoundError {
    const { service, jobId } = this.#o.ref;
    const why = this.#seen ? 'it was seen before: it vanished or expired' : `not found within the ${this.#o.notFoundGraceMs} ms not-found grace`;
    return new JobNotFoundError({
      service: error.service,
      status: error.status,
      message: `${service} job ${jobId} ${why}`,
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.body === undefined ? {} : { body: error.body }),
      ...(error.kind === undefined ? {} : { kind: error.kind }),
      cause: error,
    });
  }

  /** A new step: refused at once when the caller has aborted. */
  #newStep(): AbortController {
    const { signal } = this.#o;
    if (signal?.aborted) throw signal.reason;
    const step = new AbortController();
    this.#step = step;
    return step;
  }

  /** Sleeps `delayMs`, cut so one last poll lands before the deadline; no room left: times out. */
  #pause(delayMs: number): Promise<void> {
    const { clock, channel, signal } = this.#o;
    const cut = cutToDeadline(delayMs, this.#deadlineMono - clock.now(), this.#leadMs);
    if (cut === undefined) return Promise.reject(new DeadlineReached());
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#shared) return Promise.resolve();
    // A lone wait sleeps on the caller's signal itself, in no async frame of its own.
    if (!channel || channel.listeners < 2) return clock.sleep(cut, signal);
    return this.#sharedPause(cut);
  }

  /** A sleep that another wait's answer cuts short. */
  async #sharedPause(cut: number): Promise<void> {
    const { clock } = this.#o;
    const step = this.#newStep();
    this.#sleeping = true;
    try {
      await clock.sleep(cut, step.signal);
    } catch (error) {
      if (step.signal.reason !== WAKE) throw error;
    } finally {
      this.#sleeping = false;
      this.#step = undefined;
    }
  }

  /** One poll: an answer another poll brought, or a token from the limiter, then `getJob` raced against abort, request timeout and deadline. */
  async #poll(): Promise<PollOutcome> {
    const shared = this.#shared;
    if (shared) {
      this.#shared = undefined;
      return { job: shared };
    }
    const { clock, rateLimiter, requestTimeoutMs, ref, channel } = this.#o;
    const step = this.#newStep();
    let endedBy = 0;
    let timer: AbortController | undefined;
    const arm = (ms: number, by: number): void => {
      timer?.abort();
      timer = undefined;
      if (!Number.isFinite(ms)) return;
      const own = new AbortController();
      timer = own;
      clock.sleep(Math.max(0, ms), own.signal).then(() => {
        endedBy = by;
        step.abort(by === BY_DEADLINE ? new DOMException('the wait reached its deadline', 'TimeoutError') : new DOMException(`no answer within requestTimeoutMs (${requestTimeoutMs} ms)`, 'TimeoutError'));
      }, noop);
    };
    try {
      if (rateLimiter) {
        arm(this.#deadlineMono - clock.now(), BY_DEADLINE);
        await untilAborted(rateLimiter.acquire(step.signal), step.signal);
      }
      const remaining = this.#deadlineMono - clock.now();
      if (remaining <= 0) throw new DeadlineReached();
      if (requestTimeoutMs < remaining) arm(requestTimeoutMs, BY_REQUEST_TIMEOUT);
      else arm(remaining, BY_DEADLINE);
      this.#attempts += 1;
      const attempt = this.#attempts;
      let pending: Promise<Job>;
      try {
        pending = channel
          ? channel.publish((signal) => this.#getJob({ signal, attempt }), step.signal, this.#listener)
          : Promise.resolve(this.#getJob({ signal: step.signal, attempt }));
      } catch (error) {
        pending = Promise.reject(error);
      }
      const job = await untilAborted(pending, step.signal);
      checkJob(job);
      return { job };
    } catch (error) {
      if (this.#o.signal?.aborted) throw this.#o.signal.reason;
      if (error instanceof DeadlineReached || (step.signal.aborted && endedBy === BY_DEADLINE)) throw new DeadlineReached();
      if (step.signal.aborted && endedBy === BY_REQUEST_TIMEOUT) {
        const reason = step.signal.reason as DOMException;
        return { error: new ApiError({ service: ref.service, status: 0, code: 'RequestTimeout', message: reason.message, cause: reason }) };
      }
      return { error };
    } finally {
      timer?.abort();
      this.#step = undefined;
    }
  }

  #timeoutError(): WaitTimeoutError {
    const { service, jobId } = this.#o.ref;
    return new WaitTimeoutError({
      service,
      jobId,
      timeoutMs: this.#deadlineAt === null ? Infinity : this.#deadlineAt - this.#startedAt,
      lastJob: this.#lastJob,
      stats: this.stats(),
      ...(this.#lastError === undefined ? {} : { cause: this.#lastError }),
    });
  }

  #emitState(): void {
    const { onState, ref } = this.#o;
    if (!onState) return;
    const state: WaitState = {
      version: WAIT_STATE_VERSION,
      service: ref.service,
      jobId: ref.jobId,
      ...(ref.projectId === undefined ? {} : { projectId: ref.projectId }),
      ...(ref.refFields === undefined ? {} : { refFields: { ...ref.refFields } }),
      startedAt: this.#startedAt,
      deadlineAt: this.#deadlineAt,
      attempts: this.#attempts,
      seen: this.#seen,
    };
    onState(state);
  }
}


function checkJob(value: unknown): asserts value is Job {
  const job = value as Partial<Job> | null;
  if (typeof value !== 'object' || job === null || typeof job.state !== 'string' || !JOB_STATES.has(job.state) || (typeof job.status !== 'string' && typeof job.status !== 'number')) {
    throw new TypeError('waitForJob: getJob resolved with something that is not a Job (expected { state, status, ... })');
  }
}

/**
 * Polls a job until it is final and returns it with the wait's {@link WaitStats}. See
 * {@link waitForJob} for the rules; rejects the same way.
 * @example
 * const { job, stats } = await waitForJobWithStats(({ signal }) => fetchJob('ecs', clients, jobId, projectId, signal), { ref: { service: 'ecs', jobId, projectId } });
 * console.log(`${job.id} done after ${stats.attempts} requests`);
 */
export function waitForJobWithStats(getJob: GetJob, options: WaitOptions): Promise<WaitResult> {
  // Not an async function: one promise fewer held by every sleeping wait.
  let resolved: ResolvedWaitOptions;
  try {
    resolved = resolveWaitOptions(getJob, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return new WaitRun(getJob, resolved).run();
}

/**
 * Polls a job until it is final. Resolves with the job when it `succeeded`; rejects with
 * - `JobFailedError` when it ended `failed` or `canceled` (or is `blocked` with `failOnBlocked`);
 * - `WaitTimeoutError` (with the last job seen) when the deadline passes;
 * - the `ApiError` of a poll that is not retried (a 4xx, or the error that exhausted
 *   `maxConsecutiveErrors`), or `JobNotFoundError` for a 404 after the job was seen or after the grace;
 * - `UnexpectedStatusError` after `maxUnknownPolls` `unknown` reads in a row;
 * - any other error `getJob` or a callback threw, as is (e.g. `UnexpectedResponseError`);
 * - `signal.reason` when `signal` aborts (at once, even during a request; nothing is sent after).
 * Every rejection but the abort reason carries `stats` (see `isWaitError`); `onSettled` always gets them.
 * Bad options reject with a RangeError or TypeError naming the option, before any request.
 * @example
 * const job = await waitForJob(({ signal }) => fetchJob('ecs', clients, jobId, projectId, signal), {
 *   ref: { service: 'ecs', jobId, projectId },
 *   timeoutMs: 20 * 60_000,
 *   onProgress: (job) => console.log(job.state, job.progress),
 * });
 */
export function waitForJob(getJob: GetJob, options: WaitOptions): Promise<Job> {
  return waitForJobWithStats(getJob, options).then(jobOf);
}

function jobOf(result: WaitResult): Job {
  return result.job;
}

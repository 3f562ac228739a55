// The waiter: polls a job until it is final, with backoff, a deadline, an explicit error policy,
// a shared rate limit, abort, progress and persisted state.
import { untilAborted } from '../abort.js';
import { unwatchAbort, watchAbort } from './abortWatch.js';
import { MAX_TIMER_MS, systemClock } from './clock.js';
import { leaveQueue, sleepOnQueue, type Sleeper } from './timerQueue.js';
import { ApiError, JobFailedError, JobNotFoundError } from '../errors.js';
import { isTerminalState, type Job, type JobState } from '@cloud-jobs/core';
import { cutToDeadline, retryDelay } from './backoff.js';
import { ProgressEstimator, doneFraction } from './estimate.js';
import { joinChannel, type ChannelMember, type JoinedChannel } from './jobChannel.js';
import { durationKind } from './learn/durations.js';
import { nextPollDelay } from './schedule.js';
import { classifyError } from './classifyError.js';
import { UnexpectedStatusError, WaitTimeoutError } from './errors.js';
import { LAST_POLL_LEAD_MS, resolveWaitOptions, type GetJob, type PollContext, type ResolvedWaitOptions, type WaitJobRef, type WaitOptions } from './options.js';
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
/** The reason a poll's own timer is cancelled with (an abort without one builds a DOMException). */
const DISARMED = Symbol('disarmed');

/** A wait as createJobs' {@link WaitHost} sees it. */
export interface HostedWait extends ChannelMember {
  readonly ref: WaitJobRef;
  /** The channel its polls go through; the host sets it (none: a lone wait between polls). */
  channel: JoinedChannel | undefined;
}

/**
 * For createJobs: what its waits ask of it, one object shared by all of them (no getJob, listener
 * or end closure per wait). Its reads enforce `requestTimeoutMs` themselves, from when the request
 * leaves the in-flight queue (the waiter's timer then bounds a poll by the deadline only).
 */
export interface WaitHost {
  /** One request for the wait's job. */
  read(run: HostedWait, context: PollContext): Promise<Job>;
  /** The wait starts (before its first poll). */
  begin(run: HostedWait): void;
  /** Before a poll of a wait without a channel: may give it one, so gets and waits that come meanwhile join the request. */
  lend(run: HostedWait): void;
  /** After each poll: may take back a channel the wait is left alone on. */
  rest(run: HostedWait): void;
  /** Once, when the wait settles. */
  end(run: HostedWait): void;
}

class WaitRun implements Sleeper, HostedWait {
  readonly #getJob: GetJob;
  /** createJobs' (instead of per-wait closures), or undefined. */
  readonly #host: WaitHost | undefined;
  readonly #o: ResolvedWaitOptions;
  readonly #startMono: number;
  readonly #deadlineMono: number;
  readonly #startedAt: number;
  readonly #deadlineAt: number | null;
  readonly #leadMs: number;
  /** Replaced (concat), not pushed to, when a status is new: a push or spread reserves 17 slots. */
  #statuses: readonly (string | number)[] = [];
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
  /** The controller of the current step (sleep, token wait or request); aborted by the caller's signal. */
  #step: AbortController | undefined;
  /** Made on the first read that shows progress (most jobs never do: they cost nothing). */
  #estimator: ProgressEstimator | undefined;
  /** When the last read that was not final came, ms since the start (for the learned duration). */
  #lastRunningAt = NaN;
  /** An answer another wait's (or get's) poll brought while this one slept. */
  #shared: Job | undefined;
  /** The job's channel: the caller's (`channel`), or one createJobs' host gives while the job has other users. */
  channel: JoinedChannel | undefined;

  constructor(getJob: GetJob, o: ResolvedWaitOptions, host?: WaitHost) {
    this.#getJob = getJob;
    this.#host = host;
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

  get ref(): WaitJobRef {
    return this.#o.ref;
  }

  stats(): WaitStats {
    return {
      attempts: this.#attempts,
      elapsedMs: Math.max(0, this.#o.clock.now() - this.#startMono),
      errorsRetried: this.#errorsRetried,
      statusesSeen: [...this.#statuses],
    };
  }

  /** Settle the wait's promise; cleared once it settled (nothing settles it twice). */
  #resolve: ((value: WaitResult | Job) => void) | undefined;
  #reject: ((error: unknown) => void) | undefined;
  #withStats = false;
  /** For the timer queue (a sleep on the real clock): when to wake, and the place in its heap (-1: not asleep there). */
  wakeAt = 0;
  slot = -1;
  /** Another wait's answer may cut the current timer sleep short. */
  #wakeable = false;

  /** Called by the caller's signal (through {@link watchAbort}): ends the current sleep or step. */
  abort(reason: unknown): void {
    if (this.slot >= 0) {
      this.#clearTimer();
      this.#fail(reason);
      return;
    }
    this.#step?.abort(reason);
  }

  /**
   * Runs the wait as callbacks, not as an async loop: a wait asleep on the real clock holds its
   * fields, its promise and one timer (no suspended frame, no awaited sleep promise).
   */
  run(withStats: boolean): Promise<WaitResult | Job> {
    this.#withStats = withStats;
    return new Promise<WaitResult | Job>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
      this.#start();
      try {
        this.#emitState();
        if (this.#o.clock.now() >= this.#deadlineMono) throw new DeadlineReached();
        // Many waits started at once spread their first polls over `firstPollSpreadMs`.
        const first = this.#o.resume ? 0 : this.#o.initialDelayMs + (this.#o.firstPollSpreadMs > 0 ? this.#o.clock.random() * this.#o.firstPollSpreadMs : 0);
        if (first > 0) this.#sleepThenPoll(first);
        else this.#pollNow();
      } catch (thrown: unknown) {
        this.#fail(thrown);
      }
    });
  }

  /** The timer sleep ended (or another wait's answer cut it short): the next poll. */
  wake(): void {
    this.#clearTimer();
    this.#pollNow();
  }

  #pollNow(): void {
    this.#poll().then(
      (outcome) => this.#next(outcome),
      (thrown: unknown) => this.#fail(thrown),
    );
  }

  /** After a poll: settle, or sleep until the next one. */
  #next(outcome: PollOutcome): void {
    try {
      if ('error' in outcome) {
        this.#sleepThenPoll(this.#onError(outcome.error));
        return;
      }
      const next = this.#onRead(outcome.job);
      if (typeof next === 'number') this.#sleepThenPoll(next);
      else this.#succeed(next);
    } catch (thrown: unknown) {
      this.#fail(thrown);
    }
  }

  /** Listens to the caller's signal and the job's channel. */
  #start(): void {
    const { signal, channel } = this.#o;
    if (signal) watchAbort(signal, this);
    if (channel) this.channel = joinChannel(channel, this);
    this.#host?.begin(this);
  }

  /** The job's channel brought an answer another wait's (or get's) poll got. */
  hear(job: Job): void {
    this.#shared = job;
    if (this.slot >= 0 && this.#wakeable) this.wake();
    else if (this.#sleeping) this.#step?.abort(WAKE);
  }

  /** A read job: the settled job, or the delay before the next poll. */
  #onRead(read: Job): Job | number {
    this.#observe(read);
    this.#emitState();
    const elapsed = this.#o.clock.now() - this.#startMono;
    const job = this.#decide(read);
    if (job) {
      this.#learn(read, elapsed);
      return job;
    }
    if (!read.done) this.#lastRunningAt = elapsed;
    return this.#nextDelay(read, elapsed);
  }

  /** Rejects with the wait's error, after cleanup and `onSettled`. */
  #fail(thrown: unknown): void {
    const reject = this.#reject;
    if (!reject) return;
    this.#resolve = this.#reject = undefined;
    this.#cleanup();
    const { signal } = this.#o;
    const aborted = signal?.aborted === true;
    const error = aborted ? signal.reason : thrown instanceof DeadlineReached ? this.#timeoutError() : thrown;
    // The abort reason belongs to the caller (and may be shared by many waits): never modified.
    const stats = aborted ? this.stats() : attachStats(error, this.stats());
    try {
      this.#o.onSettled?.(stats);
    } catch {
      // The wait's own error is the one to report.
    }
    reject(error);
  }

  #succeed(job: Job): void {
    const resolve = this.#resolve;
    const reject = this.#reject;
    if (!resolve || !reject) return;
    this.#resolve = this.#reject = undefined;
    this.#cleanup();
    const stats = this.stats();
    try {
      this.#o.onSettled?.(stats);
    } catch (thrown) {
      // onSettled threw after a success: that error is the outcome (onSettled already saw the stats).
      attachStats(thrown, stats);
      reject(thrown);
      return;
    }
    resolve(this.#withStats ? { job, stats } : job);
  }

  #cleanup(): void {
    const { signal } = this.#o;
    if (signal) unwatchAbort(signal, this);
    if (this.#o.channel) {
      this.channel?.leave(this);
      this.channel = undefined;
    }
    this.#clearTimer();
    this.#step = undefined;
    this.#host?.end(this);
  }

  #clearTimer(): void {
    leaveQueue(this);
  }

  #sleeping = false;

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
      remainingSpread: this.#estimator?.spread(),
      partShare: this.#estimator?.partShare(),
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
    const previous = this.#lastJob;
    this.#seen = true;
    this.#lastJob = job;
    this.#lastError = undefined;
    this.#consecutiveErrors = 0;
    if (this.#estimator || (!job.done && doneFraction(job) !== undefined)) {
      this.#estimator ??= new ProgressEstimator();
      this.#estimator.observe(job, this.#o.clock.now(), this.#o.clock.wallNow());
    }
    if (!this.#statuses.some((status) => Object.is(status, job.status))) this.#statuses = this.#statuses.concat([job.status]);
    // Compared with the last read, not kept as a key string: a string per sleeping wait costs ~300 bytes.
    if (!previous || changed(previous, job)) this.#o.onProgress?.(job);
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
    this.#emitState();
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

  /** Sleeps `delayMs`, cut so one last poll lands before the deadline, then polls; no room left: times out. */
  #sleepThenPoll(delayMs: number): void {
    const { clock, signal } = this.#o;
    const { channel } = this;
    const cut = cutToDeadline(delayMs, this.#deadlineMono - clock.now(), this.#leadMs);
    if (cut === undefined) throw new DeadlineReached();
    if (signal?.aborted) throw signal.reason;
    if (this.#shared) {
      this.#pollNow();
      return;
    }
    const wakeable = channel !== undefined && channel.listeners >= 2;
    // On the real clock a sleep is a place in the shared timer queue: abort and wake-ups reach it through the run.
    if (clock === systemClock) {
      this.#wakeable = wakeable;
      sleepOnQueue(this, cut);
      return;
    }
    (wakeable ? this.#sharedPause(cut) : clock.sleep(cut, signal)).then(
      () => this.#pollNow(),
      (thrown: unknown) => this.#fail(thrown),
    );
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
    const { clock, rateLimiter, requestTimeoutMs, ref } = this.#o;
    const step = this.#newStep();
    let endedBy = 0;
    // The poll's timer: a plain timeout on the real clock (no AbortController, no sleep promise).
    let timeout: ReturnType<typeof setTimeout> | undefined;
    let timer: AbortController | undefined;
    const disarm = (): void => {
      if (timeout !== undefined) clearTimeout(timeout);
      timeout = undefined;
      timer?.abort(DISARMED);
      timer = undefined;
    };
    const arm = (ms: number, by: number): void => {
      disarm();
      if (!Number.isFinite(ms)) return;
      const fire = (): void => {
        endedBy = by;
        step.abort(by === BY_DEADLINE ? new DOMException('the wait reached its deadline', 'TimeoutError') : new DOMException(`no answer within requestTimeoutMs (${requestTimeoutMs} ms)`, 'TimeoutError'));
      };
      if (clock === systemClock && ms <= MAX_TIMER_MS) {
        timeout = setTimeout(fire, Math.max(0, ms));
        return;
      }
      const own = new AbortController();
      timer = own;
      clock.sleep(Math.max(0, ms), own.signal).then(fire, noop);
    };
    try {
      if (rateLimiter) {
        arm(this.#deadlineMono - clock.now(), BY_DEADLINE);
        await untilAborted(rateLimiter.acquire(step.signal), step.signal);
      }
      const remaining = this.#deadlineMono - clock.now();
      if (remaining <= 0) throw new DeadlineReached();
      if (requestTimeoutMs < remaining && this.#host === undefined) arm(requestTimeoutMs, BY_REQUEST_TIMEOUT);
      else arm(remaining, BY_DEADLINE);
      this.#attempts += 1;
      const attempt = this.#attempts;
      let pending: Promise<Job>;
      try {
        if (this.channel === undefined) this.#host?.lend(this);
        const { channel } = this;
        pending = channel
          ? channel.publish((signal) => this.#request({ signal, attempt, requestTimeoutMs }), step.signal, this)
          : Promise.resolve(this.#request({ signal: step.signal, attempt, requestTimeoutMs }));
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
      disarm();
      this.#step = undefined;
      this.#host?.rest(this);
    }
  }

  #request(context: PollContext): Promise<Job> {
    return this.#host ? this.#host.read(this, context) : this.#getJob(context);
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


/** The state, status or progress differs (a status compared by type and text, as a key would). */
function changed(a: Job, b: Job): boolean {
  if (a.state !== b.state || typeof a.status !== typeof b.status || String(a.status) !== String(b.status)) return true;
  const p = a.progress;
  const q = b.progress;
  if (!p || !q) return !p !== !q;
  return String(p.completed) !== String(q.completed) || String(p.total) !== String(q.total);
}

/** The getJob of a hosted wait: never called (the host reads), it only passes the options check. */
function hostReads(): Promise<Job> {
  return Promise.reject(new Error('a hosted wait reads through its host'));
}

/**
 * For createJobs (not exported by the package): {@link waitForJob} whose requests, channel and end
 * are `host`'s (told `begin` and `end` once each, unless the options are refused).
 */
export function startWait(host: WaitHost, options: WaitOptions): Promise<Job> {
  let resolved: ResolvedWaitOptions;
  try {
    resolved = resolveWaitOptions(hostReads, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return new WaitRun(hostReads, resolved, host).run(false) as Promise<Job>;
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
  return new WaitRun(getJob, resolved).run(true) as Promise<WaitResult>;
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
  // The run resolves with the job itself: no `.then` (and its promise) per wait.
  let resolved: ResolvedWaitOptions;
  try {
    resolved = resolveWaitOptions(getJob, options);
  } catch (error) {
    return Promise.reject(error);
  }
  return new WaitRun(getJob, resolved).run(false) as Promise<Job>;
}

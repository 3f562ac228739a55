// The options of waitForJob, their defaults, and their eager validation (a JobsConfigError names the option).
import { JobsConfigError } from '@cloud-jobs/core';
import type { Job } from '@cloud-jobs/core';
import type { ClassifyFunction } from './classifyError.js';
import { MAX_TIMER_MS, resolveClock, type WaitClock } from './clock.js';
import type { JobChannel } from './jobChannel.js';
import type { DurationStore } from './learn/durations.js';
import type { RateLimiter } from './rateLimiter.js';
import type { WaitSchedule } from './schedule.js';
import type { WaitStats } from './stats.js';
import { readWaitState, type WaitState } from './waitState.js';
import { checkBoolean, checkClock, checkFunction, checkNumber, checkSignal, checkTimerMs } from './validate.js';

/**
 * Which job a wait is about: named in errors and in the persisted {@link WaitState}. `service` is
 * any name (the waiter knows no service): a registered one, or one of your own.
 * @example const ref: WaitJobRef = { service: 'my-batch', jobId: 'ff80808288d41e1b018a', projectId: 'p1' };
 */
export interface WaitJobRef {
  service: string;
  jobId: string;
  projectId?: string | undefined;
  /** The reference's other fields (a descriptor's `refFields`, e.g. the instance a task belongs to): kept in the persisted state. */
  refFields?: Readonly<Record<string, string>> | undefined;
}

/**
 * What `getJob` receives for each poll.
 * @example const getJob = ({ signal }: PollContext) => fetchJob(descriptor, client, { jobId, projectId }, { signal });
 */
export interface PollContext {
  /** Aborts when the wait is aborted, the request times out (`requestTimeoutMs`) or the deadline passes. Pass it to fetch. */
  signal: AbortSignal;
  /** 1-based number of this request, counting the requests of a resumed wait. */
  attempt: number;
  /** The poll's time budget (`requestTimeoutMs`), ms; the signal already enforces it. */
  requestTimeoutMs: number;
}

/**
 * Fetches and normalizes one poll: any function that resolves with a {@link Job}. Throws an
 * `ApiError` for HTTP and network failures (status 0 for a network error or a request's timeout;
 * `retryAfterMs` from Retry-After), or any error your `classify` option knows.
 * @example const getJob: GetJob = ({ signal }) => fetchJob(descriptor, client, { jobId, projectId }, { signal });
 */
export type GetJob = (context: PollContext) => Promise<Job>;

/**
 * The defaults, chosen for cloud jobs that last from seconds to hours:
 * - `schedule` `'elapsed'`: sleep 8% of the time waited (+-10%), within `minDelayMs` 1.8 s and
 *   `maxDelayMs` 30 s, and 2.2 s after the first read: a 2 s job is seen with two requests, a 10 s
 *   job about 0.9 s after its end, a 1 min job about 2.2 s after, and an hour-long one costs about
 *   160 requests (the exponential schedule of earlier releases: about 230). Chosen with
 *   `npm run bench` against the AWS SDK, terraform, Azure and Google schedules: see the README's
 *   waiter table for the trade-off.
 *   `schedule: 'exponential'` is the earlier one (its `minDelayMs` default is 2 s).
 * - Progress and learned durations (`durations`) replace the blind schedule when they say when the
 *   job will end: sparse polls far from it, dense ones near it.
 * - `initialDelayMs` 0: the first poll goes at once (it checks the job ID and reports progress early).
 * - `timeoutMs` 30 min: terraform's default for ECS and DCS resources; pass `Infinity` for none.
 * - `requestTimeoutMs` 30 s: a hung connection costs one retry, not the whole wait; `Infinity` for none.
 * - `notFoundGraceMs` 30 s: a job created a moment ago may not be readable yet (eventual consistency).
 * - `maxConsecutiveErrors` 10: with the backoff that rides out 2-5 minutes of outage or throttling.
 * - `maxUnknownPolls` 20: a status this release does not know gets several minutes to turn into a
 *   known one before the wait gives up with `UnexpectedStatusError`; `Infinity` waits until the deadline.
 * - `confirmations` 1: the first final read settles (terraform uses 2 for ECS volume attach).
 * - `failOnBlocked` false: a blocked job (ECS `PENDING_PAYMENT`) is waited on.
 * @example WAIT_DEFAULTS.maxDelayMs // 30_000
 */
export const WAIT_DEFAULTS = Object.freeze({
  schedule: 'elapsed' as WaitSchedule,
  minDelayMs: 1_800,
  maxDelayMs: 30_000,
  initialDelayMs: 0,
  timeoutMs: 30 * 60_000,
  requestTimeoutMs: 30_000,
  notFoundGraceMs: 30_000,
  maxConsecutiveErrors: 10,
  maxUnknownPolls: 20,
  confirmations: 1,
  failOnBlocked: false,
});

/**
 * The `minDelayMs` default of `schedule: 'exponential'` (and of the retries after a failed poll),
 * as in earlier releases.
 * @example EXPONENTIAL_MIN_DELAY_MS // 2000
 */
export const EXPONENTIAL_MIN_DELAY_MS = 2_000;

/**
 * The last request starts this long before the deadline (or `minDelayMs` before it, if shorter), so
 * it can land in time: the sleep before it is cut, and when no such room is left the wait times out
 * at once instead of sleeping for nothing.
 * @example LAST_POLL_LEAD_MS // 1000
 */
export const LAST_POLL_LEAD_MS = 1_000;

/**
 * What `onRetry` gets when a failed poll is retried.
 * @example onRetry: (e: WaitRetryEvent) => e.notVisibleUntil && console.log(`not visible yet, trying until ${new Date(e.notVisibleUntil).toISOString()}`)
 */
export interface WaitRetryEvent {
  /** The poll's error. */
  error: unknown;
  /** How it was classified: `not-yet-visible` (a 404 within the grace), `transient`, `throttled`... */
  kind: string;
  /** The sleep before the retry, ms. */
  delayMs: number;
  /** For `not-yet-visible`: until when (wall-clock epoch ms) a 404 is still retried. */
  notVisibleUntil?: number | undefined;
}

/**
 * Options of `waitForJob`. All durations are milliseconds. Give `ref` (a new wait) or `resume`.
 * @example
 * const options: WaitOptions = { ref: { service: 'ecs', jobId }, timeoutMs: 20 * 60_000, onProgress: (job) => console.log(job.state) };
 */
export interface WaitOptions {
  /** The job waited on. Required unless `resume` is given (then it must match the state's job, if given). */
  ref?: WaitJobRef | undefined;
  /**
   * Continue a wait persisted with `onState` (read it back with `readWaitState`): same start, same
   * deadline (`timeoutMs` is ignored), attempt count continued. A deadline already past rejects with
   * `WaitTimeoutError` without a request.
   */
  resume?: WaitState | undefined;
  /** The whole wait's budget; `Infinity` for none. Default 30 min. */
  timeoutMs?: number | undefined;
  /** The blind schedule: `'elapsed'` (default) or `'exponential'` (earlier releases'). See WAIT_DEFAULTS. */
  schedule?: WaitSchedule | undefined;
  /** Shortest sleep between polls; default 1800 (2000 with `schedule: 'exponential'`). */
  minDelayMs?: number | undefined;
  /**
   * Longest blind sleep between polls, also the cap on Retry-After; default 30000. A sleep planned
   * from an estimate (progress, learned durations) is not capped by it: it lasts until the earliest
   * the job may end (the deadline still bounds it).
   */
  maxDelayMs?: number | undefined;
  /**
   * Durations of earlier jobs of the same kind (service + job type), shared by waits: each wait
   * records its job's duration and plans its polls around the likely end. `createJobs` gives every
   * wait one store per facade unless you pass your own (or `null` for none).
   */
  durations?: DurationStore | null | undefined;
  /** Answers shared with other waits and gets on the same job (`createJobs` gives one): a poll another made is not repeated. */
  channel?: JobChannel | undefined;
  /** Sleep before the first poll of a new wait; default 0. */
  initialDelayMs?: number | undefined;
  /**
   * The first poll of a new wait comes a random 0 to this many ms after `initialDelayMs`, so that
   * thousands of waits started together do not poll together. Default 0 (`createJobs` sets it
   * when many waits run at once).
   */
  firstPollSpreadMs?: number | undefined;
  /** One poll's budget: its signal aborts after it and the poll counts as a transient error. Default 30000; `Infinity` for none. */
  requestTimeoutMs?: number | undefined;
  /** A 404 this soon after the start, before the job was ever seen, is retried. Default 30000. */
  notFoundGraceMs?: number | undefined;
  /** Transient or throttled failures in a row that are retried; the next one fails the wait. Default 10. */
  maxConsecutiveErrors?: number | undefined;
  /** The wait fails with `UnexpectedStatusError` when this many polls in a row read `unknown`. Default 20. */
  maxUnknownPolls?: number | undefined;
  /** Reject with `JobFailedError` as soon as the job is `blocked`. Default false. */
  failOnBlocked?: boolean | undefined;
  /** Final reads in a row (same state) that settle the wait. Default 1. */
  confirmations?: number | undefined;
  /** Cancels the wait at once, in a sleep or during a request: it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** A limiter shared with other waits: every request waits for a token first. */
  rateLimiter?: RateLimiter | undefined;
  /** Called when the state, status or progress of the job changes (the first read counts). */
  onProgress?: ((job: Job) => void) | undefined;
  /** Called at the start and after every poll with what `resume` needs. Synchronous; keep it quick. */
  onState?: ((state: WaitState) => void) | undefined;
  /** Called once when the wait settles, whatever the outcome, aborts included. */
  onSettled?: ((stats: WaitStats) => void) | undefined;
  /** Called when a failed poll is retried (a job not visible yet, an outage, throttling), before the sleep. */
  onRetry?: ((event: WaitRetryEvent) => void) | undefined;
  /**
   * What a failed poll means: `transient`/`throttled` (retried), `not-found` (the not-found grace
   * applies), `fatal`; return `undefined` for the default (by HTTP status, `ApiError.kind` and error
   * class: see `classifyFailure`). For errors of a poll function of your own.
   */
  classify?: ClassifyFunction | undefined;
  /** Time and randomness, for tests. */
  clock?: Partial<WaitClock> | undefined;
}

/**
 * Options with every default applied and every value checked.
 * @example const { timeoutMs, clock } = resolveWaitOptions(getJob, options);
 */
export interface ResolvedWaitOptions {
  ref: WaitJobRef;
  resume: WaitState | undefined;
  timeoutMs: number;
  schedule: WaitSchedule;
  minDelayMs: number;
  /** The minimum of the exponential backoff of retries after a failed poll. */
  retryMinDelayMs: number;
  maxDelayMs: number;
  initialDelayMs: number;
  firstPollSpreadMs: number;
  requestTimeoutMs: number;
  notFoundGraceMs: number;
  maxConsecutiveErrors: number;
  maxUnknownPolls: number;
  failOnBlocked: boolean;
  confirmations: number;
  signal: AbortSignal | undefined;
  rateLimiter: RateLimiter | undefined;
  durations: DurationStore | undefined;
  channel: JobChannel | undefined;
  onProgress: ((job: Job) => void) | undefined;
  onState: ((state: WaitState) => void) | undefined;
  onSettled: ((stats: WaitStats) => void) | undefined;
  onRetry: ((event: WaitRetryEvent) => void) | undefined;
  classify: ClassifyFunction | undefined;
  clock: WaitClock;
}

const WHERE = 'waitForJob';

function checkRef(value: unknown): WaitJobRef {
  if (typeof value !== 'object' || value === null) throw new JobsConfigError('options.ref', `${WHERE}: options.ref must be an object { service, jobId, projectId? }`);
  const ref = value as Record<string, unknown>;
  const service = ref['service'];
  if (typeof service !== 'string' || service === '') {
    throw new JobsConfigError('options.ref.service', `${WHERE}: options.ref.service must be a non-empty string (the service's name), got ${JSON.stringify(service) ?? typeof service}`);
  }
  const jobId = ref['jobId'];
  if (typeof jobId !== 'string' || jobId === '') throw new JobsConfigError('options.ref.jobId', `${WHERE}: options.ref.jobId must be a non-empty string`);
  const projectId = ref['projectId'];
  if (projectId !== undefined && typeof projectId !== 'string') throw new JobsConfigError('options.ref.projectId', `${WHERE}: options.ref.projectId must be a string`);
  const refFields = ref['refFields'];
  if (refFields !== undefined && !isStringRecord(refFields)) {
    throw new JobsConfigError('options.ref.refFields', `${WHERE}: options.ref.refFields must be an object of strings`);
  }
  return { service, jobId, ...(projectId === undefined ? {} : { projectId }), ...(refFields === undefined ? {} : { refFields: { ...refFields } }) };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Two references' own fields are the same (absent = none). */
function sameFields(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const left = Object.entries(a ?? {});
  return left.length === Object.keys(b ?? {}).length && left.every(([k, v]) => b?.[k] === v);
}

/**
 * Applies the defaults and checks every option: a RangeError (bad number) or TypeError (bad type)
 * naming the option. Called before any request.
 * @example const resolved = resolveWaitOptions(getJob, { ref: { service: 'ecs', jobId } });
 */
export function resolveWaitOptions(getJob: unknown, options: WaitOptions): ResolvedWaitOptions {
  if (typeof getJob !== 'function') throw new JobsConfigError('getJob', `${WHERE}: getJob must be a function, got ${typeof getJob}`);
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', `${WHERE}: options must be an object`);
  const resume = options.resume === undefined ? undefined : readWaitState(options.resume);
  let ref: WaitJobRef;
  if (resume) {
    ref = {
      service: resume.service,
      jobId: resume.jobId,
      ...(resume.projectId === undefined ? {} : { projectId: resume.projectId }),
      ...(resume.refFields === undefined ? {} : { refFields: resume.refFields }),
    };
    if (options.ref !== undefined) {
      const given = checkRef(options.ref);
      if (given.service !== ref.service || given.jobId !== ref.jobId || !sameFields(given.refFields, ref.refFields)) {
        throw new JobsConfigError('options.ref', `${WHERE}: options.ref (${given.service} ${given.jobId}) is not the job of options.resume (${ref.service} ${ref.jobId})`);
      }
    }
  } else {
    if (options.ref === undefined) throw new JobsConfigError('options.ref', `${WHERE}: options.ref is required (or options.resume)`);
    ref = checkRef(options.ref);
  }
  const schedule = options.schedule ?? WAIT_DEFAULTS.schedule;
  if (schedule !== 'elapsed' && schedule !== 'exponential') {
    throw new JobsConfigError('options.schedule', `${WHERE}: options.schedule must be 'elapsed' or 'exponential', got ${JSON.stringify(schedule) ?? typeof schedule}`);
  }
  const minDelayMs = checkTimerMs(WHERE, 'minDelayMs', options.minDelayMs, schedule === 'exponential' ? EXPONENTIAL_MIN_DELAY_MS : WAIT_DEFAULTS.minDelayMs, 1);
  const maxDelayMs = checkTimerMs(WHERE, 'maxDelayMs', options.maxDelayMs, Math.max(WAIT_DEFAULTS.maxDelayMs, minDelayMs), 1);
  if (maxDelayMs < minDelayMs) throw new JobsConfigError('options.maxDelayMs', `${WHERE}: options.maxDelayMs (${maxDelayMs}) must not be less than options.minDelayMs (${minDelayMs})`);
  const rateLimiter = options.rateLimiter;
  if (rateLimiter !== undefined && (typeof rateLimiter !== 'object' || rateLimiter === null || typeof rateLimiter.acquire !== 'function')) {
    throw new JobsConfigError('options.rateLimiter', `${WHERE}: options.rateLimiter must be a RateLimiter (createRateLimiter)`);
  }
  const durations = options.durations ?? undefined;
  if (durations !== undefined && (typeof durations !== 'object' || typeof durations.record !== 'function' || typeof durations.samples !== 'function')) {
    throw new JobsConfigError('options.durations', `${WHERE}: options.durations must be a DurationStore (createDurationStore)`);
  }
  const channel = options.channel;
  if (channel !== undefined && (typeof channel !== 'object' || channel === null || typeof channel.publish !== 'function')) {
    throw new JobsConfigError('options.channel', `${WHERE}: options.channel must be a JobChannel (createJobChannel)`);
  }
  return ownOnly({
    ref,
    resume,
    timeoutMs: checkNumber(WHERE, 'timeoutMs', options.timeoutMs, WAIT_DEFAULTS.timeoutMs, { min: 1, infinity: true }),
    schedule,
    minDelayMs,
    retryMinDelayMs: options.minDelayMs === undefined ? Math.max(minDelayMs, EXPONENTIAL_MIN_DELAY_MS) : minDelayMs,
    maxDelayMs,
    initialDelayMs: checkTimerMs(WHERE, 'initialDelayMs', options.initialDelayMs, WAIT_DEFAULTS.initialDelayMs, 0),
    firstPollSpreadMs: checkTimerMs(WHERE, 'firstPollSpreadMs', options.firstPollSpreadMs, 0, 0),
    requestTimeoutMs: checkNumber(WHERE, 'requestTimeoutMs', options.requestTimeoutMs, WAIT_DEFAULTS.requestTimeoutMs, { min: 1, max: MAX_TIMER_MS, infinity: true }),
    notFoundGraceMs: checkNumber(WHERE, 'notFoundGraceMs', options.notFoundGraceMs, WAIT_DEFAULTS.notFoundGraceMs, { min: 0, infinity: true }),
    maxConsecutiveErrors: checkNumber(WHERE, 'maxConsecutiveErrors', options.maxConsecutiveErrors, WAIT_DEFAULTS.maxConsecutiveErrors, { min: 0, max: 1_000_000, integer: true, infinity: true }),
    maxUnknownPolls: checkNumber(WHERE, 'maxUnknownPolls', options.maxUnknownPolls, WAIT_DEFAULTS.maxUnknownPolls, { min: 1, max: 1_000_000, integer: true, infinity: true }),
    failOnBlocked: checkBoolean(WHERE, 'failOnBlocked', options.failOnBlocked, WAIT_DEFAULTS.failOnBlocked),
    confirmations: checkNumber(WHERE, 'confirmations', options.confirmations, WAIT_DEFAULTS.confirmations, { min: 1, max: 100, integer: true }),
    signal: checkSignal(WHERE, 'signal', options.signal),
    rateLimiter,
    durations,
    channel,
    onProgress: checkFunction(WHERE, 'onProgress', options.onProgress),
    onState: checkFunction(WHERE, 'onState', options.onState),
    onSettled: checkFunction(WHERE, 'onSettled', options.onSettled),
    onRetry: checkFunction(WHERE, 'onRetry', options.onRetry),
    classify: checkFunction(WHERE, 'classify', options.classify),
    clock: resolveClock(checkClock(WHERE, options.clock)),
  });
}

let defaults: ResolvedWaitOptions | undefined;
let makingDefaults = false;

/**
 * Keeps as own properties only what differs from the defaults, which come from a shared prototype:
 * a sleeping wait holds its resolved options, and 24 own fields cost it ~220 bytes.
 */
function ownOnly(resolved: ResolvedWaitOptions): ResolvedWaitOptions {
  if (makingDefaults) return resolved;
  if (!defaults) {
    makingDefaults = true;
    try {
      defaults = resolveWaitOptions(noop, { ref: { service: '-', jobId: '-' } });
    } finally {
      makingDefaults = false;
    }
  }
  // Not frozen: an own property cannot be assigned over a read-only inherited one.
  const own = Object.create(defaults) as Record<string, unknown>;
  for (const [key, value] of Object.entries(resolved)) if (!Object.is(value, (defaults as unknown as Record<string, unknown>)[key])) own[key] = value;
  return own as unknown as ResolvedWaitOptions;
}

function noop(): void {}

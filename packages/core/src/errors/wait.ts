// The errors only a wait throws. Each carries the wait's WaitStats.
import { redactDeep } from '../secrets.js';
import type { Job } from '../model.js';
import { CloudJobsError } from './cloudJobsError.js';

/**
 * How a wait went. The same record reaches `onSettled`, the result of `waitForJobWithStats`, and
 * every error the wait rejects with (as `error.stats`), except an abort reason, which is the
 * caller's own object and is never modified (read the stats in `onSettled` then).
 * @example
 * const stats: WaitStats = { attempts: 4, elapsedMs: 9_812, errorsRetried: 1, statusesSeen: ['INIT', 'RUNNING', 'SUCCESS'] };
 */
export interface WaitStats {
  /** Requests made (`getJob` calls), counting those of the waits this one resumed. */
  readonly attempts: number;
  /** Time since the wait started (the original start when resumed), ms. */
  readonly elapsedMs: number;
  /** Failed polls that were retried (transient, throttled, or a 404 within the grace). */
  readonly errorsRetried: number;
  /** The distinct raw statuses the service sent, in the order first seen. */
  readonly statusesSeen: readonly (string | number)[];
}

/**
 * What {@link WaitTimeoutError} is made from.
 * @example new WaitTimeoutError({ service: 'ecs', jobId, timeoutMs: 60_000, lastJob, stats });
 */
export interface WaitTimeoutErrorInit {
  service: string;
  jobId: string;
  /** The wait's whole budget (deadline minus start), ms. */
  timeoutMs: number;
  /** The last job a poll returned, if any. */
  lastJob: Job | undefined;
  stats: WaitStats;
  /** The error of the last poll, when it failed. */
  cause?: unknown;
}

/**
 * The deadline passed before the job reached a final state. Carries the last job seen (its state may
 * be `running`, `blocked`, `unknown`, or final but not yet confirmed) and, as `cause`, the last
 * poll's error when it failed.
 * @example
 * catch (error) { if (error instanceof WaitTimeoutError) console.log(error.lastJob?.state, error.stats.attempts); }
 */
export class WaitTimeoutError extends CloudJobsError {
  override name = 'WaitTimeoutError';
  readonly service: string;
  readonly jobId: string;
  readonly timeoutMs: number;
  readonly lastJob: Job | undefined;
  readonly stats: WaitStats;
  constructor(init: WaitTimeoutErrorInit) {
    const last = init.lastJob ? `; last state ${init.lastJob.state} (status ${JSON.stringify(init.lastJob.status)})` : '; the job was never seen';
    super(`${init.service} job ${init.jobId} did not finish within ${init.timeoutMs} ms${last}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.service = init.service;
    this.jobId = init.jobId;
    this.timeoutMs = init.timeoutMs;
    this.lastJob = redactDeep(init.lastJob); // its raw payload may echo a secret
    this.stats = init.stats;
  }
}

/**
 * The job stayed in the `unknown` state (a status this release does not know) for
 * `maxUnknownPolls` polls in a row. Carries the job, whose `status` shows what the service sent.
 * @example
 * catch (error) { if (error instanceof UnexpectedStatusError) console.log(error.job.status); }
 */
export class UnexpectedStatusError extends CloudJobsError {
  override name = 'UnexpectedStatusError';
  readonly job: Job;
  readonly unknownPolls: number;
  readonly stats: WaitStats;
  constructor(job: Job, unknownPolls: number, stats: WaitStats) {
    super(`${job.service} job ${job.id}: status ${JSON.stringify(job.status)} is unknown to this release (${unknownPolls} polls in a row)`);
    this.job = redactDeep(job);
    this.unknownPolls = unknownPolls;
    this.stats = stats;
  }
}

/**
 * A persisted `WaitState` cannot be read: not an object, a field missing or of the wrong type, or a
 * `version` this release does not know (a newer release wrote it).
 * @example
 * try { readWaitState(JSON.parse(text)); } catch (error) { if (error instanceof WaitStateError) start a new wait }
 */
export class WaitStateError extends CloudJobsError {
  override name = 'WaitStateError';
  /** What was wrong, naming the field. */
  readonly reason: string;
  constructor(reason: string) {
    super(`cannot resume the wait: ${reason}`);
    this.reason = reason;
  }
}

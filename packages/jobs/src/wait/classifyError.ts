// The error policy, in one place: what is retried, what fails at once.
import { IamAuthError } from '../auth/errors.js';
import { RequestTimeoutError } from '@cloud-jobs/ecs';
import { ApiError } from '../errors.js';
import { asciiLower, asciiTrim } from '../normalize/asciiCase.js';

/**
 * Error codes that mean "slow down" whatever the HTTP status: the API gateway's throttling
 * (`APIG.0308`, `APIGW.0308`, HTTP 429), ECS flow control (`Common.1503`, HTTP 503) and ECS
 * "exceeds flow over limit" (`Common.0024`, sent with HTTP 202).
 * @example THROTTLE_CODES.has('Common.0024') // true
 */
export const THROTTLE_CODES: ReadonlySet<string> = new Set(['APIG.0308', 'APIGW.0308', 'Common.0024', 'Common.1503']);

/**
 * What an HTTP answer means for a retry: `transient` and `throttled` are retried, `not-found` is
 * decided by the caller (a job that is not visible yet, or gone), `fatal` is not retried.
 * @example const kind: StatusClass = classifyStatus(503);
 */
export type StatusClass = 'transient' | 'throttled' | 'not-found' | 'fatal';

/**
 * Codes cloud-jobs gives a 2xx answer that holds no readable job (empty, or not JSON): a proxy or a
 * cut connection rather than the service, retried as transient.
 * @example RESPONSE_GLITCH_CODES.has('MalformedResponse') // true
 */
export const RESPONSE_GLITCH_CODES: ReadonlySet<string> = new Set(['EmptyResponse', 'MalformedResponse']);

/**
 * Error codes that mean "no such job" whatever the HTTP status: ECS answers an unknown job ID with
 * 400 `Common.0011` ("query job fail."), Cloud Firewall with 400 `CFW.00200005` (object does not
 * exist), ServiceStage with 404 `SVCSTG.00100429`, the diagnosis API with HTTP 200 and
 * `OSM.01010001` (parameter validation failed). They follow the 404 rule: "not visible yet" within
 * the grace, then `JobNotFoundError`.
 * @example NOT_FOUND_CODES.has('Common.0011') // true
 */
export const NOT_FOUND_CODES: ReadonlySet<string> = new Set(['Common.0011', 'CFW.00200005', 'SVCSTG.00100429', 'OSM.01010001']);

function isThrottleCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  const wanted = asciiLower(asciiTrim(code));
  for (const known of THROTTLE_CODES) if (asciiLower(known) === wanted) return true;
  return false;
}

/**
 * Classifies an HTTP status (0 = no answer: network error or a request's timeout) and the error
 * code of its body, if known:
 * - `throttled`: 429, or a {@link THROTTLE_CODES} code with any status (ECS 202 `Common.0024`);
 * - `transient`: 0, 408, every 5xx except 501 and 505 (which never heal by themselves), and a 2xx
 *   with a {@link RESPONSE_GLITCH_CODES} code (an empty or non-JSON body);
 * - `not-found`: 404, or a {@link NOT_FOUND_CODES} code with any status (ECS 400 `Common.0011`);
 * - `fatal`: everything else (other 4xx, and 1xx-3xx answers that are errors).
 * @example classifyStatus(0) // 'transient'
 * @example classifyStatus(202, 'Common.0024') // 'throttled'
 * @example classifyStatus(403) // 'fatal'
 */
export function classifyStatus(status: number, code?: string): StatusClass {
  if (status === 429 || isThrottleCode(code)) return 'throttled';
  if (status === 0 || status === 408) return 'transient';
  if (status >= 200 && status <= 299 && code !== undefined && RESPONSE_GLITCH_CODES.has(code)) return 'transient';
  if (status === 404 || (code !== undefined && NOT_FOUND_CODES.has(asciiTrim(code)))) return 'not-found';
  if (status >= 500 && status <= 599 && status !== 501 && status !== 505) return 'transient';
  return 'fatal';
}

/**
 * What a failed poll means for a wait:
 * - `transient`, `throttled`: retried (after Retry-After, if any), within `maxConsecutiveErrors`;
 * - `not-yet-visible`: a 404 before the job was ever seen, within the not-found grace: retried, and
 *   not counted against `maxConsecutiveErrors` (the grace bounds it);
 * - `vanished`: a 404 after the job was seen, or after the grace: fails with `JobNotFoundError`;
 * - `fatal`: fails at once (other 4xx, non-API errors such as `UnexpectedResponseError` or bugs).
 * @example const kind: ErrorKind = classifyError(error, context).kind;
 */
export type ErrorKind = 'transient' | 'throttled' | 'not-yet-visible' | 'vanished' | 'fatal';

/**
 * The decision for one failed poll.
 * @example const verdict: ErrorVerdict = { kind: 'throttled', retry: true, retryAfterMs: 2000 };
 */
export interface ErrorVerdict {
  kind: ErrorKind;
  /** `kind` is `transient`, `throttled` or `not-yet-visible`. */
  retry: boolean;
  /** The delay the server asked for (`ApiError.retryAfterMs`), when retried. */
  retryAfterMs: number | undefined;
}

/**
 * What decides between a job that is not visible yet and one that vanished.
 * @example const context: ClassifyContext = { jobSeen: false, elapsedMs: 1200, notFoundGraceMs: 30_000 };
 */
export interface ClassifyContext {
  /** A poll has returned the job before. */
  jobSeen: boolean;
  /** Time since the wait started, ms. */
  elapsedMs: number;
  /** How long after the start a 404 still means "not visible yet", ms. */
  notFoundGraceMs: number;
}

/**
 * The waiter's error policy as one function: classifies what `getJob` threw. Only an
 * {@link ApiError} (see {@link classifyStatus}) or a transient `IamAuthError` (IAM 0/429/5xx) can
 * be retried; a 404 is `not-yet-visible` while the
 * job was never seen and `elapsedMs < notFoundGraceMs`, else `vanished`. Anything else is `fatal`.
 * @example
 * classifyError(new ApiError({ service: 'ecs', status: 429, message: 'slow down', retryAfterMs: 2000 }), { jobSeen: true, elapsedMs: 0, notFoundGraceMs: 0 })
 * // { kind: 'throttled', retry: true, retryAfterMs: 2000 }
 * @example
 * classifyError(new ApiError({ service: 'dcs', status: 404, message: 'no such job' }), { jobSeen: false, elapsedMs: 5000, notFoundGraceMs: 30_000 }).kind
 * // 'not-yet-visible'
 */
export function classifyError(error: unknown, context: ClassifyContext): ErrorVerdict {
  // IAM down, throttling or unreachable while the token is fetched or renewed: retried like the
  // service's own transient errors. Refused credentials are not transient (and IAM's cooldown holds).
  if (error instanceof IamAuthError) {
    if (!error.transient) return { kind: 'fatal', retry: false, retryAfterMs: undefined };
    return { kind: error.status === 429 ? 'throttled' : 'transient', retry: true, retryAfterMs: error.retryAfterMs };
  }
  // The client's own time budget ran out: a hung or trickling server, retried like a network error.
  // Its other typed errors (a refused redirect, a body over the cap, bad input) never heal: fatal.
  if (error instanceof RequestTimeoutError) return { kind: 'transient', retry: true, retryAfterMs: undefined };
  if (!(error instanceof ApiError)) return { kind: 'fatal', retry: false, retryAfterMs: undefined };
  const statusClass = classifyStatus(error.status, error.code);
  if (statusClass === 'transient' || statusClass === 'throttled') return { kind: statusClass, retry: true, retryAfterMs: error.retryAfterMs };
  if (statusClass === 'not-found') {
    const visibleYet = !context.jobSeen && context.elapsedMs < context.notFoundGraceMs;
    return visibleYet ? { kind: 'not-yet-visible', retry: true, retryAfterMs: error.retryAfterMs } : { kind: 'vanished', retry: false, retryAfterMs: undefined };
  }
  return { kind: 'fatal', retry: false, retryAfterMs: undefined };
}

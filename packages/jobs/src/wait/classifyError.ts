// The error policy, in one place: what is retried, what fails at once.
import { IamAuthError } from '../auth/errors.js';
import { RequestTimeoutError } from '@cloud-jobs/core';
import { ApiError, type ApiErrorKind } from '../errors.js';
import { asciiLower, asciiTrim } from '../normalize/asciiCase.js';

/**
 * Error codes that mean "slow down" whatever the HTTP status and whichever service is behind the
 * gateway: the API gateway's throttling (`APIG.0308`, `APIGW.0308`, HTTP 429). A service's own
 * throttling codes are in its descriptor; fetchJob marks them on the ApiError (`kind`).
 * @example GATEWAY_THROTTLE_CODES.has('APIG.0308') // true
 */
export const GATEWAY_THROTTLE_CODES: ReadonlySet<string> = new Set(['APIG.0308', 'APIGW.0308']);

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

function isThrottleCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  const wanted = asciiLower(asciiTrim(code));
  for (const known of GATEWAY_THROTTLE_CODES) if (asciiLower(known) === wanted) return true;
  return false;
}

/**
 * Classifies an HTTP status (0 = no answer: network error or a request's timeout), the error code
 * of its body and what the service's own codes say it is (`kind`, see `ApiError.kind`):
 * - `throttled`: 429, a {@link GATEWAY_THROTTLE_CODES} code, or `kind` `throttled`, with any status;
 * - `transient`: 0, 408, every 5xx except 501 and 505 (which never heal by themselves), and a 2xx
 *   with a {@link RESPONSE_GLITCH_CODES} code (an empty or non-JSON body);
 * - `not-found`: 404, or `kind` `not-found` with any status;
 * - `fatal`: everything else (other 4xx, and 1xx-3xx answers that are errors).
 * @example classifyStatus(0) // 'transient'
 * @example classifyStatus(202, 'Busy.0001', 'throttled') // 'throttled'
 * @example classifyStatus(403) // 'fatal'
 */
export function classifyStatus(status: number, code?: string, kind?: ApiErrorKind): StatusClass {
  if (status === 429 || kind === 'throttled' || isThrottleCode(code)) return 'throttled';
  if (status === 0 || status === 408) return 'transient';
  if (status >= 200 && status <= 299 && code !== undefined && RESPONSE_GLITCH_CODES.has(code)) return 'transient';
  if (status === 404 || kind === 'not-found') return 'not-found';
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
 * Decides what a failed poll means, the waiter's `classify` option: return `undefined` to leave an
 * error to the default ({@link classifyFailure}).
 * @example const classify: ClassifyFunction = (error) => (error instanceof MyBusyError ? 'throttled' : undefined);
 */
export type ClassifyFunction = (error: unknown) => StatusClass | undefined;

/**
 * The default classification of what `getJob` threw, knowing no service (a service's own codes
 * reach it as `ApiError.kind`): an {@link ApiError} by {@link classifyStatus}; a transient
 * `IamAuthError` (IAM 0/408/429/5xx) as `throttled` (429) or `transient`; a `RequestTimeoutError`
 * (the client's own budget ran out) as `transient`; anything else `fatal`.
 * @example classifyFailure(new ApiError({ service: 'svc', status: 503, message: 'busy' })) // 'transient'
 */
export function classifyFailure(error: unknown): StatusClass {
  // IAM down, throttling or unreachable while the token is fetched or renewed: retried like the
  // service's own transient errors. Refused credentials are not transient (and IAM's cooldown holds).
  if (error instanceof IamAuthError) return !error.transient ? 'fatal' : error.status === 429 ? 'throttled' : 'transient';
  // A hung or trickling server, retried like a network error. The client's other typed errors (a
  // refused redirect, a body over the cap, bad input) never heal: fatal.
  if (error instanceof RequestTimeoutError) return 'transient';
  if (error instanceof ApiError) return classifyStatus(error.status, error.code, error.kind);
  return 'fatal';
}

function retryAfterOf(error: unknown): number | undefined {
  const value = typeof error === 'object' && error !== null ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The waiter's error policy as one function: classifies what `getJob` threw with `classify` (default
 * {@link classifyFailure}), then applies the not-found grace: a `not-found` is `not-yet-visible`
 * while the job was never seen and `elapsedMs < notFoundGraceMs`, else `vanished`. `retryAfterMs`
 * is the error's own (ApiError, IamAuthError), when retried.
 * @example
 * classifyError(new ApiError({ service: 'svc', status: 429, message: 'slow down', retryAfterMs: 2000 }), { jobSeen: true, elapsedMs: 0, notFoundGraceMs: 0 })
 * // { kind: 'throttled', retry: true, retryAfterMs: 2000 }
 * @example
 * classifyError(new ApiError({ service: 'svc', status: 404, message: 'no such job' }), { jobSeen: false, elapsedMs: 5000, notFoundGraceMs: 30_000 }).kind
 * // 'not-yet-visible'
 */
export function classifyError(error: unknown, context: ClassifyContext, classify?: ClassifyFunction): ErrorVerdict {
  const statusClass = classify?.(error) ?? classifyFailure(error);
  if (statusClass === 'transient' || statusClass === 'throttled') return { kind: statusClass, retry: true, retryAfterMs: retryAfterOf(error) };
  if (statusClass === 'not-found') {
    const visibleYet = !context.jobSeen && context.elapsedMs < context.notFoundGraceMs;
    return visibleYet ? { kind: 'not-yet-visible', retry: true, retryAfterMs: retryAfterOf(error) } : { kind: 'vanished', retry: false, retryAfterMs: undefined };
  }
  return { kind: 'fatal', retry: false, retryAfterMs: undefined };
}

// The errors of a service (or IAM) answer: an error answer, a payload that is not a job, a job
// that failed or vanished, a token IAM would not issue.
import { redactDeep, redactSecrets } from '../secrets.js';
import type { Job } from '../model.js';
import { CloudJobsError } from './cloudJobsError.js';

/**
 * A payload that cannot be a job of `service` (not an object, or a wrong shape). The payload is kept (secrets redacted).
 * @example catch (error) { if (error instanceof UnexpectedResponseError) console.error(error.reason); }
 */
export class UnexpectedResponseError extends CloudJobsError {
  override name = 'UnexpectedResponseError';
  readonly service: string;
  /** What was wrong, naming the field, e.g. `data: expected an object, got string`. */
  readonly reason: string;
  /** The payload as received. */
  readonly payload: unknown;
  constructor(service: string, reason: string, payload: unknown) {
    super(`${service}: unexpected response: ${reason}`);
    this.service = service;
    this.reason = redactSecrets(reason);
    this.payload = redactDeep(payload);
  }
}

/**
 * What an {@link ApiError} is made from.
 * @example const init: ApiErrorInit = { service: 'svc', status: 404, code: 'Job.0404', message: 'no such job' };
 */
export interface ApiErrorInit {
  service: string;
  /** HTTP status; 0 when the request never got an answer (network error, timeout). */
  status: number;
  code?: string;
  message: string;
  requestId?: string;
  /** Delay the server asked for (Retry-After), in ms. */
  retryAfterMs?: number;
  /** The error body as received (parsed JSON, or text). */
  body?: unknown;
  /** What the service's own error codes say this is (set by whoever knows the service's code lists). */
  kind?: ApiErrorKind | undefined;
  cause?: unknown;
}

/**
 * What a service's error code means, beyond the HTTP status: no such job, or slow down.
 * @example if (error instanceof ApiError && error.kind === 'throttled') await sleep(error.retryAfterMs ?? 1000);
 */
export type ApiErrorKind = 'not-found' | 'throttled';

/**
 * A request the service (or its gateway, or the network) answered with an error. Never carries the
 * token: message, code, request ID, body and cause are scrubbed of every registered secret.
 * @example catch (error) { if (error instanceof ApiError && error.status === 403) console.error(error.code, error.requestId); }
 */
export class ApiError extends CloudJobsError {
  override name = 'ApiError';
  readonly service: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: unknown;
  /** `not-found` or `throttled` when the service's error code says so; `undefined` otherwise. */
  readonly kind: ApiErrorKind | undefined;
  constructor(init: ApiErrorInit) {
    super(
      `${init.service}: ${init.status === 0 ? 'request failed' : `HTTP ${init.status}`}${init.code ? ` ${init.code}` : ''}: ${init.message}${init.requestId ? ` (request id ${init.requestId})` : ''}`,
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.service = init.service;
    this.status = init.status;
    this.code = init.code === undefined ? undefined : redactSecrets(init.code);
    this.requestId = init.requestId === undefined ? undefined : redactSecrets(init.requestId);
    this.retryAfterMs = init.retryAfterMs;
    this.body = redactDeep(init.body);
    this.kind = init.kind;
  }
}

/**
 * A 404 for a job that was seen before (or after the not-found grace): it vanished or expired.
 * @example catch (error) { if (error instanceof JobNotFoundError) forget(error.service, jobId); }
 */
export class JobNotFoundError extends ApiError {
  override name = 'JobNotFoundError';
}

/**
 * The job ended `failed` or `canceled` (or `blocked`, with `failOnBlocked`). Carries the job (a copy
 * with every registered secret redacted from its strings, `raw` included, when any held one).
 * @example catch (error) { if (error instanceof JobFailedError) console.error(error.job.error?.message); }
 */
export class JobFailedError extends CloudJobsError {
  override name = 'JobFailedError';
  readonly job: Job;
  constructor(job: Job, message?: string) {
    const shown = redactDeep(job);
    super(message ?? `${shown.service} job ${shown.id} ${shown.state}${shown.error ? `: ${shown.error.code ? `${shown.error.code} ` : ''}${shown.error.message}` : ''}`);
    this.job = shown;
  }
}

/**
 * Whether an IAM answer of `status` may heal by itself: no answer (0: network error, reset,
 * timeout), 408, 429 and every 5xx but 501 and 505.
 */
function isTransientStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * What else an {@link IamAuthError} says.
 * @example const init: IamAuthErrorOptions = { transient: false, targetOrigin: 'https://elsewhere.example' };
 */
export interface IamAuthErrorOptions {
  cause?: unknown;
  /** Overrides the status rule (e.g. an oversized answer is permanent whatever its status). */
  transient?: boolean | undefined;
  /** The delay IAM asked for (Retry-After), ms. */
  retryAfterMs?: number | undefined;
  /** For a redirect: the origin IAM pointed to (never the full Location). */
  targetOrigin?: string | undefined;
}

/**
 * IAM refused to issue a token (wrong password, unknown user or project, locked account: `status`
 * 400/401/403...), answered without one, redirected the request (never followed: `status` 3xx,
 * `targetOrigin`), or could not be reached (`status` 0: network error, reset, timeout). `transient`
 * says whether asking again later may work (0, 408, 429, 5xx but 501/505): a wait retries those with
 * backoff, and fails at once on the others. `code` and the message come from IAM's error body with
 * every secret scrubbed out.
 * @example
 * catch (error) { if (error instanceof IamAuthError && error.status === 401) console.error('check OS_USERNAME / OS_PASSWORD'); }
 */
export class IamAuthError extends CloudJobsError {
  override name = 'IamAuthError';
  /** HTTP status of IAM's answer; 0 when there was none (network error, timeout). */
  readonly status: number;
  /** IAM's error code (`IAM.0101`, or Keystone's numeric code as text), when it sent one. */
  readonly code: string | undefined;
  /** IAM may answer differently later (outage, throttling, no answer): retried by a wait. */
  readonly transient: boolean;
  /** The delay IAM asked for (Retry-After), ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** For a redirect IAM answered (never followed): the origin it pointed to. */
  readonly targetOrigin: string | undefined;
  constructor(status: number, message: string, code?: string, options?: IamAuthErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code === undefined ? undefined : redactSecrets(code);
    this.transient = options?.transient ?? isTransientStatus(status);
    this.retryAfterMs = options?.retryAfterMs;
    this.targetOrigin = options?.targetOrigin;
  }
}

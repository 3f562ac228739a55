import { redactCause, redactDeep, redactSecrets } from './auth/secrets.js';
import type { Job, ServiceName } from './model.js';

/**
 * Base class of every error cloud-jobs throws on purpose. Its message (so its stack) and `cause`
 * are scrubbed of every registered secret (see `registerSecret`): a server that echoes a token or a
 * password cannot put it into an error.
 */
export class CloudJobsError extends Error {
  override name = 'CloudJobsError';
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message === undefined ? undefined : redactSecrets(message), options !== undefined && 'cause' in options ? { cause: redactCause(options.cause) } : undefined);
  }
}

/** A payload that cannot be a job of `service` (not an object, or a wrong shape). The payload is kept (secrets redacted). */
export class UnexpectedResponseError extends CloudJobsError {
  override name = 'UnexpectedResponseError';
  readonly service: ServiceName;
  /** What was wrong, naming the field, e.g. `data: expected an object, got string`. */
  readonly reason: string;
  /** The payload as received. */
  readonly payload: unknown;
  constructor(service: ServiceName, reason: string, payload: unknown) {
    super(`${service}: unexpected response: ${reason}`);
    this.service = service;
    this.reason = redactSecrets(reason);
    this.payload = redactDeep(payload);
  }
}

/** What an {@link ApiError} is made from. */
export interface ApiErrorInit {
  service: ServiceName;
  /** HTTP status; 0 when the request never got an answer (network error, timeout). */
  status: number;
  code?: string;
  message: string;
  requestId?: string;
  /** Delay the server asked for (Retry-After), in ms. */
  retryAfterMs?: number;
  /** The error body as received (parsed JSON, or text). */
  body?: unknown;
  cause?: unknown;
}

/**
 * A request the service (or its gateway, or the network) answered with an error. Never carries the
 * token: message, code, request ID, body and cause are scrubbed of every registered secret.
 */
export class ApiError extends CloudJobsError {
  override name = 'ApiError';
  readonly service: ServiceName;
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly body: unknown;
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
  }
}

/** A 404 for a job that was seen before (or after the not-found grace): it vanished or expired. */
export class JobNotFoundError extends ApiError {
  override name = 'JobNotFoundError';
}

/**
 * The job ended `failed` or `canceled` (or `blocked`, with `failOnBlocked`). Carries the job (a copy
 * with every registered secret redacted from its strings, `raw` included, when any held one).
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

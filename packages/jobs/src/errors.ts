import type { Job, ServiceName } from './model.js';

/** Base class of every error cloud-jobs throws on purpose. */
export class CloudJobsError extends Error {
  override name = 'CloudJobsError';
}

/** A payload that cannot be a job of `service` (not an object, or a wrong shape). The payload is kept. */
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
    this.reason = reason;
    this.payload = payload;
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

/** A request the service (or its gateway, or the network) answered with an error. Never carries the token. */
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
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
    this.body = init.body;
  }
}

/** A 404 for a job that was seen before (or after the not-found grace): it vanished or expired. */
export class JobNotFoundError extends ApiError {
  override name = 'JobNotFoundError';
}

/** The job ended `failed` or `canceled` (or `blocked`, with `failOnBlocked`). Carries the job. */
export class JobFailedError extends CloudJobsError {
  override name = 'JobFailedError';
  readonly job: Job;
  constructor(job: Job, message?: string) {
    super(message ?? `${job.service} job ${job.id} ${job.state}${job.error ? `: ${job.error.code ? `${job.error.code} ` : ''}${job.error.message}` : ''}`);
    this.job = job;
  }
}

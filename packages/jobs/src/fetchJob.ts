import type { ServiceClients } from './clients.js';
import {
  ClientConfigError,
  InvalidPathParameterError,
  RedirectRefusedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  withRequestTimeout,
} from '@cloud-jobs/ecs';
import type { Middleware } from 'openapi-fetch';
import { clipRedacted, redactSecrets } from './auth/secrets.js';
import { ApiError, CloudJobsError, UnexpectedResponseError } from './errors.js';
import type { Job, ServiceName } from './model.js';
import { errorFromBody, normalizeJob } from './normalize/index.js';

/** Which job to read: project-scoped services take a project ID (or the facade's default). */
export interface ProjectJobRef {
  projectId?: string;
  jobId: string;
}

/** The diagnosis API (OSM) is global: a job ID only. */
export interface OsmJobRef {
  jobId: string;
}

/** The reference of a job of service `S`. */
export type JobRef<S extends ServiceName> = S extends 'osm' ? OsmJobRef : ProjectJobRef;

/** The answer of one poll, before normalization. */
interface RawAnswer {
  response: Response;
  /** The parsed body of a 2xx (text when openapi-fetch could not parse it), or the error body. */
  body: unknown;
}

/** What every call sends besides its parameters: the body as text, the signal, the call's own time budget. */
interface CallOptions {
  parseAs: 'text';
  signal?: AbortSignal;
  middleware?: Middleware[];
}

function callOptions(signal: AbortSignal | undefined, requestTimeoutMs: number | undefined): CallOptions {
  return {
    parseAs: 'text',
    ...(signal ? { signal } : {}),
    ...(requestTimeoutMs === undefined ? {} : { middleware: [withRequestTimeout(requestTimeoutMs)] }),
  };
}

function params(projectId: string, jobId: string, call: CallOptions) {
  return { params: { path: { project_id: projectId, job_id: jobId } }, ...call };
}

async function send(
  service: ServiceName,
  clients: <S extends ServiceName>(service: S) => ServiceClients[S],
  jobId: string,
  projectId: string,
  call: CallOptions,
): Promise<RawAnswer> {
  let result: { data?: unknown; error?: unknown; response: Response };
  switch (service) {
    case 'ecs':
      result = await clients('ecs').GET('/v1/{project_id}/jobs/{job_id}', params(projectId, jobId, call));
      break;
    case 'dcs':
      result = await clients('dcs').GET('/v2/{project_id}/jobs/{job_id}', params(projectId, jobId, call));
      break;
    case 'cfw':
      result = await clients('cfw').GET('/v3/{project_id}/jobs/{job_id}', params(projectId, jobId, call));
      break;
    case 'servicestage':
      result = await clients('servicestage').GET('/v2/{project_id}/cas/jobs/{job_id}', params(projectId, jobId, call));
      break;
    case 'osm':
      result = await clients('osm').GET('/v2.0/servicerequest/diagnose/job', { params: { query: { job_id: jobId } }, ...call });
      break;
  }
  return { response: result.response, body: result.response.ok ? result.data : result.error };
}

function isClientError(err: unknown): boolean {
  return (
    err instanceof InvalidPathParameterError ||
    err instanceof ClientConfigError ||
    err instanceof RedirectRefusedError ||
    err instanceof ResponseTooLargeError ||
    err instanceof RequestTimeoutError
  );
}

/**
 * Reads one job (the building block of `createJobs().get`): sends the request, turns an error answer into an {@link ApiError} and a 2xx body
 * into a {@link Job}. Network failures become an ApiError with status 0; an abort rethrows the
 * signal's reason; the client's own errors (`RequestTimeoutError`, `ResponseTooLargeError`,
 * `RedirectRefusedError`, `InvalidPathParameterError`, `ClientConfigError`) are rethrown as they are.
 * `requestTimeoutMs` replaces the client's time budget for this call (headers and body).
 * @example
 * const clients = <S extends ServiceName>(s: S) => createServiceClientFor(s, { baseUrl, token });
 * const job = await fetchJob('ecs', clients, jobId, projectId, AbortSignal.timeout(10_000));
 */
export async function fetchJob(
  service: ServiceName,
  clients: <S extends ServiceName>(service: S) => ServiceClients[S],
  jobId: string,
  projectId: string,
  signal?: AbortSignal,
  requestTimeoutMs?: number,
): Promise<Job> {
  // Building the client throws ClientConfigError (bad region, base URL): a configuration error, not the network's.
  clients(service);
  let answer: RawAnswer;
  try {
    answer = await send(service, clients, jobId, projectId, callOptions(signal, requestTimeoutMs));
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    // Our own errors (IAM refused the password, bad auth settings, a bad path parameter or client
    // option, the client's redirect policy, time budget and body cap) are not the network's: they
    // keep their type, and the waiter decides on them (only RequestTimeoutError is retried).
    if (err instanceof CloudJobsError || isClientError(err)) throw err;
    throw new ApiError({
      service,
      status: 0,
      message: `network error: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  const { response, body } = answer;
  if (!response.ok) throw errorFromBody(service, response.status, body, response.headers);
  if (typeof body !== 'string' || body.trim() === '') {
    throw new ApiError({ service, status: response.status, code: 'EmptyResponse', message: 'the service answered without a body', body });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (err) {
    // A proxy or a cut connection, not the service: the waiter retries it as transient.
    // Secrets go before white space is collapsed and the text cut (either could let one, or its start, through).
    const sample = clipRedacted(redactSecrets(body).replace(/\s+/g, ' ').trim(), 80);
    throw new ApiError({ service, status: response.status, code: 'MalformedResponse', message: `the body is not JSON: ${JSON.stringify(sample)}`, body, cause: err });
  }
  // ECS reports throttling as HTTP 202 with an error body (Common.0024) and no job.
  if (response.status === 202 && service === 'ecs') throw errorFromBody(service, 202, payload, response.headers);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new UnexpectedResponseError(service, `body: expected a JSON object, got ${Array.isArray(payload) ? 'array' : payload === null ? 'null' : typeof payload}`, payload);
  }
  return normalizeJob(service, payload, { jobId });
}

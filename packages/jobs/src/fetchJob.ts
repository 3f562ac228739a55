// Reading one job of any service through its descriptor: the request, the error answers, the body.
import { withRequestTimeout, type JobRefBase, type ServiceDescriptor } from '@cloud-jobs/core';
import { clipRedacted, redactSecrets } from './auth/secrets.js';
import { ApiError, CloudJobsError, JobsConfigError, UnexpectedResponseError } from './errors.js';
import type { JobCallInit } from './jobCall.js';
import type { Job } from '@cloud-jobs/core';
import { errorFromBody } from './normalize/errorFromBody.js';

/**
 * Options of {@link fetchJob}.
 * @example const options: FetchJobOptions = { signal: AbortSignal.timeout(10_000), requestTimeoutMs: 5_000 };
 */
export interface FetchJobOptions {
  /** Aborts the request; fetchJob rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Replaces the client's time budget for this call (headers and body), ms; `Infinity` for none. */
  requestTimeoutMs?: number | undefined;
}

/**
 * Reads one job (the building block of `createJobs().get`) with a service's descriptor and a client
 * it built: sends the request, turns an error answer into an {@link ApiError} (its `kind` set from
 * the descriptor's not-found and throttle codes, so a waiter needs no code list) and a 2xx body
 * into a {@link Job}. A project-scoped service needs `ref.projectId`. Network failures become an
 * ApiError with status 0; an abort rethrows the signal's reason; our own errors (`RequestTimeoutError`,
 * `ResponseTooLargeError`, `RedirectRefusedError`, `InvalidPathParameterError`, `ClientConfigError`,
 * `IamAuthError`...) are rethrown as they are.
 * @example
 * import { ecs } from '@cloud-jobs/jobs/ecs';
 * const client = ecs.createClient({ region: 'eu-de', cloud: 'otc', token });
 * const job = await fetchJob(ecs, client, { jobId, projectId }, { signal: AbortSignal.timeout(10_000) });
 */
export async function fetchJob<Client, Ref extends JobRefBase>(
  service: ServiceDescriptor<string, Client, Ref>,
  client: Client,
  ref: Ref & { projectId?: string | undefined },
  options: FetchJobOptions = {},
): Promise<Job> {
  const { signal, requestTimeoutMs } = options;
  const name = service.name;
  const projectId = ref.projectId ?? '';
  if (service.scope === 'project' && projectId === '') throw new JobsConfigError('ref.projectId', `${name}: ref.projectId is required (a project-scoped service)`);
  const init: JobCallInit = {
    ...(signal ? { signal } : {}),
    ...(requestTimeoutMs === undefined ? {} : { middleware: [withRequestTimeout(requestTimeoutMs)] }),
  };
  let result: { response: Response; data?: unknown; error?: unknown };
  try {
    result = await service.readJob(client, { ...ref, projectId }, init);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    // Our own errors (IAM refused the password, bad auth settings, a bad path parameter or client
    // option, the client's redirect policy, time budget and body cap) are not the network's: they
    // keep their type, and the waiter decides on them (only RequestTimeoutError is retried).
    if (err instanceof CloudJobsError) throw err;
    throw new ApiError({ service: name, status: 0, message: `network error: ${err instanceof Error ? err.message : String(err)}`, cause: err });
  }
  const { response } = result;
  const body = response.ok ? result.data : result.error;
  if (!response.ok) throw errorFromBody(name, response.status, body, response.headers, service);
  if (typeof body !== 'string' || body.trim() === '') {
    throw new ApiError({ service: name, status: response.status, code: 'EmptyResponse', message: 'the service answered without a body', body });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (err) {
    // A proxy or a cut connection, not the service: the waiter retries it as transient.
    // Secrets go before white space is collapsed and the text cut (either could let one, or its start, through).
    const sample = clipRedacted(redactSecrets(body).replace(/\s+/g, ' ').trim(), 80);
    throw new ApiError({ service: name, status: response.status, code: 'MalformedResponse', message: `the body is not JSON: ${JSON.stringify(sample)}`, body, cause: err });
  }
  // A 2xx the service uses for an error (a throttle answered as 202, say) is an error answer.
  if (service.isErrorAnswer?.(response.status, payload)) throw errorFromBody(name, response.status, payload, response.headers, service);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new UnexpectedResponseError(name, `body: expected a JSON object, got ${Array.isArray(payload) ? 'array' : payload === null ? 'null' : typeof payload}`, payload);
  }
  return service.normalize(payload, { jobId: ref.jobId });
}

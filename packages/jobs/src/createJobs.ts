// The facade: five lazily built service clients behind `get` and `wait`.
import { endpoints as osmEndpoints } from '@cloud-jobs/osm';
import type { Middleware } from 'openapi-fetch';
import { resolveAuthFromEnv } from './auth/index.js';
import { createServiceClientFor, type ServiceClients, type ServiceClientSettings } from './clients.js';
import { fetchJob, type JobRef } from './fetchJob.js';
import { SERVICE_NAMES, type Job, type ServiceName } from './model.js';
import { createRateLimiter, type RateLimiter } from './wait/rateLimiter.js';
import type { FetchFunction } from './wait/retryingFetch.js';
import { MAX_TIMER_MS } from './wait/clock.js';
import { waitForJob } from './wait/waitForJob.js';
import type { WaitOptions } from './wait/options.js';

/**
 * Options of {@link createJobs}.
 * @example
 * const options: CreateJobsOptions = { region: 'eu-de', cloud: 'otc', token, projectId };
 */
export interface CreateJobsOptions {
  /** Region ID such as `eu-de` or `ap-southeast-1`: picks each service's endpoint from its spec. */
  region?: string | undefined;
  /** Which cloud `region` belongs to. Default `'huaweicloud'`. */
  cloud?: 'huaweicloud' | 'otc' | undefined;
  /** A static IAM token, sent as `X-Auth-Token`. Never logged, never part of an error. */
  token?: string | undefined;
  /** Authentication middleware (`createIamAuth`, `createAkSkAuth`, `createTokenAuth`), run on every request. */
  auth?: Middleware | readonly Middleware[] | undefined;
  /** One base URL for every service (the simulator serves all five on one port). */
  baseUrl?: string | undefined;
  /** A base URL per service; wins over `baseUrl` and `region`. https, or http on a loopback host. */
  baseUrls?: Partial<Record<ServiceName, string>> | undefined;
  /**
   * Project used when a job reference names none (all services but `osm`); or a function that
   * finds it once, on first need (e.g. from the IAM token of `OS_PROJECT_NAME`).
   */
  projectId?: string | ((signal?: AbortSignal) => Promise<string | undefined>) | undefined;
  /** Custom fetch (receives a `Request`), e.g. one with a proxy agent. Default `globalThis.fetch`. */
  fetch?: FetchFunction | undefined;
  /** Headers sent with every request (Latin-1 values without control characters; tab is fine). */
  headers?: Record<string, string> | undefined;
  /** Extra openapi-fetch middleware (logging, tracing), after `auth`. */
  middleware?: readonly Middleware[] | undefined;
  /**
   * A client-side request rate shared by every `get` and `wait` of a service: one limiter per
   * service (a number applies to each service; an object sets them one by one).
   */
  maxRequestsPerSecond?: number | Partial<Record<ServiceName, number>> | undefined;
  /** Defaults for every `wait` (each call's options win). */
  waitDefaults?: JobsWaitOptions | undefined;
  /**
   * Budget of one request, headers and body together, ms, for every client call (and `get`); also
   * the default `requestTimeoutMs` of `wait`'s polls. Default 30 000; `Infinity` for none.
   */
  requestTimeoutMs?: number | undefined;
  /** Largest response body read (success or error), in bytes; above it the call fails with `ResponseTooLargeError`. Default 8 MiB. */
  maxResponseBytes?: number | undefined;
}

/**
 * Options of `jobs.get`.
 * @example await jobs.get('ecs', { jobId }, { requestTimeoutMs: 10_000 });
 */
export interface JobsGetOptions {
  /** Aborts the request; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Budget of this request, headers and body, ms; rejects with `RequestTimeoutError`. Default: the facade's (30 000). */
  requestTimeoutMs?: number | undefined;
}

/**
 * Options of `jobs.wait`: those of `waitForJob`, without `ref` (the facade fills it in).
 * @example const options: JobsWaitOptions = { timeoutMs: 20 * 60_000, onProgress: (job) => console.log(job.state) };
 */
export type JobsWaitOptions = Omit<WaitOptions, 'ref'>;

/**
 * What {@link createJobs} returns.
 * @example
 * const job = await jobs.wait('ecs', { jobId }, { timeoutMs: 10 * 60_000 });
 */
export interface Jobs {
  /**
   * Reads a job once and normalizes it. Rejects with `ApiError` (HTTP, gateway or network failure),
   * `UnexpectedResponseError` (a body that is no job), `InvalidPathParameterError`,
   * `RequestTimeoutError`, `ResponseTooLargeError` or `RedirectRefusedError`.
   */
  get<S extends ServiceName>(service: S, ref: JobRef<S>, options?: JobsGetOptions): Promise<Job>;
  /**
   * Polls a job until it is final (see `waitForJob` for the policy). Resolves with the `succeeded`
   * job; rejects with `JobFailedError`, `WaitTimeoutError`, `JobNotFoundError`, `ApiError`,
   * `UnexpectedStatusError` or the abort reason.
   */
  wait<S extends ServiceName>(service: S, ref: JobRef<S>, options?: JobsWaitOptions): Promise<Job>;
  /** The typed client of one service, built on first use with the facade's settings. */
  client<S extends ServiceName>(service: S): ServiceClients[S];
  /** The rate limiter of a service, when `maxRequestsPerSecond` is set. */
  rateLimiter(service: ServiceName): RateLimiter | undefined;
}

/** Thrown for a job reference or facade option that cannot work; names the field. */
export class JobsConfigError extends TypeError {
  override readonly name = 'JobsConfigError';
  /** The option or field at fault, e.g. `projectId` or `ref.jobId`. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

function checkService(service: unknown): ServiceName {
  if (typeof service !== 'string' || !(SERVICE_NAMES as readonly string[]).includes(service)) {
    throw new JobsConfigError('service', `service must be one of ${SERVICE_NAMES.join(', ')}, got ${JSON.stringify(service) ?? typeof service}`);
  }
  return service as ServiceName;
}

/**
 * The diagnosis API (osm) is global: whatever region the caller works in, its jobs are read from one
 * endpoint per site (Huawei Cloud's international site serves it from ap-southeast-3).
 */
function globalRegionFor(service: ServiceName, region: string, cloud: 'huaweicloud' | 'otc' | undefined): string {
  if (service !== 'osm' || (cloud ?? 'huaweicloud') !== 'huaweicloud') return region;
  return osmEndpoints.some((e) => e.cloud === 'huaweicloud' && e.region === region) ? region : OSM_GLOBAL_REGION;
}

/** Where the international site serves the diagnosis API. */
const OSM_GLOBAL_REGION = 'ap-southeast-3';

/** A header value goes on the wire as Latin-1 bytes: tab, printable ASCII and U+0080-U+00FF only. */
const BAD_HEADER_VALUE = /[^\t\x20-\x7E\x80-\xFF]/;

/** Refuses text that cannot be a header value (CR, LF, NUL, other controls, above U+00FF); names the field, never the value. */
function checkHeaderText(field: string, value: unknown): void {
  if (typeof value !== 'string') throw new JobsConfigError(field, `${field} must be a string`);
  if (BAD_HEADER_VALUE.test(value)) {
    throw new JobsConfigError(field, `${field} holds a character a header cannot carry (a control character, or one above U+00FF)`);
  }
}

/** A positive whole number up to `max`, or Infinity. */
function checkLimit(field: string, value: unknown, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 1) || (value > max && value !== Infinity) || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new JobsConfigError(field, `${field} must be a whole number from 1 to ${max}, or Infinity; got ${String(value)}`);
  }
  return value;
}

function rateOf(option: CreateJobsOptions['maxRequestsPerSecond'], service: ServiceName): number | undefined {
  const rate = typeof option === 'object' ? option[service] : option;
  if (rate === undefined) return undefined;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    const field = typeof option === 'object' ? `maxRequestsPerSecond.${service}` : 'maxRequestsPerSecond';
    throw new JobsConfigError(field, `${field} must be a positive number, got ${String(rate)}`);
  }
  return rate;
}

/**
 * Creates the facade over the five job APIs: `get` reads and normalizes a job, `wait` polls it to the
 * end. Clients are built on first use, so a region that only some services know is fine until one
 * that does not is asked for.
 * @example
 * import { createJobs } from '@cloud-jobs/jobs';
 * const jobs = createJobs({ region: 'eu-de', cloud: 'otc', token: process.env.OS_AUTH_TOKEN, projectId });
 * const job = await jobs.wait('ecs', { jobId: 'ff80808288d41e1b018a' }, {
 *   onProgress: (j) => console.log(j.state, j.progress),
 * });
 * console.log(job.resource); // { kind: 'server', id: '...' }
 */
export function createJobs(options: CreateJobsOptions = {}): Jobs {
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', 'createJobs: options must be an object');
  const auth = options.auth === undefined ? [] : Array.isArray(options.auth) ? [...(options.auth as readonly Middleware[])] : [options.auth as Middleware];
  const middleware = [...auth, ...(options.middleware ?? [])];
  const defaultProject = options.projectId;
  if (defaultProject !== undefined && typeof defaultProject !== 'function' && (typeof defaultProject !== 'string' || defaultProject === '')) {
    throw new JobsConfigError('projectId', 'projectId must be a non-empty string, or a function that finds it');
  }
  if (typeof defaultProject === 'string') checkHeaderText('projectId', defaultProject);
  if (options.token !== undefined && options.token !== '') checkHeaderText('token', options.token);
  for (const [name, value] of Object.entries(options.headers ?? {})) checkHeaderText(`headers.${name}`, value);
  const requestTimeoutMs = checkLimit('requestTimeoutMs', options.requestTimeoutMs, MAX_TIMER_MS);
  const maxResponseBytes = checkLimit('maxResponseBytes', options.maxResponseBytes, Number.MAX_SAFE_INTEGER);
  let foundProject: Promise<string | undefined> | undefined;
  async function projectDefault(signal: AbortSignal | undefined): Promise<string | undefined> {
    if (typeof defaultProject !== 'function') return defaultProject;
    foundProject ??= defaultProject(signal).catch((error: unknown) => {
      foundProject = undefined; // ask again next time
      throw error;
    });
    return foundProject;
  }
  for (const key of Object.keys(options.baseUrls ?? {})) checkService(key);
  const limiters = new Map<ServiceName, RateLimiter>();
  for (const service of SERVICE_NAMES) {
    const rate = rateOf(options.maxRequestsPerSecond, service);
    if (rate !== undefined) limiters.set(service, createRateLimiter({ maxRequestsPerSecond: rate }));
  }
  const clients = new Map<ServiceName, unknown>();

  function client<S extends ServiceName>(service: S): ServiceClients[S] {
    checkService(service);
    const existing = clients.get(service);
    if (existing !== undefined) return existing as ServiceClients[S];
    const settings: ServiceClientSettings = {};
    const baseUrl = options.baseUrls?.[service] ?? options.baseUrl;
    if (baseUrl !== undefined) settings.baseUrl = baseUrl;
    if (options.region !== undefined) settings.region = globalRegionFor(service, options.region, options.cloud);
    if (options.cloud !== undefined) settings.cloud = options.cloud;
    if (options.token !== undefined) settings.token = options.token;
    if (options.fetch !== undefined) settings.fetch = options.fetch;
    if (options.headers !== undefined) settings.headers = options.headers;
    if (middleware.length > 0) settings.middleware = middleware;
    if (requestTimeoutMs !== undefined) settings.requestTimeoutMs = requestTimeoutMs;
    if (maxResponseBytes !== undefined) settings.maxResponseBytes = maxResponseBytes;
    const created = createServiceClientFor(service, settings);
    clients.set(service, created);
    return created;
  }

  async function target<S extends ServiceName>(service: S, ref: JobRef<S>, signal?: AbortSignal): Promise<{ jobId: string; projectId: string }> {
    checkService(service);
    if (typeof ref !== 'object' || ref === null) throw new JobsConfigError('ref', `${service}: the job reference must be an object { jobId${service === 'osm' ? '' : ', projectId?'} }`);
    const { jobId } = ref;
    if (typeof jobId !== 'string' || jobId.trim() === '') throw new JobsConfigError('ref.jobId', `${service}: ref.jobId must be a non-empty string`);
    if (service === 'osm') return { jobId, projectId: '' };
    const given = (ref as { projectId?: unknown }).projectId;
    if (given !== undefined && (typeof given !== 'string' || given === '')) throw new JobsConfigError('ref.projectId', `${service}: ref.projectId must be a non-empty string`);
    const projectId = (given as string | undefined) ?? (await projectDefault(signal));
    if (projectId === undefined) {
      throw new JobsConfigError('projectId', `${service}: a project ID is needed: pass ref.projectId, or projectId to createJobs`);
    }
    return { jobId, projectId };
  }

  return {
    async get(service, ref, getOptions = {}) {
      const budget = checkLimit('requestTimeoutMs', getOptions.requestTimeoutMs, MAX_TIMER_MS);
      const { jobId, projectId } = await target(service, ref, getOptions.signal);
      const limiter = limiters.get(service);
      if (limiter) await limiter.acquire(getOptions.signal);
      return fetchJob(service, client, jobId, projectId, getOptions.signal, budget);
    },
    async wait(service, ref, waitOptions = {}) {
      const { jobId, projectId } = await target(service, ref, waitOptions.signal);
      const limiter = limiters.get(service);
      const merged: WaitOptions = {
        ...options.waitDefaults,
        ...waitOptions,
        ref: { service, jobId, ...(service === 'osm' ? {} : { projectId }) },
      };
      if (merged.rateLimiter === undefined && limiter) merged.rateLimiter = limiter;
      if (merged.requestTimeoutMs === undefined && requestTimeoutMs !== undefined) merged.requestTimeoutMs = requestTimeoutMs;
      // The wait's per-poll requestTimeoutMs is the budget of its polls (its timer aborts the signal):
      // the client's own would only cut them shorter than asked.
      return waitForJob(({ signal }) => fetchJob(service, client, jobId, projectId, signal, Infinity), merged);
    },
    client,
    rateLimiter: (service) => limiters.get(checkService(service)),
  };
}

/**
 * Options of {@link createJobs.fromEnv}: the facade's options except credentials, plus the
 * environment to read (default `process.env`).
 * @example createJobs.fromEnv({ env: { OS_AUTH_TOKEN: token, OS_REGION_NAME: 'eu-de', HUAWEICLOUD_SDK_PROJECT_ID: projectId } });
 */
export type FromEnvOptions = Omit<CreateJobsOptions, 'token' | 'auth'> & {
  env?: Readonly<Record<string, string | undefined>> | undefined;
};

/**
 * Creates the facade from the variables users already have: the official SDK's
 * `HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`/`_DOMAIN_ID` and the OpenStack-style `OS_*` of Open
 * Telekom Cloud shells. Picks the strongest complete method (AK/SK, then IAM password, then
 * `OS_AUTH_TOKEN`); throws `AuthConfigError` naming the missing variable when none is complete.
 * Options given here win over the environment.
 * @example
 * const jobs = createJobs.fromEnv();
 * await jobs.wait('dcs', { jobId });
 */
function fromEnv(options: FromEnvOptions = {}): Jobs {
  const { env, ...rest } = options;
  // The same fetch (a proxy, a test's) serves IAM's token requests too; no env: resolveAuthFromEnv's default.
  const resolved = resolveAuthFromEnv(env, rest.fetch ? { fetch: rest.fetch } : {});
  const merged: CreateJobsOptions = { auth: resolved.middleware, ...rest };
  if (merged.region === undefined && resolved.region !== undefined) merged.region = resolved.region;
  if (merged.cloud === undefined && resolved.cloud !== undefined) merged.cloud = resolved.cloud;
  if (merged.projectId === undefined) {
    if (resolved.projectId !== undefined) merged.projectId = resolved.projectId;
    else if (resolved.resolveProjectId !== undefined) merged.projectId = resolved.resolveProjectId;
  }
  return createJobs(merged);
}

createJobs.fromEnv = fromEnv;

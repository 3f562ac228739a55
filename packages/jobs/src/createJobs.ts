// The facade: every registered service behind `get` and `wait`, each client built on first use.
import type { Cloud, ServiceClientOptions } from '@cloud-jobs/core';
import type { Middleware } from 'openapi-fetch';
import { fetchJob } from './fetchJob.js';
import type { Job } from '@cloud-jobs/core';
import { findService, SERVICE_NAMES, services, type ClientOf, type JobRefOf, type RegisteredService, type ServiceName } from './serviceRegistry.js';
import { createRateLimiter, type RateLimiter } from './wait/rateLimiter.js';
import type { FetchFunction } from './wait/retryingFetch.js';
import { MAX_TIMER_MS } from './wait/clock.js';
import { startWait, type HostedWait, type WaitHost } from './wait/waitForJob.js';
import { InFlightLimit } from './wait/inFlight.js';
import { JobList } from './wait/jobChannel.js';
import { createDurationStore, type DurationStore } from './wait/learn/durations.js';
import type { PollContext, WaitOptions } from './wait/options.js';
import { JobsConfigError } from './errors.js';

/**
 * The reference of a job of service `S`: `{ jobId, projectId? }` for a project-scoped service
 * (the project defaults to the facade's), `{ jobId }` for a global one, plus the fields its
 * descriptor's `refFields` name (required, so a reference without them does not compile).
 * @example const ref: JobRef<ServiceName> = { jobId: 'ff80808288d41e1b018a' };
 */
export type JobRef<S extends ServiceName> = JobRefOf<S>;

/**
 * The typed client of each registered service.
 * @example type Clients = ServiceClients[ServiceName];
 */
export type ServiceClients = { [S in ServiceName]: ClientOf<S> };

/**
 * What every service client is built from (the client runtime's options).
 * @example const settings: ServiceClientSettings = { region: 'eu-de', cloud: 'otc', token };
 */
export type ServiceClientSettings = ServiceClientOptions;

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
  /** One base URL for every service (the simulator serves them all on one port). */
  baseUrl?: string | undefined;
  /** A base URL per service; wins over `baseUrl` and `region`. https, or http on a loopback host. */
  baseUrls?: Partial<Record<ServiceName, string>> | undefined;
  /**
   * Project used when a job reference of a project-scoped service names none; or a function that
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
   * service (a number applies to each service; an object sets them one by one). Kept where the
   * requests leave (the clients' `admit`), so no sliding second sends more; the wait for a token is
   * not part of a request's `requestTimeoutMs`.
   */
  maxRequestsPerSecond?: number | Partial<Record<ServiceName, number>> | undefined;
  /**
   * Requests in flight at once per service; more wait in a queue before any of their objects are
   * built (and a wait's first poll is spread out when more waits run than this). Default 256.
   */
  maxInFlight?: number | undefined;
  /**
   * What every `wait` learns job durations into (service + job type) and plans polls with. Default:
   * one bounded store per facade; pass your own (`createDurationStore`, e.g. loaded from JSON) to
   * keep it between runs, or `null` to learn nothing.
   */
  durations?: DurationStore | null | undefined;
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
  /** The durations store the waits learn into (`undefined` with `durations: null`). */
  readonly durations: DurationStore | undefined;
}

function checkService(service: unknown): RegisteredService {
  const found = typeof service === 'string' ? findService(service) : undefined;
  if (!found) throw new JobsConfigError('service', `service must be one of ${SERVICE_NAMES.join(', ')}, got ${JSON.stringify(service) ?? typeof service}`);
  return found;
}

/**
 * A global API served from one region per cloud (its descriptor's `homeRegion`): whatever region
 * the caller works in, its jobs are read there unless the caller's region has an endpoint of its own.
 */
function regionFor(service: RegisteredService, region: string, cloud: Cloud | undefined): string {
  const site = cloud ?? 'huaweicloud';
  const home = service.homeRegion?.[site];
  if (home === undefined) return region;
  return service.endpoints.some((e) => e.cloud === site && e.region === region) ? region : home;
}

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
 * Creates the facade over every registered job API: `get` reads and normalizes a job, `wait` polls it to the
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
  const limiters = new Map<string, RateLimiter>();
  for (const service of services) {
    const rate = rateOf(options.maxRequestsPerSecond, service.name);
    if (rate !== undefined) limiters.set(service.name, createRateLimiter({ maxRequestsPerSecond: rate }));
  }
  const clients = new Map<string, unknown>();
  const maxInFlight = checkLimit('maxInFlight', options.maxInFlight, 1_000_000) ?? 256;
  const inFlight = new Map<string, InFlightLimit>();
  const durations = options.durations === null ? undefined : (options.durations ?? createDurationStore());
  if (durations !== undefined && (typeof durations !== 'object' || typeof durations.record !== 'function')) {
    throw new JobsConfigError('durations', 'createJobs: durations must be a DurationStore (createDurationStore) or null');
  }
  /** Who polls which job: waits and gets on one job share its requests and answers. */
  const list = new JobList();
  let activeWaits = 0;
  function groupKey(service: string, projectId: string, fields: Readonly<Record<string, string>>): string {
    return JSON.stringify([service, projectId, fields]);
  }

  /**
   * What the facade's waits ask of it: one object for them all (no getJob, listener or end closure
   * per wait). A wait's requestTimeoutMs is the budget of each request, counted by the client from
   * when the request leaves the in-flight queue: a poll queued behind maxInFlight others is not
   * timed out for waiting its turn (the waiter still bounds it by the deadline).
   */
  class Host implements WaitHost {
    /** `listed` false: the wait has a channel of the caller's own (not listed, nothing shared). */
    constructor(readonly listed: boolean) {}
    /** The job the wait reads: the one its (facade-made) reference names. */
    target(run: HostedWait): Target {
      const { service, jobId, projectId, refFields } = run.ref;
      return { service: checkService(service), jobId, projectId: projectId ?? '', fields: refFields ?? {} };
    }
    #group(run: HostedWait): { key: string; jobId: string } {
      const { service, jobId, projectId, fields } = this.target(run);
      return { key: groupKey(service.name, projectId, fields), jobId };
    }
    read(run: HostedWait, { signal, requestTimeoutMs: budget }: PollContext): Promise<Job> {
      const target = this.target(run);
      return read(target.service, target, signal, budget);
    }
    begin(run: HostedWait): void {
      activeWaits += 1;
      if (!this.listed) return;
      const { key, jobId } = this.#group(run);
      list.begin(key, jobId, run);
    }
    lend(run: HostedWait): void {
      if (this.listed) list.lend(run);
    }
    rest(run: HostedWait): void {
      if (!this.listed || run.channel === undefined) return;
      const { key, jobId } = this.#group(run);
      list.rest(key, jobId, run);
    }
    end(run: HostedWait): void {
      activeWaits -= 1;
      if (!this.listed) return;
      const { key, jobId } = this.#group(run);
      list.end(key, jobId, run);
    }
  }
  /** A resumed wait whose state names another project than the facade's reference: reads (and is listed by) the latter, as before. */
  class PinnedHost extends Host {
    constructor(listed: boolean, readonly pinned: Target) {
      super(listed);
    }
    override target(): Target {
      return this.pinned;
    }
  }
  const listedHost = new Host(true);
  const ownChannelHost = new Host(false);

  function client<S extends ServiceName>(name: S): ServiceClients[S] {
    const service = checkService(name);
    const existing = clients.get(service.name);
    if (existing !== undefined) return existing as ServiceClients[S];
    const settings: ServiceClientSettings = {};
    const baseUrl = options.baseUrls?.[service.name] ?? options.baseUrl;
    if (baseUrl !== undefined) settings.baseUrl = baseUrl;
    if (options.region !== undefined) settings.region = regionFor(service, options.region, options.cloud);
    if (options.cloud !== undefined) settings.cloud = options.cloud;
    if (options.token !== undefined) settings.token = options.token;
    if (options.fetch !== undefined) settings.fetch = options.fetch;
    const limiter = limiters.get(service.name);
    // The rate is kept where requests leave, outside their time budget: a token taken earlier
    // (before the in-flight queue, or the request's own asynchronous set-up) lets granted requests
    // bunch on their way out.
    if (limiter) settings.admit = (signal) => limiter.acquire(signal);
    if (options.headers !== undefined) settings.headers = options.headers;
    if (middleware.length > 0) settings.middleware = middleware;
    if (requestTimeoutMs !== undefined) settings.requestTimeoutMs = requestTimeoutMs;
    if (maxResponseBytes !== undefined) settings.maxResponseBytes = maxResponseBytes;
    // Building the client throws ClientConfigError (bad region, base URL): a configuration error, not the network's.
    const created = (service.createClient as (settings: ServiceClientSettings) => unknown)(settings);
    clients.set(service.name, created);
    return created as ServiceClients[S];
  }

  /** The reference's own fields (the descriptor's `refFields`), each a non-empty string; none: `{}`. */
  function refFieldsOf(service: RegisteredService, ref: object): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const { name, description } of service.refFields ?? []) {
      const value = (ref as Record<string, unknown>)[name];
      if (typeof value !== 'string' || value.trim() === '') {
        throw new JobsConfigError(`ref.${name}`, `${service.name}: ref.${name} (${description}) must be a non-empty string`);
      }
      fields[name] = value;
    }
    return fields;
  }

  type Target = { service: RegisteredService; jobId: string; projectId: string; fields: Record<string, string> };
  /** The checked reference; a promise only when the project comes from a function (a wait need not be an async frame). */
  function target(name: ServiceName, ref: unknown, signal?: AbortSignal): Target | Promise<Target> {
    const service = checkService(name);
    const global = service.scope === 'global';
    const shape = ['jobId', ...(service.refFields ?? []).map((f) => f.name), ...(global ? [] : ['projectId?'])].join(', ');
    if (typeof ref !== 'object' || ref === null) throw new JobsConfigError('ref', `${service.name}: the job reference must be an object { ${shape} }`);
    const { jobId } = ref as { jobId?: unknown };
    if (typeof jobId !== 'string' || jobId.trim() === '') throw new JobsConfigError('ref.jobId', `${service.name}: ref.jobId must be a non-empty string`);
    const fields = refFieldsOf(service, ref);
    if (global) return { service, jobId, projectId: '', fields };
    const given = (ref as { projectId?: unknown }).projectId;
    if (given !== undefined && (typeof given !== 'string' || given === '')) throw new JobsConfigError('ref.projectId', `${service.name}: ref.projectId must be a non-empty string`);
    const withProject = (projectId: string | undefined): Target => {
      if (projectId === undefined) {
        throw new JobsConfigError('projectId', `${service.name}: a project ID is needed: pass ref.projectId, or projectId to createJobs`);
      }
      return { service, jobId, projectId, fields };
    };
    if (given !== undefined) return withProject(given as string);
    if (typeof defaultProject !== 'function') return withProject(defaultProject);
    return projectDefault(signal).then(withProject);
  }

  /** One read of a job, with the service's client (built on first use). */
  function read(service: RegisteredService, ref: { jobId: string; projectId: string; fields: Readonly<Record<string, string>> }, signal: AbortSignal | undefined, requestTimeoutMs: number | undefined): Promise<Job> {
    const descriptor = service as unknown as Parameters<typeof fetchJob>[0];
    let cap = inFlight.get(service.name);
    if (!cap) {
      cap = new InFlightLimit(maxInFlight);
      inFlight.set(service.name, cap);
    }
    // A rate-limited service's token is taken in its client's fetch, once this slot is held.
    return cap.run(() => fetchJob(descriptor, client(service.name), { ...ref.fields, jobId: ref.jobId, projectId: ref.projectId }, { signal, requestTimeoutMs }), signal);
  }

  function startFacadeWait(checked: Target, waitOptions: JobsWaitOptions): Promise<Job> {
    const { service: svc, jobId, projectId, fields } = checked;
    client(svc.name);
    const merged: WaitOptions = {
      ...options.waitDefaults,
      ...waitOptions,
      // The reference's own fields go into the persisted state too, so a resumed wait knows them.
      ref: { service: svc.name, jobId, ...(svc.scope === 'global' ? {} : { projectId }), ...(Object.keys(fields).length > 0 ? { refFields: fields } : {}) },
    };
    if (merged.requestTimeoutMs === undefined && requestTimeoutMs !== undefined) merged.requestTimeoutMs = requestTimeoutMs;
    if (merged.durations === undefined && durations) merged.durations = durations;
    // More waits than requests may be in flight: their first polls are spread (about 10 ms per
    // wait beyond the cap, at most 5 s) instead of queueing all at once.
    if (merged.firstPollSpreadMs === undefined && activeWaits + 1 > maxInFlight) merged.firstPollSpreadMs = Math.min(5_000, (activeWaits + 1 - maxInFlight) * 10);
    // Nothing of this frame outlives the start: the wait keeps its resolved options only.
    const listed = merged.channel === undefined;
    const resume = merged.resume as { projectId?: unknown } | undefined;
    const pinned = typeof resume === 'object' && resume !== null && (resume.projectId ?? '') !== projectId;
    return startWait(pinned ? new PinnedHost(listed, checked) : listed ? listedHost : ownChannelHost, merged);
  }

  return {
    async get(service, ref, getOptions = {}) {
      const budget = checkLimit('requestTimeoutMs', getOptions.requestTimeoutMs, MAX_TIMER_MS);
      const checked = await target(service, ref, getOptions.signal);
      const svc = checked.service;
      // Built before the request: a bad region or base URL is a ClientConfigError, not the network's.
      client(svc.name);
      const key = groupKey(svc.name, checked.projectId, checked.fields);
      const channel = list.share(key, checked.jobId);
      try {
        // A get joins a request in flight for the same job (a wait's poll or another get).
        return await channel.publish((signal) => read(svc, checked, signal, budget), getOptions.signal);
      } finally {
        list.unshare(key, checked.jobId, channel);
      }
    },
    wait(service, ref, waitOptions = {}) {
      // Not an async function: no frame nor adopted promise per sleeping wait.
      try {
        const checked = target(service, ref, waitOptions.signal);
        return checked instanceof Promise ? checked.then((t) => startFacadeWait(t, waitOptions)) : startFacadeWait(checked, waitOptions);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    client,
    rateLimiter: (service) => limiters.get(checkService(service).name),
    durations,
  };
}

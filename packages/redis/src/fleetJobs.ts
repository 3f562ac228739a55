// createJobs for a fleet: the same get and wait, with the rate budget, the polls and the waits'
// resume tokens shared through Redis, and local work whenever Redis is away.
import {
  createJobs,
  createRateLimiter,
  findService,
  JobsConfigError,
  services,
  waitForJob,
  type CreateJobsOptions,
  type Job,
  type JobRef,
  type Jobs,
  type JobsGetOptions,
  type JobsWaitOptions,
  type RateLimiter,
  type ServiceName,
  type WaitOptions,
  type WaitState,
} from '@cloud-jobs/jobs';
import type { Redis } from 'ioredis';
import { RedisHealth, type RedisHealthHooks } from './health.js';
import { createRedisRateLimiter } from './rateLimiter.js';
import { PollSharing, type SharedPoll } from './sharedPoll.js';
import { checkHook, checkName, checkNumber, checkRedis } from './validate.js';
import { WaitStore, type StoredWait } from './waitStore.js';

/**
 * The defaults of {@link createFleetJobs}.
 * @example FLEET_DEFAULTS.leaseMs // 10_000
 */
export const FLEET_DEFAULTS = Object.freeze({
  keyPrefix: 'cloud-jobs',
  account: 'default',
  /** A dead poller is replaced within about this long; the poller renews it every third of it. */
  leaseMs: 10_000,
  /** Budget of every Redis call: past it the call counts as failed and work goes on locally. */
  redisTimeoutMs: 500,
  /** While Redis is away, one call tries it again this often. */
  probeMs: 1_000,
  /** How long the last answer of a job stays readable in Redis. */
  answerTtlMs: 10 * 60_000,
  fleetSize: 1,
});

/**
 * Options of {@link createFleetJobs}: those of `createJobs`, and where and how to share.
 * @example
 * const options: FleetJobsOptions = { redis: connectRedis('redis://127.0.0.1:6379'), region: 'eu-de', token, maxRequestsPerSecond: 20, account: 'acme', workerId: 'worker-1' };
 */
export interface FleetJobsOptions extends CreateJobsOptions, RedisHealthHooks {
  /** An ioredis client (`connectRedis(url)` sets fail-fast options). The fleet does not close it. */
  redis: Redis;
  /**
   * Who the API limits apply to (an account, a domain, a project): processes with the same
   * `account` and `keyPrefix` share each service's `maxRequestsPerSecond`. Default `default`.
   */
  account?: string | undefined;
  /** Prefix of every Redis key and channel. Default `cloud-jobs`. */
  keyPrefix?: string | undefined;
  /** Lease of a job's poller, ms. Default 10 000. */
  leaseMs?: number | undefined;
  /** Budget of each Redis call, ms. Default 500. */
  redisTimeoutMs?: number | undefined;
  /** While Redis is away, how often it is tried again, ms. Default 1000. */
  probeMs?: number | undefined;
  /** How long a job's last answer is kept in Redis, ms. Default 10 min. */
  answerTtlMs?: number | undefined;
  /**
   * How many processes share the budget: while Redis is away, each limits itself to
   * `maxRequestsPerSecond / fleetSize`, so the fleet stays within it. Default 1.
   */
  fleetSize?: number | undefined;
  /**
   * Names this worker's durable waits: each wait's resume token is kept in Redis under it until the
   * wait settles, and `storedWaits` / `resumeStored` of a restarted worker with the same ID pick
   * them up. Without it nothing is stored.
   */
  workerId?: string | undefined;
}

/**
 * Options of a fleet `wait`: those of `jobs.wait`, and the wait's ID in the store.
 * @example const options: FleetWaitOptions = { timeoutMs: 20 * 60_000, id: 'order-42' };
 */
export interface FleetWaitOptions extends JobsWaitOptions {
  /** The ID of this wait among the worker's stored waits. Default `<service>:<projectId>:<jobId>`. */
  id?: string | undefined;
}

/**
 * A resumed stored wait.
 * @example for (const { id, result } of await fleet.resumeStored()) result.then((job) => console.log(id, job.state));
 */
export interface ResumedWait extends StoredWait {
  result: Promise<Job>;
}

/**
 * What {@link createFleetJobs} returns.
 * @example const job = await fleet.wait('ecs', { jobId });
 */
export interface FleetJobs {
  /** The facade underneath (its clients; its own `get`/`wait` do not share through Redis). */
  readonly jobs: Jobs;
  /** Reads a job once, with a token of the shared budget. */
  get<S extends ServiceName>(service: S, ref: JobRef<S>, options?: JobsGetOptions): Promise<Job>;
  /**
   * Waits for a job like `jobs.wait`, sharing: one process polls it (a lease in Redis), the others
   * read its answers; each wait keeps its own deadline, signal and options.
   */
  wait<S extends ServiceName>(service: S, ref: JobRef<S>, options?: FleetWaitOptions): Promise<Job>;
  /** Continues a stored wait (or any `WaitState`) with its original deadline. */
  resume(stored: StoredWait | WaitState, options?: Omit<FleetWaitOptions, 'resume' | 'id'>): Promise<Job>;
  /** This worker's stored waits (needs `workerId`); empty while Redis is away. */
  storedWaits(): Promise<StoredWait[]>;
  /** Resumes every stored wait of this worker; each result is its own promise. */
  resumeStored(options?: Omit<FleetWaitOptions, 'resume' | 'id'>): Promise<ResumedWait[]>;
  /** The shared limiter of a service, when `maxRequestsPerSecond` is set for it. */
  rateLimiter(service: ServiceName): RateLimiter | undefined;
  /** True while Redis is away and work goes on locally. */
  readonly degraded: boolean;
  /** Counts of this process: polls sent, answers read from another's poll. */
  readonly counts: { polled: number; read: number };
  /** Closes the fleet's own subscriber connection (not `redis`). */
  close(): Promise<void>;
}

function rateOf(option: CreateJobsOptions['maxRequestsPerSecond'], service: string): number | undefined {
  const rate = typeof option === 'object' ? (option as Record<string, number | undefined>)[service] : option;
  if (rate === undefined) return undefined;
  const field = typeof option === 'object' ? `maxRequestsPerSecond.${service}` : 'maxRequestsPerSecond';
  return checkNumber('createFleetJobs', field, rate, 0, 0.001, 1_000_000);
}

/**
 * Creates the `createJobs` facade for a fleet of processes sharing one Redis:
 * - `maxRequestsPerSecond` is one budget per service and `account` for all processes together
 *   ({@link createRedisRateLimiter});
 * - waits on the same job elect one poller with a lease; the others read its answers, and take over
 *   within about `leaseMs` when it dies;
 * - with `workerId`, each wait's resume token is kept in Redis, so a restarted worker resumes its
 *   waits (`resumeStored`) keeping their deadlines;
 * - when Redis fails or is slower than `redisTimeoutMs`, every wait goes on with local limiting and
 *   polling (`onDegraded` says so once) and rejoins when Redis answers (`onRejoined`).
 * Bad options throw a JobsConfigError naming the option.
 * @example
 * import { connectRedis, createFleetJobs } from '@cloud-jobs/redis';
 * const fleet = createFleetJobs({
 *   redis: connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
 *   region: 'eu-de', cloud: 'otc', token, projectId, maxRequestsPerSecond: 20, account: 'acme',
 *   onDegraded: (error) => console.warn(`Redis unavailable, waiting locally: ${error.message}`),
 * });
 * const job = await fleet.wait('ecs', { jobId });
 */
export function createFleetJobs(options: FleetJobsOptions): FleetJobs {
  const where = 'createFleetJobs';
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', `${where}: options must be an object`);
  const {
    redis: givenRedis,
    account: givenAccount,
    keyPrefix: givenPrefix,
    leaseMs: givenLease,
    redisTimeoutMs: givenTimeout,
    probeMs: givenProbe,
    answerTtlMs: givenTtl,
    fleetSize: givenSize,
    workerId: givenWorker,
    onDegraded: givenDegraded,
    onRejoined: givenRejoined,
    maxRequestsPerSecond,
    ...jobsOptions
  } = options;
  const redis = checkRedis(where, givenRedis);
  const account = checkName(where, 'account', givenAccount, FLEET_DEFAULTS.account);
  const keyPrefix = checkName(where, 'keyPrefix', givenPrefix, FLEET_DEFAULTS.keyPrefix);
  const leaseMs = checkNumber(where, 'leaseMs', givenLease, FLEET_DEFAULTS.leaseMs, 100, 3_600_000);
  const redisTimeoutMs = checkNumber(where, 'redisTimeoutMs', givenTimeout, FLEET_DEFAULTS.redisTimeoutMs, 1, 60_000);
  const probeMs = checkNumber(where, 'probeMs', givenProbe, FLEET_DEFAULTS.probeMs, 1, 600_000);
  const answerTtlMs = checkNumber(where, 'answerTtlMs', givenTtl, FLEET_DEFAULTS.answerTtlMs, 1_000, 7 * 24 * 3_600_000);
  const fleetSize = checkNumber(where, 'fleetSize', givenSize, FLEET_DEFAULTS.fleetSize, 1, 100_000);
  const workerId = givenWorker === undefined ? undefined : checkName(where, 'workerId', givenWorker);
  const onDegraded = checkHook<NonNullable<RedisHealthHooks['onDegraded']>>(where, 'onDegraded', givenDegraded);
  const onRejoined = checkHook<NonNullable<RedisHealthHooks['onRejoined']>>(where, 'onRejoined', givenRejoined);

  // The facade underneath has no limiter of its own: the fleet's token comes first, and only
  // before a request this process sends.
  const jobs = createJobs(jobsOptions);
  const health = new RedisHealth({ onDegraded, onRejoined }, probeMs);
  const limiters = new Map<string, RateLimiter>();
  for (const service of services) {
    const rate = rateOf(maxRequestsPerSecond, service.name);
    if (rate === undefined) continue;
    const fallback = createRateLimiter({ maxRequestsPerSecond: rate / fleetSize });
    limiters.set(service.name, createRedisRateLimiter({ redis, key: `${service.name}:${account}`, maxRequestsPerSecond: rate, keyPrefix, redisTimeoutMs, probeMs, fallback, health }));
  }
  const sharing = new PollSharing({ redis, health, keyPrefix, leaseMs, redisTimeoutMs, answerTtlMs });
  const store = workerId === undefined ? undefined : new WaitStore(sharing, workerId);
  const counts = { polled: 0, read: 0 };
  const defaultProject = typeof jobsOptions.projectId === 'string' ? jobsOptions.projectId : '';

  function checkService(service: unknown): string {
    const found = typeof service === 'string' ? findService(service) : undefined;
    if (!found) throw new JobsConfigError('service', `service must be one of ${services.map((s) => s.name).join(', ')}, got ${JSON.stringify(service) ?? typeof service}`);
    return found.name;
  }

  async function wait<S extends ServiceName>(service: S, ref: JobRef<S>, waitOptions: FleetWaitOptions = {}): Promise<Job> {
    const name = checkService(service);
    if (typeof ref !== 'object' || ref === null) throw new JobsConfigError('ref', `${name}: the job reference must be an object { jobId, projectId? }`);
    const { jobId, projectId } = ref as { jobId?: unknown; projectId?: unknown };
    if (typeof jobId !== 'string' || jobId.trim() === '') throw new JobsConfigError('ref.jobId', `${name}: ref.jobId must be a non-empty string`);
    const project = typeof projectId === 'string' ? projectId : findService(name)?.scope === 'global' ? '' : defaultProject;
    const { id: givenId, ...rest } = waitOptions;
    const id = givenId === undefined ? `${name}:${project}:${jobId}` : checkName('wait', 'id', givenId);
    const jobKey = `${name}:${project}:${jobId}`;
    const fetch = ({ signal }: { signal: AbortSignal }): Promise<Job> => jobs.get(service, ref, { signal, requestTimeoutMs: Infinity });
    const shared: SharedPoll = sharing.share(jobKey, fetch, rest.rateLimiter ?? limiters.get(name), counts);
    const userOnState = rest.onState ?? jobsOptions.waitDefaults?.onState;
    const merged: WaitOptions = {
      ...jobsOptions.waitDefaults,
      ...rest,
      ref: { service: name, jobId, ...(project === '' ? {} : { projectId: project }) },
      rateLimiter: shared.rateLimiter,
      onState: (state) => {
        store?.save(id, state);
        userOnState?.(state);
      },
    };
    if (merged.requestTimeoutMs === undefined && jobsOptions.requestTimeoutMs !== undefined) merged.requestTimeoutMs = jobsOptions.requestTimeoutMs;
    try {
      const job = await waitForJob(shared.getJob, merged);
      await store?.remove(id);
      return job;
    } catch (error) {
      // An aborted wait stays stored (a worker shutting down resumes it after its restart).
      if (!merged.signal?.aborted) await store?.remove(id);
      throw error;
    } finally {
      await shared.close();
    }
  }

  function resume(stored: StoredWait | WaitState, resumeOptions: Omit<FleetWaitOptions, 'resume' | 'id'> = {}): Promise<Job> {
    const isStored = typeof stored === 'object' && stored !== null && 'state' in stored;
    const state = isStored ? stored.state : (stored as WaitState);
    // A service whose references carry more fields keeps them in the state (`refFields`, where the release writes them).
    const refFields = (state as { refFields?: Record<string, string> }).refFields ?? {};
    const ref = { ...refFields, jobId: state.jobId, ...(state.projectId === undefined ? {} : { projectId: state.projectId }) } as JobRef<ServiceName>;
    return wait(state.service as ServiceName, ref, { ...resumeOptions, resume: state, ...(isStored ? { id: stored.id } : {}) });
  }

  async function storedWaits(): Promise<StoredWait[]> {
    if (!store) throw new JobsConfigError('workerId', `${where}: stored waits need options.workerId`);
    return (await store.list()) ?? [];
  }

  return {
    jobs,
    async get(service, ref, getOptions = {}) {
      const limiter = limiters.get(checkService(service));
      if (limiter) await limiter.acquire(getOptions.signal);
      return jobs.get(service, ref, getOptions);
    },
    wait,
    resume,
    storedWaits,
    async resumeStored(resumeOptions = {}) {
      const waits = await storedWaits();
      return waits.map((stored) => {
        const result = resume(stored, resumeOptions);
        result.catch(() => {}); // the caller handles each result; none is left unhandled meanwhile
        return { ...stored, result };
      });
    },
    rateLimiter: (service) => limiters.get(checkService(service)),
    get degraded() {
      return health.degraded;
    },
    counts,
    close: () => sharing.close(),
  };
}

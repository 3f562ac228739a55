// The simulator's jobs: creation with defaults, lookup by request, and snapshots for callers.
import type { IdSource } from './ids.js';
import { timelineAt, type SimJob } from './jobModel.js';
import { parseJobSpec, SimulatorInputError } from './jobSpec.js';
import { SERVICES, wordList } from './registry.js';
import { DEFAULT_PROJECT_ID, type Clock, type JobOutcome, type JobSpec, type ServiceName, type SimState } from './types.js';

/**
 * Work time of a job whose spec names none, ms.
 * @example
 * sim.jobs.get('dcs', sim.createJob({ service: 'dcs' }).id)?.durationMs === DEFAULT_DURATION_MS; // true
 */
export const DEFAULT_DURATION_MS = 10_000;

/**
 * Creating a job was refused because the simulator holds `maxJobs` jobs already; the admin API
 * answers it with HTTP 507. `DELETE /_admin/jobs` (or `sim.jobs.clear()`) makes room.
 * @example
 * try { sim.createJob({ service: 'ecs' }); } catch (e) { if (e instanceof SimulatorFullError) sim.jobs.clear(); }
 */
export class SimulatorFullError extends Error {
  override readonly name = 'SimulatorFullError';
  readonly maxJobs: number;
  constructor(maxJobs: number) {
    super(`the simulator holds ${maxJobs} jobs already (maxJobs); delete them (DELETE /_admin/jobs) to make room`);
    this.maxJobs = maxJobs;
  }
}

/**
 * What creating a job returns: enough to poll it.
 * @example
 * const { path } = sim.createJob({ service: 'ecs' });
 * await fetch(sim.url + path, { headers: { 'X-Auth-Token': 't' } });
 */
export interface CreatedJob {
  id: string;
  service: ServiceName;
  /** `null` for the global OSM API. */
  projectId: string | null;
  /** The service's other reference fields (e.g. `{ instanceId }`), `{}` for none: a job reference is `{ jobId: id, ...refFields }`. */
  refFields: Record<string, string>;
  /** Path (and query, for OSM) of the job's status request. */
  path: string;
}

/**
 * A job as it stands now, for assertions and the admin API.
 * @example
 * sim.jobs.get('ecs', id)?.state; // 'running'
 */
export interface JobSnapshot extends CreatedJob {
  jobType: string;
  outcome: JobOutcome;
  durationMs: number;
  blockedMs: number;
  subtasks: number;
  /** Clock time of creation, ms. */
  createdAt: number;
  /** Clock time the job reaches (or reached) its final state, ms. */
  endsAt: number;
  state: SimState;
  /** The status field exactly as the service reports it now (`'RUNNING'`, `'Success'`, `2`...). */
  status: string | number;
  completedSubtasks: number;
  /** Status requests answered for this job so far (faults included). */
  polls: number;
}

/**
 * Read access to the simulator's jobs.
 * @example
 * sim.jobs.list().filter((j) => j.state === 'running');
 */
export interface SimulatorJobs {
  /** Every job, oldest first. */
  list(): JobSnapshot[];
  get(service: ServiceName, id: string): JobSnapshot | undefined;
  readonly size: number;
  /** Forgets every job. */
  clear(): void;
}

const key = (service: ServiceName, id: string) => `${service}\u0000${id}`;

/** The services whose jobs can be blocked, with their blocked status: `x (PENDING_PAYMENT)`. */
function blockableServices(): string {
  const blockable = Object.values(SERVICES).filter((module) => module.canBlock);
  return wordList(blockable.map((module) => `${module.name} (${module.statusOf('blocked')})`)) || 'no';
}

/**
 * The store of simulated jobs, at most `maxJobs` of them (so that no caller can grow it without
 * bound). Jobs never change once created: their state comes from the clock.
 * @example
 * const registry = new JobRegistry(createIdSource(1), () => Date.now(), 10_000);
 * const job = registry.create({ service: 'cfw', durationMs: 3000 });
 */
export class JobRegistry implements SimulatorJobs {
  readonly #jobs = new Map<string, SimJob>();
  readonly #polls = new Map<string, number>();
  readonly #ids: IdSource;
  readonly #clock: Clock;
  readonly #maxJobs: number;

  constructor(ids: IdSource, clock: Clock, maxJobs: number) {
    this.#ids = ids;
    this.#clock = clock;
    this.#maxJobs = maxJobs;
  }

  /** Checks `input` (untrusted), applies the defaults and stores the job; {@link SimulatorFullError} when full. */
  create(input: JobSpec | unknown): SimJob {
    const spec = parseJobSpec(input);
    if (this.#jobs.size >= this.#maxJobs) throw new SimulatorFullError(this.#maxJobs);
    const module = SERVICES[spec.service];
    if (spec.blockedMs && !module.canBlock) {
      throw new SimulatorInputError(`blockedMs applies to ${blockableServices()} jobs only; ${spec.service} jobs cannot be blocked`);
    }
    const known = module.refFields ?? {};
    for (const name of Object.keys(spec.refFields ?? {})) {
      if (!(name in known)) throw new SimulatorInputError(`refFields.${name}: ${spec.service} jobs have ${Object.keys(known).join(', ') || 'no reference fields'}`);
    }
    let id = spec.id;
    if (id !== undefined) {
      if (!module.isWellFormedId(id)) throw new SimulatorInputError(`id ${JSON.stringify(id)} is not a valid ${spec.service} job ID`);
      if (this.#jobs.has(key(spec.service, id))) throw new SimulatorInputError(`a ${spec.service} job with id ${id} exists already`);
    } else {
      do id = module.newJobId(this.#ids);
      while (this.#jobs.has(key(spec.service, id)));
    }
    const job: SimJob = {
      service: spec.service,
      id,
      projectId: module.projectScoped ? (spec.projectId ?? DEFAULT_PROJECT_ID) : undefined,
      refFields: { ...known, ...spec.refFields },
      jobType: spec.jobType ?? module.defaultJobType,
      createdAt: this.#clock(),
      durationMs: spec.durationMs ?? DEFAULT_DURATION_MS,
      blockedMs: spec.blockedMs ?? 0,
      outcome: spec.outcome ?? 'success',
      subtasks: module.hasSubtasks ? (spec.subtasks ?? module.defaultSubtasks) : 0,
    };
    this.#jobs.set(key(job.service, job.id), job);
    return job;
  }

  /** The job a status request names, if it exists in that project (and under the other reference fields the request gives). */
  find(service: ServiceName, projectId: string | undefined, id: string, refFields: Readonly<Record<string, string | undefined>> = {}): SimJob | undefined {
    const job = this.#jobs.get(key(service, id));
    if (!job || job.projectId !== projectId) return undefined;
    return Object.entries(job.refFields).every(([name, value]) => refFields[name] === value) ? job : undefined;
  }

  /** Counts one status request for the job `service`/`id`. */
  recordPoll(service: ServiceName, id: string): void {
    const k = key(service, id);
    if (this.#jobs.has(k)) this.#polls.set(k, (this.#polls.get(k) ?? 0) + 1);
  }

  list(): JobSnapshot[] {
    return [...this.#jobs.values()].map((job) => this.#snapshot(job));
  }

  get(service: ServiceName, id: string): JobSnapshot | undefined {
    const job = this.#jobs.get(key(service, id));
    return job && this.#snapshot(job);
  }

  get size(): number {
    return this.#jobs.size;
  }

  clear(): void {
    this.#jobs.clear();
    this.#polls.clear();
  }

  #snapshot(job: SimJob): JobSnapshot {
    const module = SERVICES[job.service];
    const t = timelineAt(job, this.#clock());
    return {
      ...describeJob(job),
      jobType: job.jobType,
      outcome: job.outcome,
      durationMs: job.durationMs,
      blockedMs: job.blockedMs,
      subtasks: job.subtasks,
      createdAt: job.createdAt,
      endsAt: t.endsAt,
      state: t.state,
      status: module.statusOf(t.state),
      completedSubtasks: t.completed,
      polls: this.#polls.get(key(job.service, job.id)) ?? 0,
    };
  }
}

/**
 * The {@link CreatedJob} view of a stored job.
 * @example
 * describeJob(job).path; // '/v3/<project>/jobs/<uuid>'
 */
export function describeJob(job: SimJob): CreatedJob {
  return { id: job.id, service: job.service, projectId: job.projectId ?? null, refFields: { ...job.refFields }, path: SERVICES[job.service].jobPath(job) };
}

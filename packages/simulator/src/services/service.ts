// The contract every per-service module fulfils: IDs, routes, payloads and error bodies.
import type { Answer } from '../answer.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { JobSpec, SimState } from '../types.js';

/**
 * The job a request asks for, read from its path or query; `jobId` is `undefined` when absent.
 * @example
 * const ref: JobRef = { projectId: 'p', jobId: '2c9eb2c5544cbf6101544f0602af2b4f' };
 */
export interface JobRef {
  projectId: string | undefined;
  jobId: string | undefined;
  /** The module's other reference fields (its `refFields`) as the request gives them. */
  refFields?: Readonly<Record<string, string | undefined>>;
}

/**
 * One demo job of a service (`cloud-jobs-sim --seed-demo`, `npm start`): a job spec without the
 * service. `featured` marks the job `npm start` suggests waiting on with the CLI (one that
 * succeeds with subtasks, so the live line shows progress); the first featured job of the
 * registry wins.
 * @example
 * const demo: DemoJobSpec = { durationMs: 60_000, outcome: 'success', subtasks: 3, featured: true };
 */
export interface DemoJobSpec extends Omit<JobSpec, 'service'> {
  featured?: boolean;
}

/**
 * What the simulator needs to know about one service. Every per-service fact lives here as data,
 * so the generic modules read the registry (`services/index.ts`) and name no service.
 * @example
 * const answer = ecs.render(job, timelineAt(job, Date.now()), new URLSearchParams());
 */
export interface ServiceModule<Name extends string = string> {
  /** The registry key, the `service` of a job spec. */
  readonly name: Name;
  /** How help texts call the API (`cloud-jobs-sim --help`). */
  readonly title: string;
  /** The route template, with `{project_id}` and `{job_id}` placeholders. */
  readonly route: string;
  /** False for the global OSM API (no project in the path). */
  readonly projectScoped: boolean;
  /**
   * The job reference's fields besides the job and project IDs (e.g. the instance a task belongs
   * to), each with the value a new job gets when its spec names none; absent: none. A request
   * naming another value does not find the job.
   */
  readonly refFields?: Readonly<Record<string, string>>;
  readonly defaultJobType: string;
  readonly defaultSubtasks: number;
  /** False when the service's jobs have no sub-jobs, tasks or items (DCS, CFW). */
  readonly hasSubtasks: boolean;
  /** True when jobs can wait in a blocked state (ECS `PENDING_PAYMENT`); `statusOf('blocked')` names it. */
  readonly canBlock: boolean;
  /** The jobs `--seed-demo` creates for this service, in order. */
  readonly demoJobs: readonly DemoJobSpec[];
  /** A fresh job ID in the service's form. */
  newJobId(ids: IdSource): string;
  /** True when `id` has a form the service accepts (a malformed ID gets `badRequest`). */
  isWellFormedId(id: string): boolean;
  /** The request path (with query, for OSM) that reads `job`. */
  jobPath(job: SimJob): string;
  /** Reads the job reference from the decoded route parameters and the query. */
  readRef(params: Readonly<Record<string, string>>, query: URLSearchParams): JobRef;
  /** The status field's value for a state, exactly as the service sends it. */
  statusOf(state: SimState): string | number;
  /** The 200 answer for `job` at `timeline` (or a 400 for bad query parameters). */
  render(job: SimJob, timeline: Timeline, query: URLSearchParams): Answer;
  /** The answer to a missing or malformed job ID. */
  badRequest(jobId: string | undefined): Answer;
  /** The answer to a well-formed job ID that no job has (also used for eventual-consistency faults). */
  notFound(jobId: string): Answer;
  /** The answer of an injected 500, 502 or 503. */
  serverError(status: 500 | 502 | 503, requestId: string): Answer;
}

/**
 * ISO 8601 UTC with milliseconds, `2016-04-25T20:04:34.604Z`.
 * @example
 * isoTime(0); // '1970-01-01T00:00:00.000Z'
 */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Fills a route template's placeholders with percent-encoded values.
 * @example
 * fillRoute('/v1/{project_id}/jobs/{job_id}', { project_id: 'p', job_id: 'a b' }); // '/v1/p/jobs/a%20b'
 */
export function fillRoute(route: string, values: Readonly<Record<string, string>>): string {
  return route.replace(/\{([a-z_]+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

/**
 * The form of a job ID the project-scoped services accept: 1 to 64 letters, digits, `_` or `-`.
 * @example
 * ID_FORM.test('2c9eb2c5544cbf6101544f0602af2b4f'); // true
 * ID_FORM.test('../x'); // false
 */
export const ID_FORM = /^[A-Za-z0-9_-]{1,64}$/;

// What a service is, as data: how to build its client and call its job endpoint, its error codes,
// its status table and its normalizer. Generic code (fetching, the facade, auth, the CLI, the
// simulator, the docs) reads descriptors and names no service.
import type { Cloud, Endpoint } from './client/endpoints.js';
import type { ServiceClientOptions } from './client/createServiceClient.js';
import type { Job, JobState } from './model.js';

/**
 * What the caller knows besides the payload: the job ID it asked for (used when the payload has none).
 * @example normalize(body, { jobId: '1234567' } satisfies NormalizeContext)
 */
export interface NormalizeContext {
  jobId?: string;
}

/**
 * One documented status value: `[raw value, state, meaning]`.
 * @example const row: StatusTableRow = ['PENDING_PAYMENT', 'blocked', 'A yearly/monthly order waits for payment...'];
 */
export type StatusTableRow = readonly [raw: string | number, state: JobState, meaning: string];

/**
 * The status fields of one service: field path (as in the API) -> its rows.
 * @example const table: ServiceStatusTable = { status: [[3, 'succeeded', 'Completed.']] };
 */
export type ServiceStatusTable = Readonly<Record<string, readonly StatusTableRow[]>>;

/**
 * The least a job reference holds: the job's ID. A project-scoped service's reference adds `projectId`.
 * @example const ref: JobRefBase = { jobId: 'ff80808...' };
 */
export interface JobRefBase {
  jobId: string;
}

/**
 * A field a service's job reference needs besides `jobId` and `projectId` (e.g. the resource the
 * job is scoped to): a non-empty string the facade checks, the CLI asks for as `--<kebab-name>`,
 * and a persisted wait keeps.
 * @example const field: RefField = { name: 'instanceId', description: 'the instance the task belongs to' };
 */
export interface RefField {
  /** The reference's property, camelCase (`instanceId`); the CLI flag is its kebab-case form (`--instance-id`). */
  readonly name: string;
  /** What it is, in a few words (help texts and errors). */
  readonly description: string;
}

/**
 * Everything that differs per service, as data. Implemented once per service (in
 * `@cloud-jobs/jobs/<name>`); everything generic reads it.
 * @example
 * const svc: ServiceDescriptor = findService(name)!;
 * const client = svc.createClient({ region: 'eu-de', cloud: 'otc', token });
 * const { response, data, error } = await svc.readJob(client, { jobId, projectId }, {});
 */
export interface ServiceDescriptor<Name extends string = string, Client = unknown, Ref extends JobRefBase = JobRefBase> {
  /** The key of the service in the CLI, the facade and the simulator. */
  readonly name: Name;
  /** Its human name, e.g. the product's name. */
  readonly title: string;
  /** 'project': the job lives in a project (ref.projectId, else the facade's default); 'global': account-wide (a domain-scoped token / X-Domain-Id for AK/SK). */
  readonly scope: 'project' | 'global';
  /** The service's own words for its subtasks, singular and plural, e.g. ['task', 'tasks']; `['', '']` when it has none. */
  readonly subtaskNoun: readonly [string, string];
  /** The reference's fields besides `jobId` and `projectId`, each required (absent: none). Typed in `Ref` too, so a ref without them does not compile. */
  readonly refFields?: readonly RefField[];
  /** Builds the typed client (create<Service>Client) from shared settings. */
  createClient(options: ServiceClientOptions): Client;
  /** Its endpoints (for region checks and region quirks). */
  readonly endpoints: readonly Endpoint[];
  /** Region quirk: a global API served from one region per cloud: where to go when the caller's region has no endpoint. */
  readonly homeRegion?: Partial<Record<Cloud, string>>;
  /** Auth scope of a request URL (path/host match): lets generic auth pick project vs domain scope. */
  matchesUrl(url: URL): boolean;
  /** Calls the job endpoint: returns openapi-fetch's `{ response, data, error }` with the body as text (`parseAs: 'text'`). */
  readJob(client: Client, ref: Ref & { projectId: string }, init: { signal?: AbortSignal }): Promise<{ response: Response; data?: unknown; error?: unknown }>;
  /** Error codes meaning "no such job" (any status). */
  readonly notFoundCodes: readonly string[];
  /** Error codes meaning "slow down". */
  readonly throttleCodes: readonly string[];
  /** A 2xx that is not a job (e.g. a throttle answered as 202): return true to treat the parsed body as an error answer. */
  isErrorAnswer?(status: number, payload: unknown): boolean;
  /** Status table rows (docs, README, lookups) by field path. */
  readonly statusTable: ServiceStatusTable;
  /** payload -> Job (keeps `raw`). */
  normalize(payload: unknown, context?: NormalizeContext): Job;
}

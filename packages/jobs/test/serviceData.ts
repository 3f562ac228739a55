// What the normalize tests read from each registered service's own data instead of a hand-written
// row per service: its entry module, its status table's field paths and its spec (schema, examples).
// A new service is covered by registering it; a fact that cannot be derived stays in a test's
// `Partial<Record<ServiceName, ...>>` table.
import { loadSpec, responseExamples, type SpecExample } from '../../../test-utils/spec.js';
import type { Job, Subtask } from '../src/model.js';
import { services, type ServiceName } from '../src/serviceRegistry.js';

/** Every registered service's entry module (`src/services/<name>/index.ts`), by name. */
export const ENTRIES: Readonly<Record<ServiceName, Readonly<Record<string, unknown>>>> = Object.fromEntries(
  await Promise.all(services.map(async (s) => [s.name, (await import(`../src/services/${s.name}/index.ts`)) as Record<string, unknown>] as const)),
) as Record<ServiceName, Record<string, unknown>>;

/** The service's named normalizer: the one `normalize<Name>Job` export of its entry. */
export function namedNormalizer(service: ServiceName): (payload: unknown, context?: { jobId?: string }) => Job {
  const found = Object.entries(ENTRIES[service]).filter(([name, value]) => /^normalize\w+Job$/.test(name) && typeof value === 'function');
  if (found.length !== 1) throw new Error(`${service}: its entry exports ${found.length} normalize<Name>Job functions, expected one`);
  return found[0]![1] as (payload: unknown, context?: { jobId?: string }) => Job;
}

/** The 2xx response examples of the service's spec. */
export function okExamples(service: ServiceName): SpecExample[] {
  return responseExamples(loadSpec(service)).filter((ex) => ex.status.startsWith('2'));
}

/**
 * A status table's field path split into segments: `tasks[].TASK_STATUS` -> [{ key: 'tasks', list: true }, { key: 'TASK_STATUS', list: false }].
 * `tasks[0].status` (a job that comes back as the one element of a list) descends into the list too,
 * but names the job's own status, not a subtask's.
 */
function segments(field: string): { key: string; list: boolean }[] {
  return field.split('.').map((part) => ({ key: part.replace(/\[0?\]$/, ''), list: part.endsWith('[]') || part.endsWith('[0]') }));
}

/** True when the field is the job's own status (no list on its path but the job's own `[0]`), false for a subtask's. */
export function isJobField(field: string): boolean {
  return !field.includes('[]');
}

/**
 * Puts `value` at a status table's field path in `payload` (a list on the path gets one element):
 * `data.status` -> `{ data: { status } }`, `entities.sub_jobs[].status` -> `{ entities: { sub_jobs: [{ status }] } }`.
 */
export function putAt(payload: Record<string, unknown>, field: string, value: unknown): Record<string, unknown> {
  const parts = segments(field);
  let node: Record<string, unknown> = payload;
  parts.forEach(({ key, list }, i) => {
    const last = i === parts.length - 1;
    if (last && !list) {
      node[key] = value;
      return;
    }
    if (list) {
      const items = (Array.isArray(node[key]) ? node[key] : (node[key] = [{}])) as Record<string, unknown>[];
      if (last) items[0] = value as Record<string, unknown>;
      else node = items[0] ??= {};
    } else {
      node = (node[key] ??= {}) as Record<string, unknown>;
    }
  });
  return payload;
}

/** A status field's place: the payload carrying a raw status there, and where its state lands in the Job. */
export interface StatusPlace {
  payload(raw: unknown): unknown;
  pick(job: Job): Job | Subtask | undefined;
}

/**
 * The place of a status table field, derived from its path: a job field sits alone in the payload
 * and gives the job's state; a subtask field (a list on its path) sits in the first element, next
 * to the job's own status field set to its first `running` value, and gives `subtasks[0]`'s state.
 */
export function statusPlace(table: Readonly<Record<string, readonly (readonly [string | number, string, string])[]>>, field: string): StatusPlace {
  if (isJobField(field)) return { payload: (raw) => putAt({}, field, raw), pick: (job) => job };
  const jobField = Object.keys(table).find(isJobField);
  const running = jobField === undefined ? undefined : table[jobField]!.find(([, state]) => state === 'running');
  if (jobField === undefined || running === undefined) throw new Error(`${field}: no job status field with a running value to put next to it`);
  return { payload: (raw) => putAt(putAt({}, jobField, running[0]), field, raw), pick: (job) => job.subtasks[0] };
}

/** The `enum` the spec's 200 answer of its job operation gives at a status table field path, or `undefined`. */
export function specEnumAt(service: ServiceName, field: string): readonly unknown[] | undefined {
  const spec = loadSpec(service);
  const schemas = Object.values<any>(spec['paths'] ?? {}).flatMap((item) => {
    const schema = item?.get?.responses?.['200']?.content?.['application/json']?.schema;
    return schema ? [schema] : [];
  });
  /** The schema's alternatives (allOf/oneOf/anyOf) flattened. */
  const variants = (schema: any): any[] => [schema, ...['allOf', 'oneOf', 'anyOf'].flatMap((k) => (schema?.[k] ?? []).flatMap(variants))];
  for (const root of schemas) {
    let nodes: any[] = [root];
    for (const { key, list } of segments(field)) {
      nodes = nodes.flatMap(variants).flatMap((n) => (n?.properties?.[key] ? [n.properties[key]] : []));
      if (list) nodes = nodes.flatMap(variants).flatMap((n) => (n?.items ? [n.items] : []));
    }
    const found = nodes.flatMap(variants).find((n) => Array.isArray(n?.enum));
    if (found) return found.enum as unknown[];
  }
  return undefined;
}

// Every documented status value maps as tabled; unseen and missing statuses are `unknown`; the
// README's status table is STATUS_TABLES, rendered. Every registered service is covered: the places
// come from its table's field paths, the documented values from its spec (and the tables below).
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type JobState, type ServiceName } from '../src/model.js';
import { STATUS_TABLES, normalizeJob, type StatusTableRow } from '../src/normalize/index.js';
import { stateFromNumericStatus, stateFromStatus } from '../src/normalize/stateFromStatus.js';
import { CFW_STATUS_STATES } from '../src/services/cfw/index.js';
import { DCS_STATUS_STATES } from '../src/services/dcs/index.js';
import { ECS_STATUS_STATES } from '../src/services/ecs/index.js';
import { OSM_PROBLEM_LEVEL_STATES, OSM_STATUS_STATES } from '../src/services/osm/index.js';
import { SERVICESTAGE_EXECUTION_STATUS_STATES, SERVICESTAGE_TASK_STATUS_STATES } from '../src/services/servicestage/index.js';
import { ENTRIES, isJobField, specEnumAt, statusPlace, type StatusPlace } from './serviceData.js';

/**
 * Where each status field sits in a payload, and where its state ends up in the Job: derived from
 * the field's path in the service's status table (serviceData.ts, statusPlace).
 */
const PLACES: Readonly<Record<ServiceName, Readonly<Record<string, StatusPlace>>>> = Object.fromEntries(
  SERVICE_NAMES.map((service) => [service, Object.fromEntries(Object.keys(STATUS_TABLES[service]).map((field) => [field, statusPlace(STATUS_TABLES[service], field)]))]),
) as Record<ServiceName, Record<string, StatusPlace>>;

const cases = SERVICE_NAMES.flatMap((service) =>
  Object.entries(STATUS_TABLES[service]).flatMap(([field, rows]) => rows.map((row) => ({ service, field, row }))),
);

/**
 * The values the sources document, to prove none is missing from the tables (written out here for
 * the services below; every service's table is also checked against its spec's enums).
 */
const DOCUMENTED: Partial<Record<ServiceName, Record<string, readonly (string | number)[]>>> = {
  ecs: {
    status: ['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT'],
    'entities.sub_jobs[].status': ['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT'],
  },
  dcs: { status: ['INIT', 'RUNNING', 'SUCCESS', 'FAIL'] },
  cfw: { 'data.status': ['Running', 'Success', 'Failed'] },
  servicestage: {
    'job.EXECUTION_STATUS': ['SUBMITTED', 'SCHEDULED', 'RUNNING', 'ROLLBACKING', 'SUCCEEDED', 'FAILED', 'PARTIALLY_FAILED', 'CANCELLED', 'ROLLBACKED', 'UNKNOWN'],
    'tasks[].TASK_STATUS': [
      'SUBMITTED',
      'SCHEDULED',
      'RUNNING',
      'ROLLBACKING',
      'SUCCEEDED',
      'FAILED',
      'PARTIALLY_FAILED',
      'CANCELLED',
      'ROLLBACKED',
      'UNKNOWN',
      'SKIPPED',
    ],
  },
  osm: { status: [0, 2, 3, 4, 7, 8], 'items_result[].problem_level': [0, 3, 4] },
};

describe('status tables', () => {
  it('list exactly the documented values of every status field', () => {
    for (const service of SERVICE_NAMES) {
      if (!(service in DOCUMENTED)) continue; // covered by the spec check below
      const fields = Object.fromEntries(Object.entries(STATUS_TABLES[service]).map(([field, rows]) => [field, rows.map(([raw]) => raw)]));
      expect(fields, service).toStrictEqual(DOCUMENTED[service]);
    }
    for (const service of Object.keys(DOCUMENTED)) expect(SERVICE_NAMES).toContain(service);
  });

  it.each(SERVICE_NAMES)("%s: list exactly the values of the spec's enum at each status field", (service) => {
    const fields = Object.entries(STATUS_TABLES[service]);
    expect(fields.length, `${service} has a status field`).toBeGreaterThan(0);
    for (const [field, rows] of fields) {
      const documented = specEnumAt(service, field);
      expect(documented, `specs/${service}/openapi.yaml: an enum at ${field} of the job's 200 answer`).toBeDefined();
      const sorted = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).sort();
      expect(sorted(rows.map(([raw]) => raw)), `${service} ${field}`).toStrictEqual(sorted(documented ?? []));
    }
  });

  it('use only lowercase model states, blocked for PENDING_PAYMENT, canceled for CANCELLED', () => {
    const states = new Set<JobState>(['pending', 'running', 'blocked', 'succeeded', 'failed', 'canceled', 'unknown']);
    for (const { row } of cases) expect(states.has(row[1])).toBe(true);
    expect(ECS_STATUS_STATES['PENDING_PAYMENT']).toBe('blocked');
    expect(SERVICESTAGE_EXECUTION_STATUS_STATES['CANCELLED']).toBe('canceled');
    expect(SERVICESTAGE_TASK_STATUS_STATES['SKIPPED']).toBe('succeeded');
  });

  it('agree with the per-service lookup tables', () => {
    const asRecord = (rows: readonly StatusTableRow[] | undefined) => Object.fromEntries((rows ?? []).map(([raw, state]) => [String(raw), state]));
    expect(ECS_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.ecs['status']));
    expect(ECS_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.ecs['entities.sub_jobs[].status']));
    expect(DCS_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.dcs['status']));
    expect(CFW_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.cfw['data.status']));
    expect(SERVICESTAGE_EXECUTION_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.servicestage['job.EXECUTION_STATUS']));
    expect(SERVICESTAGE_TASK_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.servicestage['tasks[].TASK_STATUS']));
    expect(OSM_STATUS_STATES).toStrictEqual(asRecord(STATUS_TABLES.osm['status']));
    expect(OSM_PROBLEM_LEVEL_STATES).toStrictEqual(asRecord(STATUS_TABLES.osm['items_result[].problem_level']));
  });

  it.each(SERVICE_NAMES)("%s: its entry's status constants are its descriptor's table and the lookups of its fields", (service) => {
    const asRecord = (rows: readonly StatusTableRow[] | undefined) => Object.fromEntries((rows ?? []).map(([raw, state]) => [String(raw), state]));
    const entry = Object.entries(ENTRIES[service]);
    const tables = entry.filter(([name]) => /_STATUS_TABLE$/.test(name));
    expect(tables.map(([, value]) => value), `${service}: one *_STATUS_TABLE export, the descriptor's`).toStrictEqual([STATUS_TABLES[service]]);
    const lookups = entry.filter(([name]) => /_STATES$/.test(name)).map(([, value]) => value);
    const fields = Object.values(STATUS_TABLES[service]).map(asRecord);
    for (const field of fields) expect(lookups, `${service}: a *_STATES export for each field`).toContainEqual(field);
    for (const lookup of lookups) expect(fields, `${service}: each *_STATES export is a field's lookup`).toContainEqual(lookup);
  });

  it.each(cases.map(({ service, field, row }) => [service, field, row[0], row[1]] as const))('%s %s %j -> %s', (service, field, raw, state) => {
    const place = PLACES[service][field];
    expect(place, `${service} ${field} has a place`).toBeDefined();
    if (!place) return;
    const variants: unknown[] = [raw];
    if (typeof raw === 'string') variants.push(raw.toLowerCase(), ` ${raw.toUpperCase()} `, `\t${raw}\n`);
    else variants.push(String(raw), ` ${raw} `);
    for (const variant of variants) {
      const job = normalizeJob(service, place.payload(variant));
      expect(place.pick(job)?.state, JSON.stringify(variant)).toBe(state);
      expect(place.pick(job)?.status, 'status as sent').toBe(variant);
    }
  });

  it('map ServiceStage v3 lowercase keys like v2', () => {
    expect(normalizeJob('servicestage', { job: { execution_status: 'ROLLBACKED' }, tasks: [{ task_status: 'SKIPPED' }] })).toMatchObject({
      state: 'failed',
      status: 'ROLLBACKED',
      subtasks: [{ state: 'succeeded', status: 'SKIPPED' }],
    });
  });

  it.each(
    SERVICE_NAMES.flatMap((service) =>
      Object.keys(PLACES[service]).flatMap((field) =>
        ['PAUSED', 'constructor', '__proto__', 'toString', 'hasOwnProperty', '1', 5, 6, 1.5, -3, 'INIT_', '3x'].map((raw) => [service, field, raw] as const),
      ),
    ),
  )('%s %s: the unseen status %j is unknown', (service, field, raw) => {
    const place = PLACES[service][field];
    if (!place) throw new Error('no place');
    expect(place.pick(normalizeJob(service, place.payload(raw)))?.state).toBe('unknown');
  });

  it.each(SERVICE_NAMES.flatMap((service) => [undefined, null, ''].map((raw) => [service, raw] as const)))('%s: a missing status (%j) is unknown with status ""', (service, raw) => {
    // The job's own status field: the first one with no list on its path.
    const place = PLACES[service][Object.keys(STATUS_TABLES[service]).find(isJobField) ?? ''];
    if (!place) throw new Error('no place');
    const job = normalizeJob(service, place.payload(raw));
    expect([job.state, job.status, job.done]).toStrictEqual(['unknown', '', false]);
  });

  it('look statuses up exactly first, then trimmed and case-insensitively', () => {
    const table = { Ready: 'succeeded', READY: 'failed' } as const;
    expect(stateFromStatus(table, 'Ready')).toBe('succeeded');
    expect(stateFromStatus(table, 'READY')).toBe('failed');
    expect(stateFromStatus(table, 'ready')).toBe('succeeded');
    expect(stateFromNumericStatus(OSM_STATUS_STATES, '03')).toBe('succeeded');
    expect(stateFromNumericStatus(OSM_STATUS_STATES, 3.0)).toBe('succeeded');
    expect(stateFromNumericStatus(OSM_STATUS_STATES, true)).toBe('unknown');
  });
});

/** STATUS_TABLES as the README's markdown table. */
function renderStatusTable(): string {
  const lines = ['| Service | Field | Value | State | Meaning |', '|---|---|---|---|---|'];
  for (const service of SERVICE_NAMES) {
    for (const [field, rows] of Object.entries(STATUS_TABLES[service])) {
      for (const [raw, state, meaning] of rows) lines.push(`| ${service} | \`${field}\` | \`${String(raw)}\` | \`${state}\` | ${meaning} |`);
    }
  }
  return lines.join('\n');
}

// A new or changed status table: regenerate the README's with
// `UPDATE_STATUS_TABLE=1 npx vitest run test/normalize-status-tables.test.ts` (in packages/jobs).
describe('README status table', () => {
  it('is STATUS_TABLES, rendered', () => {
    const file = new URL('../README.md', import.meta.url);
    const markers = /(<!-- status-table:start -->\n)([\s\S]*?)(\n<!-- status-table:end -->)/;
    let readme = readFileSync(file, 'utf8');
    if (process.env['UPDATE_STATUS_TABLE'] === '1') writeFileSync(file, (readme = readme.replace(markers, (_, start: string, _old: string, end: string) => start + renderStatusTable() + end)));
    const section = markers.exec(readme)?.[2];
    expect(section, 'README.md has the status-table markers').toBeDefined();
    expect(section, 'README.md: regenerate with UPDATE_STATUS_TABLE=1 npx vitest run test/normalize-status-tables.test.ts').toBe(renderStatusTable());
  });
});

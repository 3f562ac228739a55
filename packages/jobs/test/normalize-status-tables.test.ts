// Every documented status value maps as tabled; unseen and missing statuses are `unknown`; the
// README's status table is STATUS_TABLES, rendered.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type Job, type JobState, type ServiceName, type Subtask } from '../src/model.js';
import { STATUS_TABLES, normalizeJob, type StatusTableRow } from '../src/normalize/index.js';
import { stateFromNumericStatus, stateFromStatus } from '../src/normalize/stateFromStatus.js';
import { CFW_STATUS_STATES } from '../src/services/cfw/index.js';
import { DCS_STATUS_STATES } from '../src/services/dcs/index.js';
import { ECS_STATUS_STATES } from '../src/services/ecs/index.js';
import { OSM_PROBLEM_LEVEL_STATES, OSM_STATUS_STATES } from '../src/services/osm/index.js';
import { SERVICESTAGE_EXECUTION_STATUS_STATES, SERVICESTAGE_TASK_STATUS_STATES } from '../src/services/servicestage/index.js';

/** Where each status field sits in a payload, and where its state ends up in the Job. */
const PLACES: Record<ServiceName, Record<string, { payload: (raw: unknown) => unknown; pick: (job: Job) => Job | Subtask | undefined }>> = {
  ecs: {
    status: { payload: (raw) => ({ status: raw }), pick: (job) => job },
    'entities.sub_jobs[].status': {
      payload: (raw) => ({ status: 'RUNNING', entities: { sub_jobs: [{ status: raw }] } }),
      pick: (job) => job.subtasks[0],
    },
  },
  dcs: { status: { payload: (raw) => ({ status: raw }), pick: (job) => job } },
  cfw: { 'data.status': { payload: (raw) => ({ data: { status: raw } }), pick: (job) => job } },
  servicestage: {
    'job.EXECUTION_STATUS': { payload: (raw) => ({ job: { EXECUTION_STATUS: raw } }), pick: (job) => job },
    'tasks[].TASK_STATUS': {
      payload: (raw) => ({ job: { EXECUTION_STATUS: 'RUNNING' }, tasks: [{ TASK_STATUS: raw }] }),
      pick: (job) => job.subtasks[0],
    },
  },
  osm: {
    status: { payload: (raw) => ({ status: raw }), pick: (job) => job },
    'items_result[].problem_level': {
      payload: (raw) => ({ status: 2, items_result: [{ problem_level: raw }] }),
      pick: (job) => job.subtasks[0],
    },
  },
};

const cases = SERVICE_NAMES.flatMap((service) =>
  Object.entries(STATUS_TABLES[service]).flatMap(([field, rows]) => rows.map((row) => ({ service, field, row }))),
);

/** The values the sources document, to prove none is missing from the tables. */
const DOCUMENTED: Record<ServiceName, Record<string, readonly (string | number)[]>> = {
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
      const fields = Object.fromEntries(Object.entries(STATUS_TABLES[service]).map(([field, rows]) => [field, rows.map(([raw]) => raw)]));
      expect(fields, service).toStrictEqual(DOCUMENTED[service]);
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
    const place = PLACES[service][service === 'cfw' ? 'data.status' : service === 'servicestage' ? 'job.EXECUTION_STATUS' : 'status'];
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

describe('README status table', () => {
  it('is STATUS_TABLES, rendered', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const section = /<!-- status-table:start -->\n([\s\S]*?)\n<!-- status-table:end -->/.exec(readme)?.[1];
    expect(section, 'README.md has the status-table markers').toBeDefined();
    expect(section).toBe(renderStatusTable());
  });
});

// Property tests: whatever a normalizer is fed, it returns a well-formed Job or throws
// UnexpectedResponseError / ApiError (a business error in a 2xx body), never anything else.
// Every registered service gets payloads shaped like its spec's 2xx examples and well-typed ones
// built from its status table's field paths; the services below also get hand-written shapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import { isTerminalState, SERVICE_NAMES, type Job, type JobState, type ServiceName, type Subtask } from '../src/model.js';
import { normalizeJob, STATUS_TABLES } from '../src/normalize/index.js';
import { okExamples, putAt } from './serviceData.js';

const STATES = new Set<JobState>(['pending', 'running', 'blocked', 'succeeded', 'failed', 'canceled', 'unknown']);

function expectWellFormedCore(core: Job | Subtask): void {
  expect(typeof core.id).toBe('string');
  expect(STATES.has(core.state)).toBe(true);
  expect(core.done).toBe(isTerminalState(core.state));
  expect(['string', 'number']).toContain(typeof core.status);
  for (const date of [core.startedAt, core.finishedAt]) {
    if (date !== undefined) expect(date instanceof Date && !Number.isNaN(date.getTime())).toBe(true);
  }
  if (core.error !== undefined) {
    expect(typeof core.error.message).toBe('string');
    if (core.error.code !== undefined) expect(typeof core.error.code).toBe('string');
  }
  if (core.resource !== undefined) expect([typeof core.resource.kind, typeof core.resource.id]).toStrictEqual(['string', 'string']);
  for (const [key, value] of Object.entries(core)) expect(value, `${key} is left out rather than undefined`).not.toBeUndefined();
}

/** Normalizes `payload` and checks the outcome is one of the three allowed. */
function checkOutcome(service: ServiceName, payload: unknown): 'job' | 'unexpected' | 'api' {
  let job: Job;
  try {
    job = normalizeJob(service, payload, { jobId: 'ctx' });
  } catch (error) {
    if (error instanceof UnexpectedResponseError) {
      expect(error.service).toBe(service);
      expect(error.payload).toBe(payload);
      expect(error.reason.length).toBeGreaterThan(0);
      return 'unexpected';
    }
    if (error instanceof ApiError) {
      expect(error.service).toBe(service);
      expect(error.status).toBe(200);
      expect(typeof error.code).toBe('string');
      return 'api';
    }
    throw error;
  }
  expect(job.service).toBe(service);
  expect(job.raw).toBe(payload);
  expectWellFormedCore(job);
  expect(Array.isArray(job.subtasks)).toBe(true);
  job.subtasks.forEach(expectWellFormedCore);
  if (job.progress !== undefined) {
    expect(Number.isSafeInteger(job.progress.completed) && Number.isSafeInteger(job.progress.total)).toBe(true);
    expect(job.progress.completed).toBeGreaterThanOrEqual(0);
    expect(job.progress.completed).toBeLessThanOrEqual(job.progress.total);
    expect(job.progress.total).toBeGreaterThan(0);
  }
  return 'job';
}

/** Any value, with a bias towards the kinds these APIs send. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.constant(null),
  fc.constant(''),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toISOString())),
  fc.integer({ min: 0, max: 4_000_000_000_000 }).map(String),
);

/** A documented status of `service` (any field), a case variant of one, or any value. */
function statusValue(service: ServiceName): fc.Arbitrary<unknown> {
  const documented = Object.values(STATUS_TABLES[service]).flatMap((rows) => rows.map(([raw]) => raw));
  return fc.oneof(
    fc.constantFrom(...documented),
    fc.constantFrom(...documented).map((raw) => ` ${String(raw).toLowerCase()} `),
    anyValue,
  );
}

/** An object whose known keys each may be present, with random values. */
function shaped(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(fields, { requiredKeys: [] });
}

const errorFields = { error_code: fc.oneof(fc.constantFrom('OSM.01010001', 'CFW.00200005', ''), anyValue), error_msg: anyValue };

function listOf(item: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(fc.array(fc.oneof(item, anyValue), { maxLength: 6 }), anyValue);
}

/** Hand-written shapes, biased towards each service's quirks (where written). */
const SHAPES: Partial<Record<ServiceName, fc.Arbitrary<unknown>>> = {
  ecs: (() => {
    const status = statusValue('ecs');
    const subJob = shaped({
      status,
      job_id: anyValue,
      job_type: anyValue,
      begin_time: anyValue,
      end_time: anyValue,
      error_code: anyValue,
      fail_reason: anyValue,
      entities: fc.oneof(shaped({ server_id: anyValue, nic_id: anyValue, errorcode_message: anyValue }), anyValue),
    });
    return shaped({
      status,
      job_id: anyValue,
      job_type: anyValue,
      begin_time: anyValue,
      end_time: anyValue,
      error_code: anyValue,
      fail_reason: anyValue,
      code: anyValue,
      message: anyValue,
      error: fc.oneof(shaped({ code: anyValue, message: anyValue }), anyValue),
      entities: fc.oneof(shaped({ server_id: anyValue, nic_id: anyValue, sub_jobs_total: anyValue, sub_jobs: listOf(subJob) }), anyValue),
    });
  })(),
  dcs: shaped({
    status: statusValue('dcs'),
    job_id: anyValue,
    job_type: anyValue,
    begin_time: anyValue,
    end_time: anyValue,
    fail_reason: anyValue,
    ...errorFields,
  }),
  cfw: shaped({
    data: fc.oneof(shaped({ id: anyValue, status: statusValue('cfw'), begin_time: anyValue, end_time: anyValue }), anyValue),
    trace_id: anyValue,
    ...errorFields,
  }),
  servicestage: (() => {
    const status = statusValue('servicestage');
    const upperTask = shaped({
      TASK_ID: anyValue,
      TASK_INDEX: anyValue,
      TASK_NAME: anyValue,
      TASK_TYPE: anyValue,
      TASK_STATUS: status,
      CREATED_AT: anyValue,
      LAST_HEALTH_CHECK: anyValue,
      MESSAGES: fc.oneof(fc.constantFrom('{}', '{"Message":"ECC00011","Detail":"Building failed."}', 'not json', '[1]', 'null'), fc.json(), anyValue),
    });
    const lowerTask = upperTask.map((task) => Object.fromEntries(Object.entries(task).map(([k, v]) => [k.toLowerCase(), v])));
    const job = shaped({ JOB_ID: anyValue, JOB_TYPE: anyValue, EXECUTION_STATUS: status, SERVICE_INSTANCE_ID: anyValue, execution_status: status });
    return shaped({
      job: fc.oneof(job, anyValue),
      tasks: listOf(fc.oneof(upperTask, lowerTask)),
      task_count: anyValue,
      error_code: anyValue,
      error_message: anyValue,
    });
  })(),
  osm: (() => {
    const item = shaped({
      status: anyValue,
      visible: anyValue,
      resource_id: anyValue,
      resource_name: anyValue,
      check_id: anyValue,
      check_name: anyValue,
      problem_level: fc.oneof(fc.constantFrom(0, 3, 4, '3'), anyValue),
    });
    return shaped({
      status: statusValue('osm'),
      job_id: anyValue,
      domain_id: anyValue,
      create_time: anyValue,
      items_result: listOf(item),
      ...errorFields,
    });
  })(),
};

/**
 * Payloads shaped like one of the service's spec 2xx examples: each key kept or dropped, each value
 * kept, replaced by a documented status or by any value, lists of 0 to 4 such elements.
 */
function shapedLikeExamples(service: ServiceName): fc.Arbitrary<unknown> {
  const status = statusValue(service);
  const like = (value: unknown): fc.Arbitrary<unknown> => {
    if (Array.isArray(value)) return value.length === 0 ? listOf(anyValue) : listOf(fc.oneof(...value.map(like)));
    if (value !== null && typeof value === 'object') {
      return fc.oneof({ weight: 4, arbitrary: shaped(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, like(v)]))) }, { weight: 1, arbitrary: anyValue });
    }
    return fc.oneof(fc.constant(value), status, anyValue);
  };
  const examples = okExamples(service).map((ex) => ex.value);
  return examples.length === 0 ? fc.constant(undefined) : fc.oneof(...examples.map(like));
}

/** Hand-written well-typed payloads for a raw status (where written); every service also gets {@link wellTypedFromTable}. */
const WELL_TYPED: Partial<Record<ServiceName, (raw: unknown) => unknown>> = {
  cfw: (raw) => ({ data: { status: raw, id: 'x' } }),
  servicestage: (raw) => ({ job: { EXECUTION_STATUS: raw }, tasks: [{ TASK_STATUS: raw, TASK_INDEX: 1 }] }),
  ecs: (raw) => ({ status: raw, entities: { sub_jobs: [{ status: raw }] } }),
  dcs: (raw) => ({ status: raw }),
  osm: (raw) => ({ status: raw }),
};

/** The raw status at every field of the service's status table. */
function wellTypedFromTable(service: ServiceName): (raw: unknown) => unknown {
  return (raw) => Object.keys(STATUS_TABLES[service]).reduce((payload, field) => putAt(payload, field, raw), {} as Record<string, unknown>);
}

describe('the hand-written tables', () => {
  it('name registered services only; every registered service has spec 2xx examples for the generic shapes', () => {
    for (const service of [...Object.keys(SHAPES), ...Object.keys(WELL_TYPED)]) expect(SERVICE_NAMES).toContain(service);
    for (const service of SERVICE_NAMES) expect(okExamples(service).length, `${service}: 2xx examples in its spec`).toBeGreaterThan(0);
  });
});

describe.each(SERVICE_NAMES)('normalizing %s payloads', (service) => {
  it('of any value returns a Job or throws only UnexpectedResponseError/ApiError', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withObjectString: true }), (payload) => {
        checkOutcome(service, payload);
      }),
      { numRuns: 1000 },
    );
  });

  it('of any JSON returns a Job or throws only UnexpectedResponseError/ApiError', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        checkOutcome(service, JSON.parse(text) as unknown);
      }),
      { numRuns: 1000 },
    );
  });

  const shape = SHAPES[service];
  // Only where a hand-written shape exists; the test after it covers every service.
  if (shape) {
    it(`shaped like a ${service} job with random field values returns a Job or throws only UnexpectedResponseError/ApiError`, () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(shape, (payload) => {
          seen.add(checkOutcome(service, payload));
        }),
        { numRuns: 3000 },
      );
      expect(seen.has('job')).toBe(true);
    });
  }

  it(`shaped like its spec's 2xx examples with random field values returns a Job or throws only UnexpectedResponseError/ApiError`, () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(shapedLikeExamples(service), (payload) => {
        seen.add(checkOutcome(service, payload));
      }),
      { numRuns: 2000 },
    );
    expect(seen.has('job')).toBe(true);
  });

  it('throws nothing for a well-typed payload with any documented or unseen status string', () => {
    const status = fc.oneof(
      fc.constantFrom(...Object.values(STATUS_TABLES[service]).flatMap((rows) => rows.map(([raw]) => raw))),
      fc.string(),
    );
    const hand = WELL_TYPED[service];
    if (hand) {
      fc.assert(
        fc.property(status.map(hand), (p) => {
          const raw = (p as { status?: unknown }).status ?? (p as { data?: { status?: unknown } }).data?.status;
          if (raw === '') return;
          expect(checkOutcome(service, p)).toBe('job');
        }),
      );
    }
    // Every service: the status at each field of its table ('' is a missing status, checked elsewhere).
    fc.assert(
      fc.property(status, (raw) => {
        if (raw === '') return;
        expect(checkOutcome(service, wellTypedFromTable(service)(raw))).toBe('job');
      }),
    );
  });
});

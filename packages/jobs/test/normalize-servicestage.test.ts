// normalizeServiceStageJob: the seed example, v2 UPPERCASE and v3 lowercase keys, MESSAGES, the
// fallback to tasks, and wrong types.
import { describe, expect, it } from 'vitest';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import type { Job, Subtask } from '../src/model.js';
import { normalizeServiceStageJob, parseServiceStageMessages } from '../src/services/servicestage/index.js';

const d = (iso: string) => new Date(iso);

/** The seed's example response ("Obtaining Job Details", v2). */
const seed = {
  job: {
    JOB_ID: 'JOB474362ef-091d-429f-9b3e-c9246b37dee6',
    JOB_NAME: 'provision/provMain',
    JOB_TYPE: 'PROVISION',
    SERVICE_INSTANCE_ID: '429a35a0-dee8-4648-86f6-d1f8bc74ba52',
    PROJECT_ID: '063a3158b1a34710b36ad208b9497d00',
    ORDER_ID: '',
    JOB_DESC: 'provision/provMain',
    EXECUTION_STATUS: 'FAILED',
    CREATED_BY: '585cc5c16cda4954b28d4eb460f06261',
  },
  tasks: [
    {
      MESSAGES: '{}',
      TASK_ID: 'Task-bc64b46c-1688-4787-b7ff-87cb53b346ea',
      TASK_TYPE: 'echo',
      TASK_INDEX: 1,
      TASK_NAME: 'SEPARATOR_PREPARE_RESOURCES',
      TASK_STATUS: 'SUCCEEDED',
      LAST_HEALTH_CHECK: '2020-02-04T04:01:03.344Z',
      CREATED_AT: '2020-02-04T04:01:03.344Z',
      OWNER_ID: 'cas-mgr-69bb87d7c-wpqwb:30114',
    },
    {
      MESSAGES: '{}',
      TASK_ID: 'Task-15ec252f-bca0-401e-ae5b-798a639df92e',
      TASK_TYPE: 'echo',
      TASK_INDEX: 4,
      TASK_NAME: 'SEPARATOR_BUILDING',
      TASK_STATUS: 'SUCCEEDED',
      LAST_HEALTH_CHECK: '2020-02-04T04:01:03.346Z',
      CREATED_AT: '2020-02-04T04:01:03.345Z',
      OWNER_ID: 'cas-mgr-69bb87d7c-wpqwb:30114',
    },
    {
      MESSAGES: '{}',
      TASK_ID: 'Task-52a5d1ae-2c54-46ec-8134-53e7b6a45fb7',
      TASK_TYPE: 'restful',
      TASK_INDEX: 6,
      TASK_NAME: 'TN00091',
      TASK_STATUS: 'SUCCEEDED',
      LAST_HEALTH_CHECK: '2020-02-04T04:01:08.924Z',
      CREATED_AT: '2020-02-04T04:01:03.346Z',
      OWNER_ID: 'cas-mgr-69bb87d7c-wpqwb:30114',
    },
    {
      MESSAGES: '{}',
      TASK_ID: 'Task-a149b585-d31b-4c72-a665-d820efcb0bf9',
      TASK_TYPE: 'restful',
      TASK_INDEX: 7,
      TASK_NAME: 'TN00094',
      TASK_STATUS: 'SUCCEEDED',
      LAST_HEALTH_CHECK: '2020-02-04T04:01:08.961Z',
      CREATED_AT: '2020-02-04T04:01:08.925Z',
      OWNER_ID: 'cas-mgr-69bb87d7c-wpqwb:30114',
    },
    {
      MESSAGES: '{ "Message" : "ECC00011", "Detail" : "Building failed." }',
      TASK_ID: 'Task-a72fe8d8-8cc1-42b5-a097-0cf9e29692a7',
      TASK_TYPE: 'restful',
      TASK_INDEX: 9,
      TASK_NAME: 'TN00097',
      TASK_STATUS: 'FAILED',
      LAST_HEALTH_CHECK: '2020-02-04T04:01:38.975Z',
      CREATED_AT: '2020-02-04T04:01:08.962Z',
      OWNER_ID: 'cas-mgr-69bb87d7c-wpqwb:30114',
    },
  ],
  task_count: 5,
};

function seedSubtasks(tasks: typeof seed.tasks): Subtask[] {
  const times: Array<[string, string]> = [
    ['2020-02-04T04:01:03.344Z', '2020-02-04T04:01:03.344Z'],
    ['2020-02-04T04:01:03.345Z', '2020-02-04T04:01:03.346Z'],
    ['2020-02-04T04:01:03.346Z', '2020-02-04T04:01:08.924Z'],
    ['2020-02-04T04:01:08.925Z', '2020-02-04T04:01:08.961Z'],
  ];
  const succeeded = times.map(([created, checked], i): Subtask => ({
    id: tasks[i]?.TASK_ID ?? '',
    type: tasks[i]?.TASK_TYPE ?? '',
    name: tasks[i]?.TASK_NAME ?? '',
    state: 'succeeded',
    done: true,
    status: 'SUCCEEDED',
    startedAt: d(created),
    finishedAt: d(checked),
    raw: tasks[i],
  }));
  return [
    ...succeeded,
    {
      id: 'Task-a72fe8d8-8cc1-42b5-a097-0cf9e29692a7',
      type: 'restful',
      name: 'TN00097',
      state: 'failed',
      done: true,
      status: 'FAILED',
      startedAt: d('2020-02-04T04:01:08.962Z'),
      finishedAt: d('2020-02-04T04:01:38.975Z'),
      error: { code: 'ECC00011', message: 'Building failed.' },
      raw: tasks[4],
    },
  ];
}

const seedJob: Omit<Job, 'raw' | 'subtasks'> = {
  service: 'servicestage',
  id: 'JOB474362ef-091d-429f-9b3e-c9246b37dee6',
  type: 'PROVISION',
  state: 'failed',
  done: true,
  status: 'FAILED',
  startedAt: d('2020-02-04T04:01:03.344Z'),
  finishedAt: d('2020-02-04T04:01:38.975Z'),
  error: { code: 'ECC00011', message: 'Building failed.' },
  resource: { kind: 'service_instance_id', id: '429a35a0-dee8-4648-86f6-d1f8bc74ba52' },
  progress: { completed: 5, total: 5 },
};

function lowercaseKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('normalizeServiceStageJob', () => {
  it('normalizes the seed example (a failed PROVISION job, five tasks)', () => {
    const job = normalizeServiceStageJob(seed);
    expect(job).toStrictEqual<Job>({ ...seedJob, subtasks: seedSubtasks(seed.tasks), raw: seed });
    expect(job.raw).toBe(seed);
  });

  it('sorts tasks by TASK_INDEX (not contiguous), tasks without an index last', () => {
    const shuffled = { ...seed, tasks: [seed.tasks[4], { TASK_ID: 'no-index', TASK_STATUS: 'SKIPPED' }, seed.tasks[2], seed.tasks[0], seed.tasks[3], seed.tasks[1]] };
    const ids = normalizeServiceStageJob(shuffled).subtasks.map((s) => s.id);
    expect(ids).toStrictEqual([...seed.tasks.map((t) => t.TASK_ID), 'no-index']);
  });

  it('reads v3 lowercase keys the same way', () => {
    const v3 = { job: lowercaseKeys(seed.job), tasks: seed.tasks.map(lowercaseKeys), task_count: 5 };
    const job = normalizeServiceStageJob(v3);
    const expected = seedSubtasks(seed.tasks).map((s, i) => ({ ...s, raw: v3.tasks[i] }));
    expect(job).toStrictEqual<Job>({ ...seedJob, subtasks: expected, raw: v3 });
  });

  it('prefers the job-level EXECUTION_STATUS over the tasks', () => {
    const job = normalizeServiceStageJob({ job: { EXECUTION_STATUS: 'RUNNING' }, tasks: [{ TASK_STATUS: 'FAILED', TASK_INDEX: 1 }] });
    expect([job.state, job.status, job.error, job.finishedAt]).toStrictEqual(['running', 'RUNNING', undefined, undefined]);
  });

  it('falls back to the tasks when the job has no EXECUTION_STATUS (status stays empty)', () => {
    const withTasks = (...statuses: string[]) => ({ job: { JOB_ID: 'J' }, tasks: statuses.map((TASK_STATUS, i) => ({ TASK_STATUS, TASK_INDEX: i })) });
    const fallback = (payload: unknown) => {
      const job = normalizeServiceStageJob(payload);
      expect(job.status).toBe('');
      return job.state;
    };
    expect(fallback(withTasks('SUCCEEDED', 'SKIPPED'))).toBe('succeeded');
    expect(fallback(withTasks('SUCCEEDED', 'FAILED'))).toBe('failed');
    expect(fallback(withTasks('SUCCEEDED', 'CANCELLED'))).toBe('canceled');
    expect(fallback(withTasks('SUCCEEDED', 'RUNNING'))).toBe('running');
    expect(fallback(withTasks('SUCCEEDED', 'SUBMITTED'))).toBe('running');
    expect(fallback(withTasks('FAILED', 'ROLLBACKING'))).toBe('running');
    expect(fallback(withTasks('SUBMITTED', 'SCHEDULED'))).toBe('pending');
    expect(fallback(withTasks('SUCCEEDED', 'MYSTERY'))).toBe('unknown');
    expect(fallback({ ...withTasks('SUCCEEDED'), task_count: 3 })).toBe('unknown');
    expect(fallback({ job: {}, tasks: [] })).toBe('unknown');
    expect(fallback({})).toBe('unknown');
    const failed = normalizeServiceStageJob({ tasks: [{ TASK_STATUS: 'FAILED', MESSAGES: 'disk full', LAST_HEALTH_CHECK: '2020-02-04T04:01:38.975Z' }] });
    expect([failed.error, failed.finishedAt, failed.id]).toStrictEqual([{ message: 'disk full' }, d('2020-02-04T04:01:38.975Z'), '']);
  });

  it('gives a finishedAt only once the job is final', () => {
    const running = normalizeServiceStageJob({ ...seed, job: { ...seed.job, EXECUTION_STATUS: 'RUNNING' } });
    expect(running.finishedAt).toBeUndefined();
    expect(running.startedAt).toStrictEqual(d('2020-02-04T04:01:03.344Z'));
    expect(running.error).toBeUndefined();
  });

  it('counts progress against task_count (the task list is one page)', () => {
    const job = normalizeServiceStageJob({ job: { EXECUTION_STATUS: 'RUNNING' }, tasks: seed.tasks.slice(0, 2), task_count: 30 });
    expect(job.progress).toStrictEqual({ completed: 2, total: 30 });
  });

  it('turns a 200 body with error_code and neither job status nor tasks into an ApiError', () => {
    expect(() => normalizeServiceStageJob({ error_code: 'SVCSTG.00100429', error_message: 'Job not found.' })).toThrow(ApiError);
    expect(() => normalizeServiceStageJob({ error_code: 'SVCSTG.00100429', error_message: 'Job not found.' })).toThrow(
      'servicestage: HTTP 200 SVCSTG.00100429: Job not found.',
    );
  });

  it('ignores tasks, task_count and task fields of the wrong type; throws on job or status of the wrong type', () => {
    const payload = { job: { EXECUTION_STATUS: 'SUCCEEDED', JOB_ID: 'J' }, tasks: {}, task_count: 'x' };
    expect(normalizeServiceStageJob(payload)).toStrictEqual<Job>({
      service: 'servicestage',
      id: 'J',
      state: 'succeeded',
      done: true,
      status: 'SUCCEEDED',
      subtasks: [],
      raw: payload,
    });
    const oddTask = { TASK_STATUS: 5, MESSAGES: 7, CREATED_AT: 'then', TASK_INDEX: {} };
    expect(normalizeServiceStageJob({ job: { EXECUTION_STATUS: 'RUNNING' }, tasks: [oddTask, 'x'] }).subtasks).toStrictEqual([
      { id: '', state: 'unknown', done: false, status: 5, raw: oddTask },
    ]);
    expect(() => normalizeServiceStageJob({ job: 'x' })).toThrow(UnexpectedResponseError);
    expect(() => normalizeServiceStageJob({ job: [] })).toThrow('servicestage: unexpected response: job: expected an object, got array');
    expect(() => normalizeServiceStageJob({ job: { EXECUTION_STATUS: {} } })).toThrow('job.EXECUTION_STATUS: expected a string or a number, got object');
  });
});

describe('parseServiceStageMessages', () => {
  it.each([
    ['the seed failure', '{ "Message" : "ECC00011", "Detail" : "Building failed." }', { code: 'ECC00011', message: 'Building failed.' }],
    ['compact JSON', '{"Message":"ECC00011","Detail":"Building failed."}', { code: 'ECC00011', message: 'Building failed.' }],
    ['lowercase keys', '{"message":"ECC00012","detail":"Deploy failed."}', { code: 'ECC00012', message: 'Deploy failed.' }],
    ['a Message alone', '{"Message":"Something broke"}', { message: 'Something broke' }],
    ['a Detail alone', '{"Detail":"Only detail"}', { message: 'Only detail' }],
    ['an explicit code', '{"code":"SVCSTG.1","message":"m"}', { code: 'SVCSTG.1', message: 'm' }],
    ['JSON without a message', '{"foo":1}', { message: '{"foo":1}' }],
    ['plain text', '  Build timed out  ', { message: 'Build timed out' }],
    ['broken JSON', '{"Message": ', { message: '{"Message":' }],
    ['a JSON string', '"quoted text"', { message: 'quoted text' }],
    ['a JSON number', '42', { message: '42' }],
    ['a parsed object', { Message: 'E1', Detail: 'D1' }, { code: 'E1', message: 'D1' }],
  ])('reads %s', (_label, value, expected) => {
    expect(parseServiceStageMessages(value)).toStrictEqual(expected);
  });

  it.each([['{}'], [' {} '], ['[]'], ['null'], [''], ['   '], [null], [undefined], [5], [{}]])('ignores %j', (value) => {
    expect(parseServiceStageMessages(value)).toBeUndefined();
  });
});

// Every service's job through every state on an injected clock, with visible one-by-one progress,
// the real time formats and failure details, and every body validated against the service's spec.
// Every registered service runs; where its status sits comes from its spec, the status it sends
// for a state from its module (and, for the services below, from tables written out here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type ServiceName, type SimState, type SubtaskState } from '../src/index.js';
import { SERVICES } from '../src/registry.js';
import { call, hasSpec, specProblems, specStatusPath, specSubtaskStatusPath, startTestSimulator, T0, valuesAt, type Reply, type TestSim } from './helpers.js';

/** The status each service sends for each state (written out here, independently of src/). */
const WIRE: Partial<Record<ServiceName, Partial<Record<SimState, string | number>>>> = {
  ecs: { blocked: 'PENDING_PAYMENT', pending: 'INIT', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAIL' },
  dcs: { pending: 'INIT', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAIL' },
  cfw: { pending: 'Running', running: 'Running', succeeded: 'Success', failed: 'Failed' },
  servicestage: { pending: 'SUBMITTED', running: 'RUNNING', succeeded: 'SUCCEEDED', failed: 'FAILED' },
  osm: { pending: 0, running: 2, succeeded: 3, failed: 4 },
};

/** The job's status in a body, at the path its spec gives it (the first non-list status field with an enum). */
function jobStatus(service: ServiceName, body: any): unknown {
  const path = specStatusPath(service);
  if (path === undefined) throw new Error(`specs/${service}/openapi.yaml: no status field with an enum in the job's 200 answer`);
  return path.reduce((node, key) => node?.[key], body);
}

const SUB_WIRE: Record<string, SubtaskState> = {
  INIT: 'pending', RUNNING: 'running', SUCCESS: 'succeeded', FAIL: 'failed',
  SUBMITTED: 'pending', SUCCEEDED: 'succeeded', FAILED: 'failed',
};

/** Sub-job / task / check-item states, read back from the wire form, for the services above (written out here). */
const SUB_STATES: Partial<Record<ServiceName, (body: any) => SubtaskState[]>> = {
  ecs: (body) => body.entities.sub_jobs.map((s: any) => SUB_WIRE[s.status]),
  servicestage: (body) => body.tasks.map((t: any) => SUB_WIRE[t.TASK_STATUS]),
  osm: (body) =>
    body.items_result.map((i: any): SubtaskState =>
      i.problem_level === 3 ? 'succeeded' : i.problem_level === 4 ? 'failed' : i.status > 0 ? 'running' : 'pending',
    ),
};

/**
 * The subtask states of a service's answer: its hand-written reader above, else read at the
 * subtask status path of its spec, each value mapped back through its module's `statusOf`.
 */
function subtaskReader(service: ServiceName): ((body: any) => SubtaskState[]) | undefined {
  const written = SUB_STATES[service];
  if (written) return written;
  const path = specSubtaskStatusPath(service);
  if (path === undefined) return undefined;
  const states: SubtaskState[] = ['pending', 'running', 'succeeded', 'failed'];
  const byWire = new Map(states.map((state) => [SERVICES[service].statusOf(state), state] as const));
  return (body) => valuesAt(body, path).map((v) => byWire.get(v as string | number) ?? (`unknown ${String(v)}` as SubtaskState));
}

describe('the hand-written tables', () => {
  it('name registered services with subtasks only; every service whose module has subtasks has a reader (written here or from its spec)', () => {
    for (const service of [...Object.keys(WIRE), ...Object.keys(SUB_STATES)]) expect(SERVICE_NAMES).toContain(service);
    for (const service of Object.keys(SUB_STATES) as ServiceName[]) expect(SERVICES[service].hasSubtasks, `${service}: a SUB_STATES reader but no subtasks`).toBe(true);
    for (const service of SERVICE_NAMES) {
      if (SERVICES[service].hasSubtasks) expect(subtaskReader(service), `${service}: hasSubtasks; its spec shows no subtask status (give it a SUB_STATES reader)`).toBeDefined();
    }
  });
});

/** Every reply seen here, per service, validated against the spec at the end. */
const seen = new Map<ServiceName, Reply[]>(SERVICE_NAMES.map((s) => [s, []]));

let t: TestSim;
beforeAll(async () => {
  t = await startTestSimulator({ seed: 11 });
});
afterAll(() => t.sim.close());

async function poll(service: ServiceName, path: string, offset: number): Promise<Reply> {
  t.at(offset);
  const reply = await call(t.sim, path);
  seen.get(service)!.push(reply);
  expect(reply.status, reply.text).toBe(200);
  expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
  return reply;
}

// 1000 ms of work, 3 subtasks: pending until 100, subtasks end at 400, 700 and 1000.
const CHECKPOINTS: Array<{ offset: number; state: 'pending' | 'running' | 'final'; completed: number; running: number | null }> = [
  { offset: 0, state: 'pending', completed: 0, running: null },
  { offset: 99, state: 'pending', completed: 0, running: null },
  { offset: 100, state: 'running', completed: 0, running: 0 },
  { offset: 399, state: 'running', completed: 0, running: 0 },
  { offset: 400, state: 'running', completed: 1, running: 1 },
  { offset: 700, state: 'running', completed: 2, running: 2 },
  { offset: 999, state: 'running', completed: 2, running: 2 },
  { offset: 1000, state: 'final', completed: 3, running: null },
  { offset: 3_600_000, state: 'final', completed: 3, running: null },
];

describe.each(SERVICE_NAMES)('%s job', (service) => {
  const subStates = subtaskReader(service);
  const hasSubs = SERVICES[service].hasSubtasks;

  for (const outcome of ['success', 'failure'] as const) {
    it(`runs pending -> running -> ${outcome}, subtasks completing one by one`, async () => {
      t.at(0);
      const job = t.sim.createJob({ service, durationMs: 1000, outcome, subtasks: 3 });
      const final: SimState = outcome === 'success' ? 'succeeded' : 'failed';
      for (const cp of CHECKPOINTS) {
        const { body } = await poll(service, job.path, cp.offset);
        const state: SimState = cp.state === 'final' ? final : cp.state;
        if (WIRE[service]) expect(jobStatus(service, body), `status at +${cp.offset}`).toBe(WIRE[service][state]);
        expect(jobStatus(service, body), `status at +${cp.offset}, as its module says`).toBe(SERVICES[service].statusOf(state));
        expect(t.sim.jobs.get(service, job.id)?.state).toBe(state);
        if (!hasSubs) continue;
        expect(subStates, `${service} has subtasks: a SUB_STATES reader`).toBeDefined();
        const subs = subStates!(body);
        expect(subs).toHaveLength(3);
        const done = subs.filter((s) => s === 'succeeded' || s === 'failed').length;
        expect(done, `completed at +${cp.offset}`).toBe(cp.completed);
        expect(subs.filter((s) => s === 'running').length).toBe(cp.running === null ? 0 : 1);
        if (cp.running !== null) expect(subs[cp.running]).toBe('running');
        // Completed ones come first, in order; a failing job fails on its last subtask only.
        expect(subs.slice(0, done).every((s, i) => s === (outcome === 'failure' && i === 2 ? 'failed' : 'succeeded'))).toBe(true);
      }
    });
  }

});

describe('ECS', () => {
  it('waits in PENDING_PAYMENT for blockedMs, then runs', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'ecs', durationMs: 1000, blockedMs: 500, subtasks: 2 });
    const statuses: string[] = [];
    for (const offset of [0, 499, 500, 600, 1499, 1500]) statuses.push((await poll('ecs', job.path, offset)).body.status);
    expect(statuses).toEqual(['PENDING_PAYMENT', 'PENDING_PAYMENT', 'INIT', 'RUNNING', 'RUNNING', 'SUCCESS']);
    expect(t.sim.jobs.get('ecs', job.id)).toMatchObject({ state: 'succeeded', blockedMs: 500, endsAt: T0 + 1500 });
  });

  it('uses ISO 8601 UTC times with ms, null errors until it fails with Ecs.0013', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'ecs', durationMs: 1000, outcome: 'failure', subtasks: 2 });
    const running = (await poll('ecs', job.path, 100)).body;
    expect(running).toMatchObject({ job_id: job.id, job_type: 'createServer', begin_time: new Date(T0).toISOString(), end_time: '', error_code: null, fail_reason: null });
    expect(running.entities.sub_jobs[0]).toMatchObject({ status: 'RUNNING', job_type: 'createSingleServer', begin_time: '2024-05-16T00:00:00.100Z', end_time: '' });
    expect(running.job_id).toMatch(/^[0-9a-f]{32}$/);
    const failed = (await poll('ecs', job.path, 1000)).body;
    expect(failed).toMatchObject({ status: 'FAIL', error_code: 'Ecs.0013', fail_reason: 'Insufficient EIP quota.', end_time: '2024-05-16T00:00:01.000Z' });
    const [ok, bad] = failed.entities.sub_jobs;
    expect(ok).toMatchObject({ status: 'SUCCESS', error_code: null, fail_reason: null, end_time: '2024-05-16T00:00:00.550Z' });
    expect(ok.entities.server_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad).toMatchObject({ status: 'FAIL', error_code: 'Ecs.0013', entities: { errorcode_message: 'Ecs.0013: Insufficient EIP quota.' } });
    expect(failed.entities.sub_jobs_total).toBe(2);
  });
});

describe('time and ID forms', () => {
  it('DCS: epoch-ms strings, end_time null until done, fail_reason on failure', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'dcs', durationMs: 2000, outcome: 'failure', jobType: 'modifyBandwidth' });
    expect((await poll('dcs', job.path, 500)).body).toEqual({
      job_id: job.id, job_type: 'modifyBandwidth', status: 'RUNNING', begin_time: String(T0), end_time: null, fail_reason: null,
    });
    const done = (await poll('dcs', job.path, 2000)).body;
    expect(done).toMatchObject({ status: 'FAIL', end_time: String(T0 + 2000), fail_reason: expect.stringMatching(/.+/) });
  });

  it('CFW: epoch-ms numbers inside data, end_time only once finished', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'cfw', durationMs: 2000 });
    expect(job.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await poll('cfw', job.path, 10)).body).toEqual({ data: { id: job.id, status: 'Running', begin_time: T0 } });
    expect((await poll('cfw', job.path, 2000)).body).toEqual({ data: { id: job.id, status: 'Success', begin_time: T0, end_time: T0 + 2000 } });
  });

  it('ServiceStage: UPPERCASE keys, ISO times, MESSAGES as a JSON string, task_count', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'servicestage', durationMs: 1000, outcome: 'failure', subtasks: 3 });
    expect(job.id).toMatch(/^JOB[0-9a-f-]{36}$/);
    const body = (await poll('servicestage', job.path, 1000)).body;
    expect(body.task_count).toBe(3);
    expect(body.job).toMatchObject({ JOB_ID: job.id, JOB_TYPE: 'PROVISION', EXECUTION_STATUS: 'FAILED', ORDER_ID: '', PROJECT_ID: job.projectId });
    const indexes = body.tasks.map((x: any) => x.TASK_INDEX);
    expect(indexes).toEqual([...indexes].sort((a: number, b: number) => a - b));
    for (const task of body.tasks) {
      expect(task.CREATED_AT).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(task.LAST_HEALTH_CHECK).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(task.TASK_ID).toMatch(/^Task-[0-9a-f-]{36}$/);
      expect(typeof task.MESSAGES).toBe('string');
    }
    expect(JSON.parse(body.tasks[0].MESSAGES)).toEqual({});
    expect(JSON.parse(body.tasks[2].MESSAGES)).toEqual({ Message: 'ECC00011', Detail: 'Building failed.' });
  });

  it('ServiceStage: pages tasks with limit (default 20), offset and desc', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'servicestage', durationMs: 1000, subtasks: 25 });
    const names = async (query: string) => (await poll('servicestage', job.path + query, 1000)).body.tasks.map((x: any) => x.TASK_INDEX);
    const all = (await poll('servicestage', `${job.path}?limit=50`, 1000)).body;
    expect(all.tasks).toHaveLength(25);
    expect(await names('')).toHaveLength(20);
    expect((await poll('servicestage', job.path, 1000)).body.task_count).toBe(25);
    const indexes = all.tasks.map((x: any) => x.TASK_INDEX);
    expect(await names('?limit=2&offset=3')).toEqual(indexes.slice(3, 5));
    expect(await names('?limit=2&desc=true')).toEqual(indexes.slice(-2).reverse());
  });

  it('OSM: integer job_id (a string in the query), integer create_time, check items', async () => {
    t.at(0);
    const job = t.sim.createJob({ service: 'osm', durationMs: 1000, subtasks: 2 });
    expect(job.id).toMatch(/^[1-9][0-9]*$/);
    expect(job.projectId).toBeNull();
    expect(job.path).toBe(`/v2.0/servicerequest/diagnose/job?job_id=${job.id}`);
    const body = (await poll('osm', job.path, 1000)).body;
    expect(body.job_id).toBe(Number(job.id));
    expect(Number.isInteger(body.create_time)).toBe(true);
    expect(body.domain_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.items_result).toHaveLength(2);
    for (const item of body.items_result) expect(item).toMatchObject({ problem_level: 3, visible: expect.any(Number), check_id: expect.any(String), check_name: expect.any(String) });
  });
});

// Last, so that it sees the replies of every test above.
describe('every reply above', () => {
  for (const service of SERVICE_NAMES) {
    it(`validates against specs/${service}/openapi.yaml`, () => {
      expect(hasSpec(service), `specs/${service}/openapi.yaml exists`).toBe(true);
      const replies = seen.get(service)!;
      expect(replies.length).toBeGreaterThan(5);
      for (const reply of replies) expect(specProblems(service, reply.status, reply.body), reply.text).toEqual([]);
    });
  }
});

// A job reference's own fields (a descriptor's `refFields`, e.g. the instance a task belongs to):
// the waiter keeps them in its persisted state and a resumed wait gets them back; the facade checks
// and sends them for every registered service that declares some.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobs, JobsConfigError, readWaitState, services, waitForJob, type ServiceName, type WaitState } from '../src/index.js';
import { ecs } from '../src/services/ecs/index.js';

const done = async () => ecs.normalize({ job_id: 'job-1', status: 'SUCCESS' });

describe('the waiter keeps the reference fields', () => {
  it('onState persists ref.refFields; readWaitState reads them back; a resumed wait keeps them', async () => {
    const states: WaitState[] = [];
    await waitForJob(done, { ref: { service: 'x', jobId: 'job-1', projectId: 'p1', refFields: { instanceId: 'i-1' } }, onState: (s) => states.push(s) });
    expect(states.at(-1)).toMatchObject({ service: 'x', jobId: 'job-1', projectId: 'p1', refFields: { instanceId: 'i-1' } });
    const persisted = readWaitState(JSON.parse(JSON.stringify(states.at(-1))));
    expect(persisted.refFields).toEqual({ instanceId: 'i-1' });
    const resumed: WaitState[] = [];
    await waitForJob(done, { resume: persisted, onState: (s) => resumed.push(s) });
    expect(resumed.at(-1)?.refFields).toEqual({ instanceId: 'i-1' });
  });

  it('a state without reference fields stays without them', async () => {
    const states: WaitState[] = [];
    await waitForJob(done, { ref: { service: 'x', jobId: 'job-1' }, onState: (s) => states.push(s) });
    expect(states.at(-1)).not.toHaveProperty('refFields');
  });

  it('refuses bad reference fields, naming them; a ref for another instance than the resumed one', async () => {
    const state = { version: 1, service: 'x', jobId: 'j', startedAt: 0, deadlineAt: null, attempts: 0 };
    expect(() => readWaitState({ ...state, refFields: { instanceId: 7 } })).toThrow(/refFields\.instanceId: expected a string/);
    expect(() => readWaitState({ ...state, refFields: ['i'] })).toThrow(/refFields: expected an object/);
    await expect(waitForJob(done, { ref: { service: 'x', jobId: 'j', refFields: { a: 1 } as never } })).rejects.toMatchObject({ field: 'options.ref.refFields' });
    const resume = readWaitState({ ...state, refFields: { instanceId: 'i-1' } });
    await expect(waitForJob(done, { resume, ref: { service: 'x', jobId: 'j', refFields: { instanceId: 'i-2' } } })).rejects.toThrow(/not the job of options.resume/);
  });
});

/** The registered services whose references have fields of their own. */
const WITH_FIELDS = services.filter((s) => (s.refFields ?? []).length > 0);

describe('the facade and the reference fields of each service that has some', () => {
  const TOKEN = 'ref-fields-test-token';
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ tokens: [TOKEN] });
  });
  afterAll(() => sim.close());
  const jobs = () => createJobs({ baseUrl: sim.url, token: TOKEN, projectId: '0123456789abcdef0123456789abcdef' });

  it.each(WITH_FIELDS.map((s) => s.name))('%s: a missing or empty field is a JobsConfigError naming ref.<field>, before any request', async (name) => {
    const service = name as ServiceName;
    for (const { name: field } of services.find((s) => s.name === name)!.refFields ?? []) {
      const created = sim.createJob({ service });
      const full: Record<string, string> = { jobId: created.id, ...created.refFields };
      for (const broken of [{ ...full, [field]: undefined }, { ...full, [field]: ' ' }]) {
        const error = await jobs().get(service, broken as never).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(JobsConfigError);
        expect(error).toMatchObject({ field: `ref.${field}` });
      }
      expect(sim.jobs.get(service, created.id)?.polls).toBe(0);
    }
  });

  it.each(WITH_FIELDS.map((s) => s.name))('%s: get sends the fields; wait persists them', async (name) => {
    const service = name as ServiceName;
    const created = sim.createJob({ service, durationMs: 50 });
    const ref = { jobId: created.id, ...created.refFields } as never;
    expect((await jobs().get(service, ref)).id).toBe(created.id);
    const states: WaitState[] = [];
    await jobs().wait(service, ref, { minDelayMs: 5, maxDelayMs: 20, onState: (s) => states.push(s) });
    expect(states.at(-1)?.refFields).toEqual(created.refFields);
  });
});

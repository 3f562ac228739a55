// A job reference's own fields (a descriptor's `refFields`, e.g. the instance a task belongs to):
// the waiter keeps them in its persisted state and a resumed wait gets them back.
import { describe, expect, it } from 'vitest';
import { readWaitState, waitForJob, type WaitState } from '../src/index.js';
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

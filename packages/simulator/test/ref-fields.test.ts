// A job reference's own fields (a module's `refFields`, e.g. the instance a task belongs to): every
// created job carries them, they fill its path, and a request naming other values does not find it.
// Derived from the registry, so a module that declares reference fields is covered by registering it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, SimulatorInputError } from '../src/index.js';
import { SERVICES } from '../src/registry.js';
import { call, startTestSimulator, type TestSim } from './helpers.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSimulator({ seed: 5 });
});
afterAll(() => t.sim.close());

describe('reference fields', () => {
  it('a created job carries its module reference fields (defaults, or the spec values), also from the admin API', async () => {
    for (const service of SERVICE_NAMES) {
      const declared = SERVICES[service].refFields ?? {};
      expect(t.sim.createJob({ service }).refFields, service).toEqual(declared);
      const given = Object.fromEntries(Object.keys(declared).map((name) => [name, `given-${name}`]));
      const created = t.sim.createJob({ service, refFields: given });
      expect(created.refFields, service).toEqual(given);
      for (const value of Object.values(given)) expect(created.path, service).toContain(value);
      const reply = await call(t.sim, '/_admin/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ service, refFields: given }) });
      expect(reply.body.refFields, service).toEqual(given);
    }
  });

  it('a request that names other reference field values does not find the job', async () => {
    for (const service of SERVICE_NAMES) {
      const created = t.sim.createJob({ service });
      expect((await call(t.sim, created.path)).status, `${service}: own path`).toBe(200);
      for (const value of Object.values(created.refFields)) {
        const other = created.path.replace(value, 'another-value');
        expect((await call(t.sim, other)).status, `${service}: ${other}`).toBe(SERVICES[service].notFound(created.id).status);
      }
    }
  });

  it('refuses a field the module does not declare, and values that are no ID, naming the field', () => {
    const plain = SERVICE_NAMES.find((s) => SERVICES[s].refFields === undefined);
    if (plain === undefined) throw new Error('no registered service without reference fields');
    expect(() => t.sim.createJob({ service: plain, refFields: { instanceId: 'i1' } })).toThrow(/refFields\.instanceId/);
    expect(() => t.sim.createJob({ service: plain, refFields: { x: '../y' } })).toThrow(/refFields\.x must be an ID/);
    expect(() => t.sim.createJob({ service: plain, refFields: ['a'] as never })).toThrow(SimulatorInputError);
  });
});

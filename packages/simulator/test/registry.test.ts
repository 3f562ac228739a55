// The service registry drives everything generic: names, messages, help, routes and demo jobs come
// from the modules of src/services/index.ts, so a new module is served with no other edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as registry from '../src/services/index.js';
import { USAGE } from '../src/cliArgs.js';
import { DEMO_JOBS, seedDemoJobs, SERVICE_NAMES, SimulatorInputError, isServiceName, startSimulator } from '../src/index.js';
import { call, startTestSimulator, type TestSim } from './helpers.js';

const modules = Object.entries(registry);

describe('the service registry', () => {
  it('has one module per export, each named as its export', () => {
    expect(modules.length).toBeGreaterThan(0);
    for (const [key, module] of modules) expect(module.name, `export ${key}`).toBe(key);
    expect([...SERVICE_NAMES]).toEqual(modules.map(([key]) => key));
    for (const [key] of modules) expect(isServiceName(key)).toBe(true);
    expect(isServiceName('toString')).toBe(false);
  });

  it("lists every module's title in --help", () => {
    for (const [, module] of modules) expect(USAGE).toContain(module.title);
  });
});

describe('refusals and demo jobs built from the registry', () => {
  let t: TestSim;
  beforeAll(async () => {
    t = await startTestSimulator();
  });
  afterAll(async () => {
    await t.sim.close();
  });

  it('names every registered service when a job or a fault names none of them', () => {
    const names = SERVICE_NAMES.join(', ');
    expect(() => t.sim.createJob({ service: 'nope' as never })).toThrow(`service must be one of ${names}`);
    expect(() => t.sim.injectFault({ kind: 'drop', service: 'nope' as never })).toThrow(`service must be one of ${names}`);
  });

  it("says which services' jobs can be blocked, with the blocked status they report", () => {
    const blockable = modules.filter(([, m]) => m.canBlock);
    const other = modules.find(([, m]) => !m.canBlock);
    expect(blockable.length).toBeGreaterThan(0);
    expect(other).toBeDefined();
    const error = (() => {
      try {
        t.sim.createJob({ service: other![1].name, blockedMs: 10 });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SimulatorInputError);
    for (const [, m] of blockable) expect((error as Error).message).toContain(`${m.name} (${m.statusOf('blocked')})`);
    expect((error as Error).message).toContain(`${other![1].name} jobs cannot be blocked`);
  });

  it("serves each module's route: a created job of every service reads back 200 (or its own business answer)", async () => {
    for (const service of SERVICE_NAMES) {
      const job = t.sim.createJob({ service });
      expect((await call(t.sim, job.path)).status, service).toBe(200);
    }
  });

  it("seeds each module's demo jobs, every service at least once, exactly one featured job that succeeds", async () => {
    expect(DEMO_JOBS).toHaveLength(modules.reduce((n, [, m]) => n + m.demoJobs.length, 0));
    expect(new Set(DEMO_JOBS.map((spec) => spec.service))).toEqual(new Set(SERVICE_NAMES));
    const sim = await startSimulator();
    try {
      const seeded = seedDemoJobs(sim);
      expect(seeded.map((d) => d.spec)).toEqual([...DEMO_JOBS]);
      const featured = seeded.filter((d) => d.featured);
      expect(featured).toHaveLength(1);
      expect(featured[0]!.spec.outcome ?? 'success').toBe('success');
      expect(sim.jobs.size).toBe(DEMO_JOBS.length);
    } finally {
      await sim.close();
    }
  });

  it('scales the demo durations and blocked times, and refuses a scale that is not above 0', async () => {
    const sim = await startSimulator();
    try {
      const seeded = seedDemoJobs(sim, { scale: 0.5 });
      for (const [i, { spec, job }] of seeded.entries()) {
        const original = DEMO_JOBS[i]!;
        expect(spec.durationMs).toBe(Math.max(1, Math.round((original.durationMs ?? 0) * 0.5)));
        if (original.blockedMs !== undefined) expect(spec.blockedMs).toBe(Math.round(original.blockedMs * 0.5));
        expect(sim.jobs.get(job.service, job.id)?.durationMs).toBe(spec.durationMs);
      }
      expect(() => seedDemoJobs(sim, { scale: 0 })).toThrow(SimulatorInputError);
      expect(() => seedDemoJobs(sim, { scale: Number.NaN })).toThrow(/options\.scale/);
    } finally {
      await sim.close();
    }
  });
});

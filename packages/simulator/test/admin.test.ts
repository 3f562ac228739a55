// The admin API over HTTP, and the in-process API it mirrors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_ID, isLoopbackHost, SimulatorInputError, startSimulator } from '../src/index.js';
import { call, startTestSimulator, T0, type TestSim } from './helpers.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSimulator({ seed: 9 });
});
afterAll(() => t.sim.close());

const post = (path: string, body: unknown) =>
  call(t.sim, path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /_admin/jobs', () => {
  it('creates a job (no token needed) and returns { id, service, projectId, refFields, path }', async () => {
    t.at(0);
    const reply = await post('/_admin/jobs', { service: 'ecs', durationMs: 1000, outcome: 'failure', subtasks: 2, jobType: 'deleteVMs', projectId: 'my-project' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), service: 'ecs', projectId: 'my-project', refFields: {}, path: `/v1/my-project/jobs/${reply.body.id}` });
    t.at(1000);
    const job = await call(t.sim, reply.body.path);
    expect(job.body).toMatchObject({ status: 'FAIL', job_type: 'deleteVMs', entities: { sub_jobs_total: 2 } });
  });

  it('applies the defaults: 10 s, success, the default project, per-service subtasks and job types', async () => {
    t.at(0);
    const ids = [];
    for (const service of ['ecs', 'dcs', 'cfw', 'servicestage', 'osm']) ids.push((await post('/_admin/jobs', { service })).body);
    const snapshots = ids.map((j) => t.sim.jobs.get(j.service, j.id)!);
    expect(snapshots.map((s) => [s.service, s.durationMs, s.outcome, s.subtasks, s.jobType, s.projectId])).toEqual([
      ['ecs', 10_000, 'success', 1, 'createServer', DEFAULT_PROJECT_ID],
      ['dcs', 10_000, 'success', 0, 'masterStandbySwapJob', DEFAULT_PROJECT_ID],
      ['cfw', 10_000, 'success', 0, 'createFirewall', DEFAULT_PROJECT_ID],
      ['servicestage', 10_000, 'success', 3, 'PROVISION', DEFAULT_PROJECT_ID],
      ['osm', 10_000, 'success', 3, 'diagnose', null],
    ]);
  });

  it('takes a caller-chosen id in the service form', async () => {
    const reply = await post('/_admin/jobs', { service: 'osm', id: '42' });
    expect(reply.body).toMatchObject({ id: '42', projectId: null, path: '/v2.0/servicerequest/diagnose/job?job_id=42' });
    expect((await call(t.sim, reply.body.path)).body.job_id).toBe(42);
    expect((await post('/_admin/jobs', { service: 'osm', id: '42' })).status).toBe(400);
    expect((await post('/_admin/jobs', { service: 'osm', id: 'x42' })).status).toBe(400);
  });

  it.each([
    ['not JSON', '{"service":'],
    ['not an object', '[1]'],
    ['an unknown service', { service: 'nosuch' }],
    ['no service', { durationMs: 10 }],
    ['a bad outcome', { service: 'ecs', outcome: 'maybe' }],
    ['a negative duration', { service: 'ecs', durationMs: -1 }],
    ['fractional subtasks', { service: 'ecs', subtasks: 1.5 }],
    ['blockedMs on a service without PENDING_PAYMENT', { service: 'dcs', blockedMs: 100 }],
    ['an unknown field', { service: 'ecs', colour: 'blue' }],
  ])('answers 400 { error } to %s', async (_, body) => {
    const reply = await post('/_admin/jobs', body);
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: expect.any(String) });
  });
});

describe('GET and DELETE /_admin/jobs', () => {
  it('lists every job with its state, wire status, progress and polls', async () => {
    const own = await startTestSimulator();
    try {
      own.at(0);
      const created = (
        await call(own.sim, '/_admin/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ service: 'servicestage', durationMs: 1000, subtasks: 3 }) })
      ).body;
      own.at(450);
      await call(own.sim, created.path);
      await call(own.sim, created.path);
      const { body, status } = await call(own.sim, '/_admin/jobs');
      expect(status).toBe(200);
      expect(body.jobs).toEqual([
        {
          ...created,
          jobType: 'PROVISION',
          outcome: 'success',
          durationMs: 1000,
          blockedMs: 0,
          subtasks: 3,
          createdAt: T0,
          endsAt: T0 + 1000,
          state: 'running',
          status: 'RUNNING',
          completedSubtasks: 1,
          polls: 2,
        },
      ]);
      expect((await call(own.sim, '/_admin/jobs', { method: 'DELETE' })).body).toEqual({ cleared: 1 });
      expect(own.sim.jobs.size).toBe(0);
      expect((await call(own.sim, created.path)).status).toBe(404);
    } finally {
      await own.sim.close();
    }
  });
});

describe('/_admin/faults', () => {
  it('injects (201), lists and clears faults over HTTP', async () => {
    const { path } = t.sim.createJob({ service: 'cfw' });
    const injected = await post('/_admin/faults', { kind: 'throttle', service: 'cfw', count: 2, retryAfterSeconds: 7 });
    expect(injected.status).toBe(201);
    expect(injected.body).toMatchObject({ kind: 'throttle', service: 'cfw', count: 2, remaining: 2, retryAfterSeconds: 7 });
    expect((await call(t.sim, path)).headers.get('retry-after')).toBe('7');
    expect((await call(t.sim, '/_admin/faults')).body.faults).toEqual([{ ...injected.body, remaining: 1 }]);
    expect((await call(t.sim, '/_admin/faults', { method: 'DELETE' })).body).toEqual({ cleared: 1 });
    expect((await call(t.sim, path)).status).toBe(200);
    expect((await post('/_admin/faults', { kind: 'slow', delayMs: 'long' })).status).toBe(400);
  });
});

describe('startSimulator()', () => {
  it('creates the same IDs for the same seed, and different ones otherwise', async () => {
    const idsFor = async (seed?: number) => {
      const sim = await startSimulator(seed === undefined ? {} : { seed });
      try {
        return ['ecs', 'dcs', 'cfw', 'servicestage', 'osm'].map((service) => sim.createJob({ service: service as never }).id);
      } finally {
        await sim.close();
      }
    };
    const a = await idsFor(42);
    expect(await idsFor(42)).toEqual(a);
    expect(await idsFor(43)).not.toEqual(a);
    expect(await idsFor()).not.toEqual(await idsFor());
  });

  it('throws SimulatorInputError from createJob on bad input', () => {
    expect(() => t.sim.createJob({ service: 'cfw', blockedMs: 5 })).toThrow(SimulatorInputError);
    expect(() => t.sim.createJob({ service: 'nope' as never })).toThrow(/service must be one of/);
  });

  it('listens on 127.0.0.1 by default and reports a usable url and port', async () => {
    const warnings: string[] = [];
    const sim = await startSimulator({ onWarning: (m) => warnings.push(m) });
    try {
      expect(sim.host).toBe('127.0.0.1');
      expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
      expect(sim.port).toBeGreaterThan(0);
      expect(warnings).toEqual([]);
      expect((await fetch(`${sim.url}/_health`)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('frees the port on close(), and close() is idempotent', async () => {
    const sim = await startSimulator();
    await fetch(`${sim.url}/_health`);
    await Promise.all([sim.close(), sim.close()]);
    await sim.close();
    await expect(fetch(`${sim.url}/_health`)).rejects.toThrow(TypeError);
    const again = await startSimulator({ port: sim.port });
    await again.close();
  });

  it('refuses a port in use', async () => {
    const sim = await startSimulator();
    try {
      await expect(startSimulator({ port: sim.port })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await sim.close();
    }
  });

  it('tells loopback hosts from others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.test', '10.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

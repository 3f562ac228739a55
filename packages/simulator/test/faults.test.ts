// Every fault kind, per service and per job, used up after its count.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, SimulatorInputError, type ServiceName } from '../src/index.js';
import { SERVICES } from '../src/registry.js';
import { AUTH, call, errorBodyProblems, hasSpec, specDocuments, specProblems, startTestSimulator, type Reply, type TestSim } from './helpers.js';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSimulator({ seed: 5 });
});
afterAll(() => t.sim.close());
const job = (service: ServiceName) => t.sim.createJob({ service, durationMs: 1000 });

/** Validates against the spec when it documents the status, else against the shared error body. */
function expectDocumentedShape(service: ServiceName, reply: Reply): void {
  expect(hasSpec(service), `specs/${service}/openapi.yaml exists`).toBe(true);
  if (specDocuments(service, reply.status)) expect(specProblems(service, reply.status, reply.body), reply.text).toEqual([]);
  else expect(errorBodyProblems(reply.body), reply.text).toEqual([]);
}

describe('serverError', () => {
  it.each(SERVICE_NAMES)('%s: a burst of 500, 502 and 503 answers, then normal answers', async (service) => {
    const { path } = job(service);
    for (const status of [500, 502, 503] as const) {
      t.sim.injectFault({ kind: 'serverError', status, service, count: 2 });
      for (let i = 0; i < 2; i++) {
        const reply = await call(t.sim, path);
        expect(reply.status).toBe(status);
        expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
        expectDocumentedShape(service, reply);
      }
      expect((await call(t.sim, path)).status).toBe(200);
    }
  });

  it('uses the service error bodies where documented, the gateway body otherwise', async () => {
    const ecs = job('ecs');
    t.sim.injectFault({ kind: 'serverError', status: 503, service: 'ecs' });
    expect((await call(t.sim, ecs.path)).body).toEqual({ error: { code: 'Common.1503', message: 'API flow control.' } });
    t.sim.injectFault({ kind: 'serverError', status: 502, service: 'ecs' });
    const gateway = await call(t.sim, ecs.path);
    expect(gateway.body).toEqual({ error_code: 'APIG.0201', error_msg: 'Backend unavailable.', request_id: gateway.headers.get('x-request-id') });
    const dcs = job('dcs');
    t.sim.injectFault({ kind: 'serverError', status: 500 });
    // No DCS 5xx code has a source (the spec says so): the gateway's body, not an invented DCS code.
    const dcsAnswer = await call(t.sim, dcs.path);
    expect(dcsAnswer.body).toEqual({ error_code: 'APIG.0201', error_msg: 'Backend unavailable.', request_id: dcsAnswer.headers.get('x-request-id') });
  });
});

describe('throttle', () => {
  it.each(SERVICE_NAMES)('%s: 429 APIG.0308 with Retry-After', async (service) => {
    const { path } = job(service);
    t.sim.injectFault({ kind: 'throttle', service, retryAfterSeconds: 3 });
    const reply = await call(t.sim, path);
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('3');
    expect(reply.body).toMatchObject({ error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached.' });
    expectDocumentedShape(service, reply);
    expect((await call(t.sim, path)).status).toBe(200);
  });
});

describe('drop', () => {
  it('destroys the connection without an answer, once', async () => {
    const { path } = job('cfw');
    t.sim.injectFault({ kind: 'drop', service: 'cfw' });
    await expect(fetch(t.sim.url + path, { headers: AUTH })).rejects.toThrow(TypeError);
    expect((await call(t.sim, path)).status).toBe(200);
  });
});

describe('slow', () => {
  it('answers normally after delayMs, computing the job at answer time', async () => {
    const { path } = job('dcs');
    t.sim.injectFault({ kind: 'slow', service: 'dcs', delayMs: 250 });
    const started = performance.now();
    const reply = await call(t.sim, path);
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('INIT');
    const fast = performance.now();
    await call(t.sim, path);
    expect(performance.now() - fast).toBeLessThan(200);
  });

  it('lets the client give up: nothing is answered and the delay timer is freed', async () => {
    const { path } = job('ecs');
    t.sim.injectFault({ kind: 'slow', service: 'ecs', delayMs: 60_000 });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const req = request(t.sim.url + path, { headers: AUTH, agent: false });
    const outcome = new Promise<string>((resolve) => {
      req.on('response', () => resolve('answered'));
      req.on('error', () => resolve('aborted'));
    });
    req.end();
    await expect.poll(() => t.sim.jobs.list().find((j) => j.path === path)?.polls).toBe(1);
    // The slow answer's delay timer is armed (other timers of the process may come and go).
    const during = timers();
    expect(during).toBeGreaterThanOrEqual(1);
    req.destroy();
    expect(await outcome).toBe('aborted');
    await expect.poll(timers).toBeLessThan(during);
  });

  it('is cancelled by close(), which does not wait for it', async () => {
    const own = await startTestSimulator();
    const { path } = own.sim.createJob({ service: 'osm' });
    own.sim.injectFault({ kind: 'slow', delayMs: 60_000 });
    const pending = fetch(own.sim.url + path, { headers: AUTH }).catch((err: unknown) => err);
    await expect.poll(() => own.sim.jobs.list()[0]?.polls).toBe(1);
    const started = performance.now();
    await own.sim.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(TypeError);
  });
});

describe('malformed', () => {
  it.each(SERVICE_NAMES)('%s: 200 application/json whose body does not parse', async (service) => {
    const { path } = job(service);
    t.sim.injectFault({ kind: 'malformed', service });
    const res = await fetch(t.sim.url + path, { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(text.startsWith('{')).toBe(true);
    expect((await call(t.sim, path)).body).toBeDefined();
  });
});

describe('html', () => {
  it('answers a 502 text/html error page', async () => {
    const { path } = job('servicestage');
    t.sim.injectFault({ kind: 'html', service: 'servicestage' });
    const reply = await call(t.sim, path);
    expect(reply.status).toBe(502);
    expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
    expect(reply.text).toContain('<h1>502 Bad Gateway</h1>');
    expect(reply.body).toBeUndefined();
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('notFound (eventual consistency)', () => {
  /** Written out here, independently of src/; every service's answer is also its module's notFound. */
  const NOT_FOUND: Partial<Record<ServiceName, { status: number; code: string }>> = {
    ecs: { status: 400, code: 'Common.0011' },
    dcs: { status: 404, code: '111404001' },
    cfw: { status: 400, code: 'CFW.00200005' },
    servicestage: { status: 404, code: 'SVCSTG.00100429' },
    osm: { status: 200, code: 'OSM.01010001' },
  };
  it('names registered services only', () => {
    for (const service of Object.keys(NOT_FOUND)) expect(SERVICE_NAMES).toContain(service);
  });
  it.each(SERVICE_NAMES)("%s: the service's unknown-job answer for a job's first N polls, then the job", async (service) => {
    const target = job(service);
    const other = job(service);
    t.sim.injectFault({ kind: 'notFound', jobId: target.id, count: 2 });
    expect((await call(t.sim, other.path)).status).toBe(200);
    const own = SERVICES[service].notFound(target.id);
    for (let i = 0; i < 2; i++) {
      const reply = await call(t.sim, target.path);
      const expected = NOT_FOUND[service];
      if (expected) {
        expect(reply.status).toBe(expected.status);
        expect(reply.body.error_code ?? reply.body.code).toBe(expected.code);
      }
      expect(reply.status, "its module's notFound").toBe(own.status);
      expect(reply.body, "its module's notFound").toEqual(own.body);
      expectDocumentedShape(service, reply);
    }
    const ok = await call(t.sim, target.path);
    expect(ok.status).toBe(200);
    expect(ok.body.error_code ?? null).toBeNull();
  });
});

describe('targeting and bookkeeping', () => {
  it('applies a fault only to its service and job, first injected first, and counts it down', async () => {
    const ecs = job('ecs');
    const dcs = job('dcs');
    const first = t.sim.injectFault({ kind: 'serverError', status: 500, service: 'dcs', count: 2 });
    t.sim.injectFault({ kind: 'throttle', service: 'dcs' });
    expect(first).toMatchObject({ id: expect.stringMatching(/^fault-\d+$/), kind: 'serverError', service: 'dcs', jobId: null, count: 2, remaining: 2 });
    expect((await call(t.sim, ecs.path)).status).toBe(200);
    expect((await call(t.sim, dcs.path)).status).toBe(500);
    expect(t.sim.listFaults().map((f) => [f.kind, f.remaining])).toEqual([['serverError', 1], ['throttle', 1]]);
    expect((await call(t.sim, dcs.path)).status).toBe(500);
    expect((await call(t.sim, dcs.path)).status).toBe(429);
    expect((await call(t.sim, dcs.path)).status).toBe(200);
    expect(t.sim.listFaults()).toEqual([]);
  });

  it('does not consume faults on requests refused with 401', async () => {
    const { path } = job('cfw');
    t.sim.injectFault({ kind: 'serverError', service: 'cfw' });
    expect((await call(t.sim, path, { headers: {} })).status).toBe(401);
    expect((await call(t.sim, path)).status).toBe(503);
  });

  it('clearFaults() removes every fault', async () => {
    const { path } = job('osm');
    t.sim.injectFault({ kind: 'serverError', count: 5 });
    t.sim.injectFault({ kind: 'drop', service: 'osm' });
    expect(t.sim.clearFaults()).toBe(2);
    expect((await call(t.sim, path)).status).toBe(200);
  });

  it('refuses bad fault specs', () => {
    const bad: unknown[] = [
      { kind: 'explode' },
      { kind: 'serverError', status: 504 },
      { kind: 'throttle', delayMs: 5 },
      { kind: 'slow', delayMs: -1 },
      { kind: 'drop', service: 'nosuch' },
      { kind: 'drop', count: 1.5 },
      { kind: 'drop', extra: true },
    ];
    for (const spec of bad) expect(() => t.sim.injectFault(spec as never), JSON.stringify(spec)).toThrow(SimulatorInputError);
  });
});

// Authentication, bad and unknown job IDs, unknown paths, request IDs and the health check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_NAMES, type ServiceName } from '../src/index.js';
import { call, errorBodyProblems, hasSpec, specProblems, startTestSimulator, type Reply, type TestSim } from './helpers.js';

let t: TestSim;
/** One existing job per service. */
const paths = new Map<ServiceName, string>();
beforeAll(async () => {
  t = await startTestSimulator({ seed: 3 });
  for (const service of SERVICE_NAMES) paths.set(service, t.sim.createJob({ service }).path);
});
afterAll(() => t.sim.close());

function expectSpecValid(service: ServiceName, reply: Reply): void {
  expect(hasSpec(service), `specs/${service}/openapi.yaml exists`).toBe(true);
  expect(specProblems(service, reply.status, reply.body), reply.text).toEqual([]);
}

function expectGatewayError(reply: Reply, status: number, code: string): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ error_code: code, error_msg: expect.any(String), request_id: reply.headers.get('x-request-id') });
}

const SIGNED = {
  Authorization:
    'SDK-HMAC-SHA256 Access=AKEXAMPLE0000000000, SignedHeaders=host;x-project-id;x-sdk-date, ' +
    'Signature=518c966e6dd48208fedfea048911d27ab96fcb31c1a4296c9fd8f214d7c28707',
  'X-Sdk-Date': '20240101T000000Z',
  'X-Project-Id': '0123456789abcdef0123456789abcdef',
};

describe('authentication', () => {
  it.each(SERVICE_NAMES)('%s: 401 APIG.0301 without credentials, with an empty token or a malformed signature', async (service) => {
    const path = paths.get(service)!;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'x-auth-token not found'],
      [{ 'X-Auth-Token': '' }, 'x-auth-token not found'],
      [{ ...SIGNED, 'X-Sdk-Date': '2024-01-01T00:00:00Z' }, 'verify aksk signature fail'],
      [{ Authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc' }, 'verify aksk signature fail'],
      [{ ...SIGNED, Authorization: SIGNED.Authorization.replace('x-sdk-date', 'x-other') }, 'verify aksk signature fail'],
    ];
    for (const [headers, reason] of cases) {
      const reply = await call(t.sim, path, { headers });
      expectGatewayError(reply, 401, 'APIG.0301');
      expect(reply.body.error_msg).toBe(`Incorrect IAM authentication information: ${reason}`);
      expectSpecValid(service, reply);
    }
  });

  it.each(SERVICE_NAMES)('%s: accepts any token, or a well-formed SDK-HMAC-SHA256 signature with X-Sdk-Date', async (service) => {
    expect((await call(t.sim, paths.get(service)!, { headers: { 'X-Auth-Token': 'whatever' } })).status).toBe(200);
    expect((await call(t.sim, paths.get(service)!, { headers: SIGNED })).status).toBe(200);
  });

  it('accepts only the configured tokens when given some', async () => {
    const strict = await startTestSimulator({ tokens: ['good'] });
    try {
      const { path } = strict.sim.createJob({ service: 'ecs' });
      expect((await call(strict.sim, path, { headers: { 'X-Auth-Token': 'good' } })).status).toBe(200);
      const bad = await call(strict.sim, path, { headers: { 'X-Auth-Token': 'bad' } });
      expectGatewayError(bad, 401, 'APIG.0301');
      expect(bad.body.error_msg).toContain('decrypt token fail');
    } finally {
      await strict.sim.close();
    }
  });
});

describe('bad and unknown job IDs', () => {
  const P = '/0123456789abcdef0123456789abcdef';
  const cases: Array<{ service: ServiceName; path: string; status: number; body: Record<string, unknown> }> = [
    { service: 'ecs', path: `/v1${P}/jobs/ffffffffffffffffffffffffffffffff`, status: 400, body: { code: 'Common.0011', message: 'query job fail.' } },
    { service: 'ecs', path: `/v1${P}/jobs/not%20a%20job`, status: 400, body: { code: 'Common.0011', message: 'query job fail.' } },
    { service: 'dcs', path: `/v2${P}/jobs/ffffffffffffffffffffffffffffffff`, status: 404, body: { error_code: '111404001', error_msg: 'The requested URL does not exist.', error_ext_msg: null } },
    { service: 'dcs', path: `/v2${P}/jobs/bad%2Fid`, status: 400, body: { error_code: '111400063', error_msg: 'Invalid {0} parameter in the request.', error_ext_msg: null } },
    { service: 'cfw', path: `/v3${P}/jobs/f588ce71-e26c-400d-8981-f854355f6849`, status: 400, body: { error_code: 'CFW.00200005', error_msg: 'Object not found.' } },
    { service: 'cfw', path: `/v3${P}/jobs/%3Cscript%3E`, status: 400, body: { error_code: 'CFW.00200005', error_msg: 'Object not found.' } },
    { service: 'servicestage', path: `/v2${P}/cas/jobs/JOB474362ef-091d-429f-9b3e-c9246b37dee6`, status: 404, body: { error_code: 'SVCSTG.00100429', error_message: expect.any(String) } },
    { service: 'servicestage', path: `/v2${P}/cas/jobs/bad.id`, status: 400, body: { error_code: 'SVCSTG.00100400', error_message: expect.any(String) } },
    { service: 'osm', path: '/v2.0/servicerequest/diagnose/job?job_id=1', status: 200, body: { error_code: 'OSM.01010001', error_msg: expect.any(String) } },
    { service: 'osm', path: '/v2.0/servicerequest/diagnose/job?job_id=abc', status: 200, body: { error_code: 'OSM.01010001', error_msg: expect.any(String) } },
    { service: 'osm', path: '/v2.0/servicerequest/diagnose/job', status: 200, body: { error_code: 'OSM.01010001', error_msg: expect.any(String) } },
  ];
  it.each(cases)('$service $path -> $status', async ({ service, path, status, body }) => {
    const reply = await call(t.sim, path);
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual(body);
    expectSpecValid(service, reply);
  });

  it('answers "unknown" for a job asked for under another project', async () => {
    const job = t.sim.createJob({ service: 'dcs', projectId: 'project-a' });
    expect((await call(t.sim, job.path)).status).toBe(200);
    expect((await call(t.sim, job.path.replace('project-a', 'project-b'))).status).toBe(404);
  });

  it('ServiceStage: 400 SVCSTG.00100400 for a bad limit, offset or desc', async () => {
    for (const query of ['?limit=x', '?offset=-1', '?desc=yes']) {
      const reply = await call(t.sim, paths.get('servicestage')! + query);
      expect(reply.status).toBe(400);
      expect(reply.body.error_code).toBe('SVCSTG.00100400');
      expectSpecValid('servicestage', reply);
    }
  });
});

describe('the gateway', () => {
  it.each([
    ['GET', '/'],
    ['GET', '/v4/p/jobs/x'],
    ['GET', '/v1/p/jobs'],
    ['GET', '/v1/p/jobs/'],
    ['GET', '/v1/p/jobs/a/b'],
    ['POST', '/v1/p/jobs/x'],
    ['DELETE', '/v3/p/jobs/x'],
    ['GET', '/v2.0/servicerequest/diagnose/job/1'],
    ['GET', '/_admin'],
  ])('answers 404 APIG.0101 to %s %s, before authentication', async (method, path) => {
    const reply = await call(t.sim, path, { method, headers: {} });
    expectGatewayError(reply, 404, 'APIG.0101');
    expect(errorBodyProblems(reply.body)).toEqual([]);
  });

  it('validates the APIG.0101 body against the ECS spec 404 too', async () => {
    const reply = await call(t.sim, '/v1/p/jobs/a/b');
    expectSpecValid('ecs', reply);
  });

  it('puts a fresh X-Request-Id on every response', async () => {
    const replies = [
      await call(t.sim, paths.get('ecs')!),
      await call(t.sim, paths.get('osm')!, { headers: {} }),
      await call(t.sim, '/nope'),
      await call(t.sim, '/_health'),
      await call(t.sim, '/_admin/jobs'),
    ];
    const ids = replies.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves GET /_health without a token', async () => {
    const reply = await call(t.sim, '/_health', { headers: {} });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok', jobs: t.sim.jobs.size });
  });
});

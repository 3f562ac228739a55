// Every per-service fact is data in that service's descriptor; generic code reads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { ApiError, classifyFailure, defaultScopeOfUrl, fetchJob, findService, normalizeJob, services, SERVICE_NAMES } from '../src/index.js';
import * as registry from '../src/services/registry.js';
import { ecs } from '../src/services/ecs/index.js';
import { osm } from '../src/services/osm/index.js';

let server: LoopbackServer;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => sendJson(res, answer.status, answer.body));
});
afterAll(() => server.close());

describe('the registry', () => {
  it('services, SERVICE_NAMES and findService are the registry, in its order', () => {
    expect(services).toEqual(Object.values(registry));
    expect(SERVICE_NAMES).toEqual(services.map((s) => s.name));
    for (const s of services) expect(findService(s.name)).toBe(s);
    expect(findService('nope')).toBeUndefined();
  });

  it('every descriptor is complete', () => {
    for (const s of services) {
      expect(s.title, s.name).not.toBe('');
      expect(['project', 'global']).toContain(s.scope);
      expect(s.subtaskNoun).toHaveLength(2);
      expect(s.endpoints.length, s.name).toBeGreaterThan(0);
      expect(Object.keys(s.statusTable).length, s.name).toBeGreaterThan(0);
      expect(typeof s.createClient).toBe('function');
    }
  });

  it('normalizeJob takes a descriptor or a registered name', () => {
    expect(normalizeJob(ecs, { job_id: 'j', status: 'RUNNING' }).state).toBe('running');
    expect(normalizeJob('ecs', { job_id: 'j', status: 'RUNNING' })).toEqual(normalizeJob(ecs, { job_id: 'j', status: 'RUNNING' }));
  });

  it("the auth scope comes from the global descriptors' matchesUrl", () => {
    expect(defaultScopeOfUrl(new URL(`${server.url}/v2.0/servicerequest/diagnose/job?job_id=1`))).toBe('domain');
    expect(defaultScopeOfUrl(new URL(`${server.url}/v1/p/jobs/j`))).toBe('project');
    expect(osm.scope).toBe('global');
  });
});

describe('fetchJob marks what the service codes mean on the ApiError', () => {
  it('a not-found code of the descriptor: kind not-found, whatever the status', async () => {
    answer = { status: 400, body: { error: { code: 'Common.0011', message: 'query job fail.' } } };
    const error = await fetchJob(ecs, ecs.createClient({ baseUrl: server.url }), { jobId: 'j', projectId: 'p' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'Common.0011', kind: 'not-found' });
    expect(classifyFailure(error)).toBe('not-found');
  });

  it("the descriptor's error answer in a 2xx (a throttle sent as 202): kind throttled", async () => {
    answer = { status: 202, body: { error: { code: 'Common.0024', message: 'exceeds flow over limit' } } };
    const error = await fetchJob(ecs, ecs.createClient({ baseUrl: server.url }), { jobId: 'j', projectId: 'p' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 202, kind: 'throttled' });
  });

  it('a business error in a 200 body of a global service (its normalizer): kind not-found', async () => {
    answer = { status: 200, body: { error_code: 'OSM.01010001', error_msg: 'Parameter validation failed.' } };
    const error = await fetchJob(osm, osm.createClient({ baseUrl: server.url }), { jobId: '42' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 200, code: 'OSM.01010001', kind: 'not-found' });
  });

  it('another code is not marked', async () => {
    answer = { status: 400, body: { error: { code: 'Common.0021', message: 'bad' } } };
    const error = await fetchJob(ecs, ecs.createClient({ baseUrl: server.url }), { jobId: 'j', projectId: 'p' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, kind: undefined });
    expect(classifyFailure(error)).toBe('fatal');
  });

  it('a project-scoped service needs a project', async () => {
    await expect(fetchJob(ecs, ecs.createClient({ baseUrl: server.url }), { jobId: 'j' })).rejects.toMatchObject({ name: 'JobsConfigError', field: 'ref.projectId' });
  });
});

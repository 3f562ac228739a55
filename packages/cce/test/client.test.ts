// createCceClient against a real HTTP server on loopback, answering the spec's examples.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createCceClient, endpoints, type CceJob } from '../src/index.js';

const PATH = '/api/v3/projects/{project_id}/jobs/{job_id}';
const TOKEN = 'token-cce-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['Succeeded', 'Running', 'Failed']) answers.set(name, { status: 200, body: exampleValue('cce', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('cce', '400', 'BadRequest') });
  answers.set('e403', { status: 403, body: exampleValue('cce', '403', 'Forbidden') });
  answers.set('e503', { status: 503, body: exampleValue('cce', '503', 'Unavailable') });
  answers.set('e401', { status: 401, body: exampleValue('cce', '401', 'IncorrectAuth') });
  answers.set('e404', { status: 404, body: exampleValue('cce', '404', 'JobNotFound') });
  answers.set('e429', { status: 429, body: exampleValue('cce', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('cce', '500', 'Internal') });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('cce', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createCceClient({ baseUrl: server.url, token: TOKEN });
const get = (jobId: string, projectId = 'proj') => client().GET(PATH, { params: { path: { project_id: projectId, job_id: jobId } } });

describe('createCceClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await get('Succeeded');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<CceJob | undefined>();
    expect(data).toEqual(exampleValue('cce', '200', 'Succeeded'));
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/api/v3/projects/proj/jobs/Succeeded');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads the Kubernetes-style job: metadata, spec with nested subJobs, status', async () => {
    const running = (await get('Running')).data;
    expect(running).toMatchObject({ kind: 'Job', apiVersion: 'v3', status: { phase: 'Running', reason: '' } });
    expect(running?.metadata?.creationTimestamp).toBe('2020-02-02 08:12:40.672772389 +0000 UTC');
    expect(running?.spec?.subJobs?.map((j) => j.spec?.type)).toEqual(['InstallMaster', 'CreatePSMCert']);
    expect(running?.spec?.extendParam).toEqual({ serverID: 'bc467e3a-2338-11e8-825b-0255ac100c13' });
    const succeeded = (await get('Succeeded')).data;
    expect(succeeded?.spec?.subJobs?.[0]?.spec?.subJobs).toHaveLength(1);
    const failed = (await get('Failed')).data;
    expect(failed?.status).toEqual({ phase: 'Failed', reason: 'Insufficient ECS quota.' });
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await get('../x?y', 'a/b c');
    expect(server.requests.at(-1)!.url).toBe('/api/v3/projects/a%2Fb%20c/jobs/..%2Fx%3Fy');
  });

  it('refuses empty, "." and ".." path values before any request, naming the parameter', async () => {
    const before = server.requests.length;
    for (const jobId of ['', '.', '..']) {
      const call = get(jobId);
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['e400', 400],
    ['e401', 401],
    ['e403', 403],
    ['e404', 404],
    ['e429', 429],
    ['e500', 500],
    ['e503', 503],
  ])('types the error body of %s', async (id, status) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toEqual(expect.any(String));
    expect(error?.error_msg).toEqual(expect.any(String));
  });
});

describe('endpoints', () => {
  it("are the spec's servers: the SDK's 33 Huawei Cloud regions (eu-west-101 on .eu) and OTC eu-de and eu-nl", () => {
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(33);
    expect(endpoints.filter((e) => e.cloud === 'otc').map((e) => e.region).sort()).toEqual(['eu-de', 'eu-nl']);
    const domain = (e: (typeof endpoints)[number]) => (e.cloud === 'otc' ? 'otc.t-systems.com' : e.region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com');
    for (const e of endpoints) expect(e.url).toBe(`https://cce.${e.region}.${domain(e)}`);
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => createCceClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createCceClient({ baseUrl: 'http://cce.example.org' })).toThrow(/must use https/);
    expect(() => createCceClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createCceClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('cce')).toEqual([]);
  });
});

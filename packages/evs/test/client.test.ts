// createEvsClient against a real HTTP server on loopback, answering the spec's examples.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createEvsClient, endpoints, type EvsError, type EvsJob } from '../src/index.js';

const PATH = '/v1/{project_id}/jobs/{job_id}';
const TOKEN = 'token-evs-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['Succeeded', 'Running', 'Failed', 'ErrorObject']) answers.set(name, { status: 200, body: exampleValue('evs', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('evs', '400', 'JobNotFound') });
  answers.set('e401', { status: 401, body: exampleValue('evs', '401', 'IncorrectAuth') });
  answers.set('e403', { status: 403, body: exampleValue('evs', '403', 'InvalidTokenRoles') });
  answers.set('e404', { status: 404, body: exampleValue('evs', '404', 'NoSuchApi') });
  answers.set('e429', { status: 429, body: exampleValue('evs', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('evs', '500', 'SubmitFailed') });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('evs', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createEvsClient({ baseUrl: server.url, token: TOKEN });
const get = (jobId: string, projectId = 'proj') => client().GET(PATH, { params: { path: { project_id: projectId, job_id: jobId } } });

describe('createEvsClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await get('Succeeded');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<EvsJob | undefined>();
    expect(data).toEqual(exampleValue('evs', '200', 'Succeeded'));
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v1/proj/jobs/Succeeded');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a running task, a failed one, the sub-jobs of a batch and the error form of a 200', async () => {
    const running = (await get('Running')).data;
    expect(running?.end_time).toBe('');
    expect(running?.entities?.volume_id).toBe('bdf1bb37-f20f-4266-9a04-f43e0a127376');
    const failed = (await get('Failed')).data;
    expect(failed?.status).toBe('FAIL');
    expect(failed).toMatchObject({ error_code: 'EVS.2001', fail_reason: expect.any(String) });
    const batch = (await get('Succeeded')).data;
    expect(batch?.job_type).toBe('batchCreateVolume');
    expect(batch?.entities?.sub_jobs?.map((s) => s.entities?.volume_id)).toEqual(['0b549095-4937-4849-8e4c-52aa027d64f7', 'e7bca1a2-d3ed-434f-86f4-a1f11aa80072']);
    const errorForm = (await get('ErrorObject')).data;
    expect(errorForm?.status).toBeUndefined();
    expect(errorForm?.error).toEqual({ message: 'XXXX', code: 'XXX' });
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await get('../x?y', 'a/b c');
    expect(server.requests.at(-1)!.url).toBe('/v1/a%2Fb%20c/jobs/..%2Fx%3Fy');
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
    ['e400', 400, 'Common.0011'],
    ['e403', 403, 'EVS.0003'],
    ['e500', 500, 'EVS.2001'],
  ])('types the EVS error body of %s: an error object with code and message', async (id, status, code) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    // The error type is a union with the gateway's body, which has no error object: read it as the service's.
    const body = error as EvsError | undefined;
    expect(body?.error?.code).toBe(code);
    expect(body?.error?.message).toEqual(expect.any(String));
  });

  it.each([
    ['e401', 401],
    ['e404', 404],
    ['e429', 429],
  ])('types the gateway error body of %s', async (id, status) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toMatch(/^APIG\./);
    expect(error?.error_msg).toEqual(expect.any(String));
  });
});

describe('endpoints', () => {
  it("are the spec's servers: the SDK's 34 Huawei Cloud regions and OTC eu-de and eu-nl", () => {
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(34);
    expect(endpoints.filter((e) => e.cloud === 'otc').map((e) => e.region).sort()).toEqual(['eu-de', 'eu-nl']);
    for (const e of endpoints) expect(e.url).toBe(`https://evs.${e.region}.${e.cloud === 'otc' ? 'otc.t-systems.com' : 'myhuaweicloud.com'}`);
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => createEvsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createEvsClient({ baseUrl: 'http://evs.example.org' })).toThrow(/must use https/);
    expect(() => createEvsClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createEvsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('evs')).toEqual([]);
  });
});

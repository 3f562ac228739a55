// createImsClient against a real HTTP server on loopback, answering the spec's examples.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createImsClient, endpoints, type ImsError, type ImsJob } from '../src/index.js';

const PATH = '/v1/{project_id}/jobs/{job_id}';
const TOKEN = 'token-ims-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['CreateImageByInstance', 'ImportOvaImage', 'AddImageMembers', 'Running', 'Failed']) answers.set(name, { status: 200, body: exampleValue('ims', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('ims', '400', 'JobNotFound') });
  answers.set('e401', { status: 401, body: exampleValue('ims', '401', 'IncorrectAuth') });
  answers.set('e403', { status: 403, body: exampleValue('ims', '403', 'Forbidden') });
  answers.set('e404', { status: 404, body: exampleValue('ims', '404', 'NoSuchApi') });
  answers.set('e429', { status: 429, body: exampleValue('ims', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('ims', '500', 'Internal') });
  answers.set('e503', { status: 503, body: exampleValue('ims', '503', 'Unavailable') });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('ims', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createImsClient({ baseUrl: server.url, token: TOKEN });
const get = (jobId: string, projectId = 'proj') => client().GET(PATH, { params: { path: { project_id: projectId, job_id: jobId } } });

describe('createImsClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await get('CreateImageByInstance');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<ImsJob | undefined>();
    expect(data).toEqual(exampleValue('ims', '200', 'CreateImageByInstance'));
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v1/proj/jobs/CreateImageByInstance');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads the entities of each job family: an image, sub-jobs, sharing results', async () => {
    const image = (await get('CreateImageByInstance')).data;
    expect(image?.entities).toEqual({ image_name: 'test', image_id: '3f7185de-b59a-4bb8-aa1d-7a513528b0e9' });
    const ova = (await get('ImportOvaImage')).data;
    expect(ova?.entities?.sub_jobs_result?.[0]?.entities?.image_id).toBe('fc496c19-40c2-4220-8b1a-eba9d53fca7b');
    expect(ova?.entities?.sub_jobs_list).toEqual(['9a175ac892fa13420193006c29e133f0']);
    const shared = (await get('AddImageMembers')).data;
    expect(shared?.entities?.results).toEqual([{ image_id: '30e55148-deb9-4923-adb9-91618de16ba0', status: 'success' }]);
    const running = (await get('Running')).data;
    expect(running?.end_time).toBeNull();
    const failed = (await get('Failed')).data;
    expect(failed).toMatchObject({ status: 'FAIL', error_code: 'IMG.0005', fail_reason: 'The ECS does not exist.' });
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
    ['e403', 403, 'IMG.0403'],
    ['e500', 500, 'IMG.0500'],
    ['e503', 503, 'IMG.0503'],
  ])('types the IMS error body of %s: an error object with code and message', async (id, status, code) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    // The error type is a union with the gateway's body, which has no error object: read it as the service's.
    const body = error as ImsError | undefined;
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
  it("are the spec's servers: the SDK's 33 Huawei Cloud regions and OTC eu-de and eu-nl", () => {
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(33);
    expect(endpoints.filter((e) => e.cloud === 'otc').map((e) => e.region).sort()).toEqual(['eu-de', 'eu-nl']);
    for (const e of endpoints) expect(e.url).toBe(`https://ims.${e.region}.${e.cloud === 'otc' ? 'otc.t-systems.com' : 'myhuaweicloud.com'}`);
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => createImsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createImsClient({ baseUrl: 'http://ims.example.org' })).toThrow(/must use https/);
    expect(() => createImsClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createImsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('ims')).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createCfwClient, endpoints, type CfwListJobResponse } from '../src/index.js';

const PATH = '/v3/{project_id}/jobs/{job_id}';
const TOKEN = 'token-cfw-secret-value';

let server: LoopbackServer;
/** What the server answers for a job ID (the last path segment, decoded). */
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  answers.set('ok', { status: 200, body: exampleValue('cfw', '200', 'Succeeded') });
  answers.set('running', { status: 200, body: exampleValue('cfw', '200', 'Running') });
  answers.set('failed', { status: 200, body: exampleValue('cfw', '200', 'Failed') });
  answers.set('missing', { status: 400, body: exampleValue('cfw', '400', 'ObjectNotFound') });
  answers.set('http-error', { status: 400, body: exampleValue('cfw', '400', 'HttpRequestError') });
  answers.set('e401', { status: 401, body: exampleValue('cfw', '401', 'TokenExpired') });
  answers.set('e429', { status: 429, body: exampleValue('cfw', '429', 'Throttled'), headers: { 'retry-after': '7' } });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('cfw', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createCfwClient({ baseUrl: server.url, token: TOKEN });

describe('createCfwClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await client().GET(PATH, {
      params: { path: { project_id: '09bb24e6fe80d23d2fa2c010b53b418c', job_id: 'ok' } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<CfwListJobResponse | undefined>();
    expect(data?.data?.id).toBe('f588ce71-e26c-400d-8981-f854355f6849');
    expect(data?.data?.status).toBe('Success');
    // The documented examples send epoch milliseconds as JSON numbers.
    expect(data?.data?.begin_time).toBe(1641370501000);
    expect(data?.data?.end_time).toBe(1641370515000);
    expect(data?.error_code).toBeUndefined();
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v3/09bb24e6fe80d23d2fa2c010b53b418c/jobs/ok');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a running job without an end time', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'running' } } });
    expect(data?.data?.status).toBe('Running');
    expect(data?.data?.end_time).toBeUndefined();
  });

  it('reads a failed job whose times use the documented string form', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'failed' } } });
    expect(data?.data?.status).toBe('Failed');
    expect(data?.data?.begin_time).toBe('2023-10-26T10:30:00+0800');
    expect(typeof data?.data?.end_time).toBe('string');
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'a/b c', job_id: '../x?y' } } });
    expect(server.requests.at(-1)!.url).toBe('/v3/a%2Fb%20c/jobs/..%2Fx%3Fy');
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: '#frag' } } });
    expect(server.requests.at(-1)!.url).toBe('/v3/p/jobs/%23frag');
  });

  it('refuses empty, "." and ".." path values, naming the parameter', async () => {
    const before = server.requests.length;
    for (const job_id of ['', '.', '..', '%2e%2E']) {
      const call = client().GET(PATH, { params: { path: { project_id: 'p', job_id } } });
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['missing', 'CFW.00200005', 'Object not found.'],
    ['http-error', 'CFW.00109004', 'HTTP request error.'],
  ])('types the CFW business error %s, sent as HTTP 400', async (id, code, message) => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: id } } });
    expect(response.status).toBe(400);
    expect(data).toBeUndefined();
    expect(error?.error_code).toBe(code);
    expect(error?.error_msg).toBe(message);
  });

  it('types the gateway 401 and 429 bodies', async () => {
    const unauthorized = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e401' } } });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error?.error_code).toBe('APIG.0307');
    const throttled = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e429' } } });
    expect(throttled.response.status).toBe(429);
    expect(throttled.error?.error_code).toBe('APIG.0308');
    expect(throttled.response.headers.get('retry-after')).toBe('7');
  });
});

describe('endpoints', () => {
  const fetchInto = (seen: string[]) => async (req: Request) => {
    seen.push(req.url);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };

  it('uses the .myhuaweicloud.eu host for eu-west-101 and the .com host elsewhere', async () => {
    const seen: string[] = [];
    await createCfwClient({ region: 'eu-west-101', fetch: fetchInto(seen) }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    await createCfwClient({ region: 'cn-north-4', cloud: 'huaweicloud', fetch: fetchInto(seen) }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(seen).toEqual(['https://cfw.eu-west-101.myhuaweicloud.eu/v3/p/jobs/j', 'https://cfw.cn-north-4.myhuaweicloud.com/v3/p/jobs/j']);
    expect(endpoints.filter((e) => e.region === 'eu-west-101')).toEqual([
      { cloud: 'huaweicloud', region: 'eu-west-101', url: 'https://cfw.eu-west-101.myhuaweicloud.eu' },
    ]);
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(28);
  });

  it('offers the inferred OTC host in eu-de only', async () => {
    const seen: string[] = [];
    await createCfwClient({ region: 'eu-de', cloud: 'otc', fetch: fetchInto(seen) }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(seen).toEqual(['https://cfw.eu-de.otc.t-systems.com/v3/p/jobs/j']);
    expect(() => createCfwClient({ region: 'eu-nl', cloud: 'otc' })).toThrow(/known regions: eu-de \(/);
  });

  it('rejects an unknown region and lists the known ones', () => {
    expect(() => createCfwClient({ region: 'mars-1' })).toThrow(/known regions: af-north-1, af-south-1, .*tr-west-1, eu-west-101 \(/);
    expect(() => createCfwClient({ region: 'mars-1' })).toThrow(ClientConfigError);
    expect(() => createCfwClient({ region: 'eu-west-0' })).toThrow(/unknown huaweicloud region "eu-west-0" for cfw/);
  });

  it('refuses plain http except on loopback, and never puts the token in an error', () => {
    expect(() => createCfwClient({ baseUrl: 'http://cfw.example.org' })).toThrow(/must use https/);
    expect(() => createCfwClient({ baseUrl: 'http://localhost:1' })).not.toThrow();
    try {
      createCfwClient({ baseUrl: 'https://u:p@cfw.example.org', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('cfw')).toEqual([]);
  });
});

describe('documented request headers (issue 12 point 4)', () => {
  it('sends Content-Type: application/json on the GET, as the pages and the official SDK do; a caller value wins', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
    const own = createCfwClient({ baseUrl: server.url, headers: { 'Content-Type': 'application/json;charset=utf8' } });
    await own.GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json;charset=utf8');
  });
});

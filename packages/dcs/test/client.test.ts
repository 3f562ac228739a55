import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createDcsClient, endpoints, type DcsJob } from '../src/index.js';

const PATH = '/v2/{project_id}/jobs/{job_id}';
const TOKEN = 'token-dcs-secret-value';

let server: LoopbackServer;
/** What the server answers for a job ID (the last path segment, decoded). */
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  answers.set('ok', { status: 200, body: exampleValue('dcs', '200', 'Succeeded') });
  answers.set('running', { status: 200, body: exampleValue('dcs', '200', 'Running') });
  answers.set('failed', { status: 200, body: exampleValue('dcs', '200', 'Failed') });
  for (const [status, name] of [
    ['400', 'InvalidParameter'],
    ['401', 'IncorrectAuth'],
    ['403', 'NoPermission'],
    ['404', 'NoSuchUrl'],
    ['500', 'GatewayInternal'],
  ] as const) {
    answers.set(`e${status}`, { status: Number(status), body: exampleValue('dcs', status, name) });
  }
  answers.set('e429', { status: 429, body: exampleValue('dcs', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('dcs', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createDcsClient({ baseUrl: server.url, token: TOKEN });

describe('createDcsClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'proj', job_id: 'ok' } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<DcsJob | undefined>();
    expect(data?.job_id).toBe('ff8080818822bbf70188235afc24141a');
    expect(data?.job_type).toBe('masterStandbySwapJob');
    expect(data?.status).toBe('SUCCESS');
    expect(data?.begin_time).toBe('1684191545379');
    expect(data?.end_time).toBe('1684191548248');
    expect(data?.fail_reason).toBeNull();
    // Epoch milliseconds as decimal strings.
    expect(new Date(Number(data?.begin_time)).toISOString()).toBe('2023-05-15T22:59:05.379Z');
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v2/proj/jobs/ok');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
    expect(req.body).toBe('');
  });

  it('reads a running job whose end time is still null', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'proj', job_id: 'running' } } });
    expect(data?.status).toBe('RUNNING');
    expect(data?.job_type).toBe('modifyBandwidth');
    expect(data?.end_time).toBeNull();
  });

  it('reads a failed job with its reason', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'proj', job_id: 'failed' } } });
    expect(data?.status).toBe('FAIL');
    expect(data?.fail_reason).toBe('Failed to update the status of the DCS instance.');
    expect(Number(data?.end_time)).toBeGreaterThan(Number(data?.begin_time));
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'a/b c', job_id: '../x?y' } } });
    expect(server.requests.at(-1)!.url).toBe('/v2/a%2Fb%20c/jobs/..%2Fx%3Fy');
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: '#frag' } } });
    expect(server.requests.at(-1)!.url).toBe('/v2/p/jobs/%23frag');
  });

  it('refuses empty, "." and ".." path values, naming the parameter', async () => {
    const before = server.requests.length;
    for (const job_id of ['', '.', '..', '%2E%2e']) {
      const call = client().GET(PATH, { params: { path: { project_id: 'p', job_id } } });
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['e400', 400, '111400063'],
    ['e403', 403, '111403003'],
    ['e404', 404, '111404001'],
    ['e500', 500, 'APIG.0201'],
  ])('types the DCS (or gateway) error body of %s', async (id, status, code) => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: id } } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toBe(code);
    expect(error?.error_msg).toEqual(expect.any(String));
  });

  it('keeps the unformatted {0} placeholder of the documented 400 message', async () => {
    const { error } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e400' } } });
    expect(error?.error_msg).toBe('Invalid {0} parameter in the request.');
    expect(error?.error_ext_msg).toBeUndefined();
  });

  it('types the gateway 401 and 429 bodies', async () => {
    const unauthorized = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e401' } } });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error?.error_code).toBe('APIG.0301');
    const throttled = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e429' } } });
    expect(throttled.response.status).toBe(429);
    expect(throttled.error?.error_code).toBe('APIG.0308');
    expect(throttled.response.headers.get('retry-after')).toBe('3');
  });
});

describe('endpoints', () => {
  it('derives the base URL from region and cloud', async () => {
    const seen: string[] = [];
    const fetch = async (req: Request) => {
      seen.push(req.url);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await createDcsClient({ region: 'eu-nl', cloud: 'otc', fetch }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    await createDcsClient({ region: 'cn-north-4', fetch }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(seen).toEqual(['https://dcs.eu-nl.otc.t-systems.com/v2/p/jobs/j', 'https://dcs.cn-north-4.myhuaweicloud.com/v2/p/jobs/j']);
    expect(endpoints).toContainEqual({ cloud: 'huaweicloud', region: 'my-kualalumpur-1', url: 'https://dcs.my-kualalumpur-1.myhuaweicloud.com' });
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(30);
    expect(endpoints.filter((e) => e.cloud === 'otc').map((e) => e.region)).toEqual(['eu-de', 'eu-nl']);
  });

  it('rejects an unknown region and lists the known ones', () => {
    expect(() => createDcsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(/known regions: eu-de, eu-nl \(/);
    expect(() => createDcsClient({ region: 'eu-ch2', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createDcsClient({ region: 'mars-1' })).toThrow(/known regions: ae-ad-1, af-south-1, .*tr-west-1 \(/);
  });

  it('refuses plain http except on loopback, and never puts the token in an error', () => {
    expect(() => createDcsClient({ baseUrl: 'http://dcs.example.org' })).toThrow(/must use https/);
    expect(() => createDcsClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createDcsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('dcs')).toEqual([]);
  });
});

describe('documented request headers (issue 12 point 4)', () => {
  it('sends Content-Type: application/json on the GET, as the pages and the official SDK do; a caller value wins', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
    const own = createDcsClient({ baseUrl: server.url, headers: { 'Content-Type': 'application/json;charset=utf8' } });
    await own.GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json;charset=utf8');
  });
});

import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError } from '@cloud-jobs/core';
import { createOsmClient, endpoints, type OsmJob } from '../src/index.js';

const PATH = '/v2.0/servicerequest/diagnose/job';
const TOKEN = 'token-osm-secret-value';

let server: LoopbackServer;
/** What the server answers for a job ID (the decoded `job_id` query parameter). */
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  answers.set('1', { status: 200, body: exampleValue('osm', '200', 'Preparing') });
  answers.set('executing', { status: 200, body: exampleValue('osm', '200', 'Executing') });
  answers.set('completed', { status: 200, body: exampleValue('osm', '200', 'Completed') });
  answers.set('failed', { status: 200, body: exampleValue('osm', '200', 'Failed') });
  answers.set('unknown-job', { status: 200, body: exampleValue('osm', '200', 'ParamValidationFailed') });
  for (const [status, name] of [
    ['400', 'Failed'],
    ['401', 'IncorrectAuth'],
    ['403', 'Forbidden'],
    ['404', 'NoSuchApi'],
    ['500', 'Internal'],
  ] as const) {
    answers.set(`e${status}`, { status: Number(status), body: exampleValue('osm', status, name) });
  }
  answers.set('e429', { status: 429, body: exampleValue('osm', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  server = await startLoopbackServer((req, res) => {
    const id = new URL(req.url, 'http://127.0.0.1').searchParams.get('job_id') ?? '';
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('osm', '200', 'Executing') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createOsmClient({ baseUrl: server.url, token: TOKEN });

describe('createOsmClient', () => {
  it('returns the typed job (source example), sends X-Auth-Token and calls the exact path and query', async () => {
    const { data, error, response } = await client().GET(PATH, { params: { query: { job_id: '1' } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<OsmJob | undefined>();
    expect(data?.status).toBe(0);
    expect(data?.job_id).toBe(1);
    expect(data?.domain_id).toBe('Domain ID');
    expect(data?.items_result).toHaveLength(1);
    expect(data?.items_result?.[0]).toMatchObject({ status: 1, visible: 0, check_name: 'Name of a check item', problem_level: 0 });
    expect(data?.create_time).toBeUndefined();
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v2.0/servicerequest/diagnose/job?job_id=1');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
    expect(req.body).toBe('');
  });

  it('reads a completed diagnosis with its normal and abnormal check items', async () => {
    const { data } = await client().GET(PATH, { params: { query: { job_id: 'completed' } } });
    expect(data?.status).toBe(3);
    expect(data?.items_result?.map((item) => [item.check_id, item.problem_level])).toEqual([
      ['ECS_STATUS', 3],
      ['VPC_SG_RULES', 4],
    ]);
    // create_time is an integer epoch (seconds in the examples, within the documented range).
    expect(new Date(data!.create_time! * 1000).toISOString()).toBe('2024-05-16T00:00:00.000Z');
  });

  it('reads an executing and a failed job', async () => {
    const executing = await client().GET(PATH, { params: { query: { job_id: 'executing' } } });
    expect(executing.data?.status).toBe(2);
    expect(executing.data?.items_result?.map((item) => item.problem_level)).toEqual([3, 0]);
    const failed = await client().GET(PATH, { params: { query: { job_id: 'failed' } } });
    expect(failed.data?.status).toBe(4);
    expect(failed.data?.items_result).toEqual([]);
  });

  it('gives a business error answered with HTTP 200 as data with error_code and no status', async () => {
    const { data, error, response } = await client().GET(PATH, { params: { query: { job_id: 'unknown-job' } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data?.status).toBeUndefined();
    expect(data?.error_code).toBe('OSM.01010001');
    expect(data?.error_msg).toBe('Param validation failed.');
  });

  it('percent-encodes the job ID in the query so it cannot add parameters or change the path', async () => {
    await client().GET(PATH, { params: { query: { job_id: 'a&b=c d/../é#x?y' } } });
    const req = server.requests.at(-1)!;
    expect(req.url).toBe('/v2.0/servicerequest/diagnose/job?job_id=a%26b%3Dc%20d%2F..%2F%C3%A9%23x%3Fy');
    expect([...new URL(req.url, 'http://127.0.0.1').searchParams.entries()]).toEqual([['job_id', 'a&b=c d/../é#x?y']]);
  });

  it('sends no query string without job_id, and an empty value as job_id=', async () => {
    await client().GET(PATH, {});
    expect(server.requests.at(-1)!.url).toBe('/v2.0/servicerequest/diagnose/job');
    await client().GET(PATH, { params: { query: {} } });
    expect(server.requests.at(-1)!.url).toBe('/v2.0/servicerequest/diagnose/job');
    await client().GET(PATH, { params: { query: { job_id: '' } } });
    expect(server.requests.at(-1)!.url).toBe('/v2.0/servicerequest/diagnose/job?job_id=');
  });

  it('sends the token of the typed X-Auth-Token header parameter, which wins over the token option', async () => {
    await createOsmClient({ baseUrl: server.url }).GET(PATH, { params: { query: { job_id: '1' }, header: { 'X-Auth-Token': 'per-call' } } });
    expect(server.requests.at(-1)!.headers['x-auth-token']).toBe('per-call');
    await client().GET(PATH, { params: { query: { job_id: '1' }, header: { 'X-Auth-Token': 'override' } } });
    expect(server.requests.at(-1)!.headers['x-auth-token']).toBe('override');
    await createOsmClient({ baseUrl: server.url }).GET(PATH, { params: { query: { job_id: '1' } } });
    expect(server.requests.at(-1)!.headers['x-auth-token']).toBeUndefined();
  });

  it.each([
    ['e400', 400, 'OSM.0001'],
    ['e403', 403, 'OSM.0003'],
    ['e404', 404, 'APIG.0101'],
    ['e500', 500, 'OSM.0004'],
  ])('types the error body of %s', async (id, status, code) => {
    const { data, error, response } = await client().GET(PATH, { params: { query: { job_id: id } } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toBe(code);
    expect(error?.error_msg).toEqual(expect.any(String));
  });

  it('types the gateway 401 and 429 bodies', async () => {
    const unauthorized = await client().GET(PATH, { params: { query: { job_id: 'e401' } } });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error?.error_code).toBe('APIG.0301');
    expect(unauthorized.error?.request_id).toBe('4d2a5e5b1c0e4f0c9b6f1b2c3d4e5f60');
    const throttled = await client().GET(PATH, { params: { query: { job_id: 'e429' } } });
    expect(throttled.response.status).toBe(429);
    expect(throttled.error?.error_code).toBe('APIG.0308');
    expect(throttled.response.headers.get('retry-after')).toBe('3');
  });
});

describe('endpoints', () => {
  it('derives the base URL of the global service from its site region', async () => {
    const seen: string[] = [];
    const fetch = async (req: Request) => {
      seen.push(req.url);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    await createOsmClient({ region: 'ap-southeast-3', fetch }).GET(PATH, { params: { query: { job_id: '1' } } });
    await createOsmClient({ region: 'cn-south-1', cloud: 'huaweicloud', fetch }).GET(PATH, { params: { query: { job_id: '42' } } });
    expect(seen).toEqual([
      'https://osm.ap-southeast-3.myhuaweicloud.com/v2.0/servicerequest/diagnose/job?job_id=1',
      'https://osm.cn-south-1.myhuaweicloud.com/v2.0/servicerequest/diagnose/job?job_id=42',
    ]);
    expect(endpoints).toEqual([
      { cloud: 'huaweicloud', region: 'cn-south-1', url: 'https://osm.cn-south-1.myhuaweicloud.com' },
      { cloud: 'huaweicloud', region: 'ap-southeast-3', url: 'https://osm.ap-southeast-3.myhuaweicloud.com' },
    ]);
  });

  it('accepts the SDK host (.cn) as a baseUrl', async () => {
    const seen: string[] = [];
    const c = createOsmClient({
      baseUrl: 'https://osm.cn-south-1.myhuaweicloud.cn/',
      fetch: async (req) => {
        seen.push(req.url);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await c.GET(PATH, { params: { query: { job_id: '7' } } });
    expect(seen).toEqual(['https://osm.cn-south-1.myhuaweicloud.cn/v2.0/servicerequest/diagnose/job?job_id=7']);
  });

  it('rejects an unknown region and lists the known ones', () => {
    expect(() => createOsmClient({ region: 'mars-1' })).toThrow(/known regions: cn-south-1, ap-southeast-3 \(or pass baseUrl\)/);
    expect(() => createOsmClient({ region: 'eu-west-101' })).toThrow(ClientConfigError);
    expect(() => createOsmClient({ region: 'mars-1' })).toThrow(expect.objectContaining({ option: 'region' }));
  });

  it('knows no Open Telekom Cloud endpoint and says to pass baseUrl', () => {
    expect(endpoints.filter((e) => e.cloud === 'otc')).toEqual([]);
    expect(() => createOsmClient({ region: 'eu-de', cloud: 'otc' })).toThrow(/osm has no known endpoint on otc; pass baseUrl/);
    expect(() => createOsmClient({ region: 'eu-de', cloud: 'otc' })).toThrow(expect.objectContaining({ option: 'cloud' }));
  });

  it('refuses plain http except on loopback, and credentials in the URL', () => {
    expect(() => createOsmClient({ baseUrl: 'http://osm.ap-southeast-3.myhuaweicloud.com' })).toThrow(/must use https/);
    expect(() => createOsmClient({ baseUrl: 'http://10.0.0.1:8080' })).toThrow(ClientConfigError);
    expect(() => createOsmClient({ baseUrl: 'https://u:p@osm.example.org' })).toThrow(/credentials/);
    expect(() => createOsmClient({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => createOsmClient({})).toThrow(/needs baseUrl, or region/);
    expect(() => createOsmClient({ baseUrl: 'http://localhost:1' })).not.toThrow();
    expect(() => createOsmClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    expect(() => createOsmClient({ baseUrl: 'http://[::1]:1' })).not.toThrow();
  });

  it('refuses an empty token and never puts the token in a thrown error', () => {
    expect(() => createOsmClient({ baseUrl: server.url, token: '' })).toThrow(expect.objectContaining({ option: 'token' }));
    try {
      createOsmClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('osm')).toEqual([]);
  });
});

describe('documented request headers (issue 12 point 4)', () => {
  it('sends Content-Type: application/json on the GET, as the official SDK does', async () => {
    await client().GET(PATH, { params: { query: { job_id: '1' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
  });
});

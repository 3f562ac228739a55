import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createEcsClient, endpoints, type EcsError, type EcsJob, type GatewayError } from '../src/index.js';

const PATH = '/v1/{project_id}/jobs/{job_id}';
const TOKEN = 'token-ecs-secret-value';

let server: LoopbackServer;
/** What the server answers for a job ID (the last path segment, decoded). */
const answers = new Map<string, { status: number; body: unknown }>();

beforeAll(async () => {
  answers.set('ok', { status: 200, body: exampleValue('ecs', '200', 'Succeeded') });
  answers.set('failed', { status: 200, body: exampleValue('ecs', '200', 'Failed') });
  for (const [status, name] of [['400', 'JobNotFound'], ['401', 'IncorrectAuth'], ['403', 'PolicyDenied'], ['500', 'Internal'], ['503', 'FlowControl']] as const) {
    answers.set(`e${status}`, { status: Number(status), body: exampleValue('ecs', status, name) });
  }
  answers.set('throttled', { status: 202, body: exampleValue('ecs', '202', 'FlowOverLimit') });
  answers.set('e401ecs', { status: 401, body: exampleValue('ecs', '401', 'Unauthorized') });
  answers.set('gw404', { status: 404, body: exampleValue('ecs', '404', 'NoSuchApi') });
  answers.set('gw502', { status: 502, body: exampleValue('ecs', '5XX', 'BackendUnavailable') });
  answers.set('gw413', { status: 413, body: { error_code: 'APIG.0201', error_msg: 'Request entity too large.', request_id: 'r413' } });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer = answers.get(id) ?? { status: 200, body: exampleValue('ecs', '200', 'Running') };
    sendJson(res, answer.status, answer.body);
  });
});
afterAll(() => server.close());

const client = () => createEcsClient({ baseUrl: server.url, token: TOKEN });

describe('createEcsClient', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'proj', job_id: 'ok' } } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<EcsJob | undefined>();
    expect(data?.status).toBe('SUCCESS');
    expect(data?.entities?.sub_jobs?.[0]?.entities?.server_id).toBe('bae51750-0089-41a1-9b18-5c777978ff6d');
    expect(data?.error_code).toBeNull();
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v1/proj/jobs/ok');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a failed job with its sub-job reason', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'proj', job_id: 'failed' } } });
    expect(data?.status).toBe('FAIL');
    expect(data?.fail_reason).toBe('Insufficient EIP quota.');
    expect(data?.entities?.sub_jobs?.[0]?.entities?.errorcode_message).toContain('Ecs.0013');
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'a/b c', job_id: '../x?y' } } });
    expect(server.requests.at(-1)!.url).toBe('/v1/a%2Fb%20c/jobs/..%2Fx%3Fy');
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: '#frag' } } });
    expect(server.requests.at(-1)!.url).toBe('/v1/p/jobs/%23frag');
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
    ['e400', 400, 'Common.0011'],
    ['e403', 403, 'Pdp.0001'],
    ['e500', 500, 'Common.0001'],
    ['e503', 503, 'Common.1503'],
  ])('types the error body of %s', async (id, status, code) => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: id } } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    const body = error as EcsError;
    expect(body.code ?? body.error?.code).toBe(code);
  });

  it('reports the HTTP 202 throttle answer as error, never as a job (issue 12 point 3)', async () => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'throttled' } } });
    expect(response.status).toBe(202);
    expect(response.ok).toBe(false);
    expect(data).toBeUndefined();
    expect((error as EcsError).error?.code).toBe('Common.0024');
    // A 200 is still a job: only the statuses the spec marks as error answers are moved.
    const ok = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(ok.response.ok).toBe(true);
    expect(ok.data?.status).toBe('SUCCESS');
  });

  it('runs the caller middleware on the raw 202, then reports it as error', async () => {
    const seen: Array<[number, boolean]> = [];
    const c = createEcsClient({ baseUrl: server.url, middleware: [{ onResponse: ({ response }) => void seen.push([response.status, response.ok]) }] });
    const { data, error } = await c.GET(PATH, { params: { path: { project_id: 'p', job_id: 'throttled' } } });
    expect(seen).toEqual([[202, true]]);
    expect(data).toBeUndefined();
    expect(error).toEqual(exampleValue('ecs', '202', 'FlowOverLimit'));
  });

  it.each([
    ['gw404', 404, 'APIG.0101'],
    ['gw502', 502, 'APIG.0201'],
    ['gw413', 413, 'APIG.0201'],
  ])('types the API gateway answer %s as an error with its code', async (id, status, code) => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: id } } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect((error as GatewayError).error_code).toBe(code);
  });

  it("types ECS's own 401 (Common.0013) besides the gateway's", async () => {
    const { error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e401ecs' } } });
    expect(response.status).toBe(401);
    expect((error as EcsError).error?.code).toBe('Common.0013');
  });

  it('types the gateway 401 body', async () => {
    const { error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e401' } } });
    expect(response.status).toBe(401);
    expect((error as GatewayError).error_code).toBe('APIG.0301');
  });

});

describe('endpoints', () => {
  it('derives the base URL from region and cloud', async () => {
    const seen: string[] = [];
    const c = createEcsClient({
      region: 'eu-de',
      cloud: 'otc',
      fetch: async (req) => {
        seen.push(req.url);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await c.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(seen).toEqual(['https://ecs.eu-de.otc.t-systems.com/v1/p/jobs/j']);
    expect(endpoints).toContainEqual({ cloud: 'huaweicloud', region: 'ap-southeast-1', url: 'https://ecs.ap-southeast-1.myhuaweicloud.com' });
    expect(endpoints).toContainEqual({ cloud: 'otc', region: 'eu-ch2', url: 'https://ecs.eu-ch2.sc.otc.t-systems.com' });
  });

  it('rejects an unknown region and lists the known ones', () => {
    expect(() => createEcsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(/known regions: eu-de, eu-nl, eu-ch2/);
    expect(() => createEcsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
  });

  it('refuses plain http except on loopback, and credentials in the URL', () => {
    expect(() => createEcsClient({ baseUrl: 'http://ecs.example.org' })).toThrow(/must use https/);
    expect(() => createEcsClient({ baseUrl: 'https://u:p@ecs.example.org' })).toThrow(/credentials/);
    expect(() => createEcsClient({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => createEcsClient({})).toThrow(/needs baseUrl, or region/);
    expect(() => createEcsClient({ baseUrl: 'http://localhost:1' })).not.toThrow();
    expect(() => createEcsClient({ baseUrl: 'http://127.0.0.2:1' })).not.toThrow();
  });

  it('never puts the token in a thrown error', () => {
    try {
      createEcsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('ecs')).toEqual([]);
  });
});

describe('documented request headers (issue 12 point 4)', () => {
  it('sends Content-Type: application/json on the GET, as the pages and the official SDK do; a caller value wins', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
    const own = createEcsClient({ baseUrl: server.url, headers: { 'Content-Type': 'application/json;charset=utf8' } });
    await own.GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json;charset=utf8');
  });
});

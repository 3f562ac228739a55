import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createServiceStageClient, endpoints, type ServiceStageShowJobDetailResponse } from '../src/index.js';

const PATH = '/v2/{project_id}/cas/jobs/{job_id}';
const TOKEN = 'token-servicestage-secret-value';

let server: LoopbackServer;
/** What the server answers for a job ID (the last path segment, decoded). */
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  answers.set('failed', { status: 200, body: exampleValue('servicestage', '200', 'Failed') });
  answers.set('running', { status: 200, body: exampleValue('servicestage', '200', 'Running') });
  answers.set('ok', { status: 200, body: exampleValue('servicestage', '200', 'Succeeded') });
  answers.set('page', { status: 200, body: exampleValue('servicestage', '200', 'FirstPage') });
  for (const [id, status, name] of [
    ['e400', '400', 'InvalidParameter'],
    ['empty-id', '400', 'EmptyJobId'],
    ['e401', '401', 'IncorrectAuth'],
    ['e404', '404', 'JobNotFound'],
    ['request-not-found', '404', 'RequestNotFound'],
    ['no-api', '404', 'NoSuchApi'],
    ['e500', '500', 'Internal'],
  ] as const) {
    answers.set(id, { status: Number(status), body: exampleValue('servicestage', status, name) });
  }
  answers.set('e429', { status: 429, body: exampleValue('servicestage', '429', 'Throttled'), headers: { 'retry-after': '5' } });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('servicestage', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createServiceStageClient({ baseUrl: server.url, token: TOKEN });

describe('createServiceStageClient', () => {
  it('returns the typed job and tasks, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await client().GET(PATH, {
      params: { path: { project_id: '063a3158b1a34710b36ad208b9497d00', job_id: 'failed' } },
    });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<ServiceStageShowJobDetailResponse | undefined>();
    expect(data?.job?.JOB_ID).toBe('JOB474362ef-091d-429f-9b3e-c9246b37dee6');
    expect(data?.job?.JOB_TYPE).toBe('PROVISION');
    expect(data?.job?.EXECUTION_STATUS).toBe('FAILED');
    expect(data?.job?.ORDER_ID).toBe('');
    expect(data?.task_count).toBe(5);
    // TASK_INDEX orders the tasks but is not contiguous.
    expect(data?.tasks?.map((t) => t.TASK_INDEX)).toEqual([1, 4, 6, 7, 9]);
    expect(data?.tasks?.map((t) => t.TASK_TYPE)).toEqual(['echo', 'echo', 'restful', 'restful', 'restful']);
    expect(new Date(data?.tasks?.[0]?.CREATED_AT ?? '').toISOString()).toBe('2020-02-04T04:01:03.344Z');
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v2/063a3158b1a34710b36ad208b9497d00/cas/jobs/failed');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
    expect(req.body).toBe('');
  });

  it('gives MESSAGES as a string containing JSON: the failed task says why', async () => {
    const { data } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'failed' } } });
    const failed = data?.tasks?.find((t) => t.TASK_STATUS === 'FAILED');
    expect(failed?.TASK_NAME).toBe('TN00097');
    expectTypeOf(failed?.MESSAGES).toEqualTypeOf<string | undefined>();
    expect(typeof failed?.MESSAGES).toBe('string');
    expect(JSON.parse(failed!.MESSAGES!)).toEqual({ Message: 'ECC00011', Detail: 'Building failed.' });
    for (const task of data?.tasks?.filter((t) => t.TASK_STATUS === 'SUCCEEDED') ?? []) {
      expect(JSON.parse(task.MESSAGES!)).toEqual({});
    }
  });

  it('reads a running job whose last task runs, and a finished one', async () => {
    const running = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'running' } } });
    expect(running.data?.job?.EXECUTION_STATUS).toBe('RUNNING');
    expect(running.data?.tasks?.at(-1)?.TASK_STATUS).toBe('RUNNING');
    expect(running.data?.task_count).toBe(running.data?.tasks?.length);
    const done = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(done.data?.job?.EXECUTION_STATUS).toBe('SUCCEEDED');
    expect(done.data?.job?.JOB_TYPE).toBe('DEPROVISION');
    expect(done.data?.tasks?.every((t) => t.TASK_STATUS === 'SUCCEEDED')).toBe(true);
  });

  it('sends the paging query (desc as the string "true") and reads a page shorter than task_count', async () => {
    const { data } = await client().GET(PATH, {
      params: {
        path: { project_id: 'p', job_id: 'page' },
        query: { instance_id: '429a35a0-dee8-4648-86f6-d1f8bc74ba52', limit: 2, offset: 0, desc: 'true' },
      },
    });
    expect(server.requests.at(-1)!.url).toBe('/v2/p/cas/jobs/page?instance_id=429a35a0-dee8-4648-86f6-d1f8bc74ba52&limit=2&offset=0&desc=true');
    expect(data?.tasks).toHaveLength(2);
    expect(data?.task_count).toBe(5);
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'a/b c', job_id: '../x?y' } } });
    expect(server.requests.at(-1)!.url).toBe('/v2/a%2Fb%20c/cas/jobs/..%2Fx%3Fy');
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: '#frag' } } });
    expect(server.requests.at(-1)!.url).toBe('/v2/p/cas/jobs/%23frag');
  });

  it('refuses empty, "." and ".." path values, naming the parameter', async () => {
    const before = server.requests.length;
    for (const job_id of ['', '.', '..', '%2E%2e']) {
      const call = client().GET(PATH, { params: { path: { project_id: 'p', job_id } } });
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    for (const project_id of ['', '..']) {
      const call = client().GET(PATH, { params: { path: { project_id, job_id: 'j' } } });
      await expect(call).rejects.toMatchObject({ name: 'InvalidPathParameterError', parameter: 'project_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['e400', 400, 'SVCSTG.00100400', 'parameter invalid'],
    ['empty-id', 400, 'SVCSTG.00100414', 'job id can not empty'],
    ['e404', 404, 'SVCSTG.00100429', 'job not found'],
    ['e500', 500, 'SVCSTG.00100500', 'internal server error'],
  ])('types the ServiceStage error body of %s', async (id, status, code, message) => {
    const { data, error, response } = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: id } } });
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toBe(code);
    expect(error?.error_message).toBe(message);
  });

  it('types both message keys, error_message and error_msg, and the gateway 404', async () => {
    const request = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'request-not-found' } } });
    expect(request.error?.error_code).toBe('SVCSTG.00100408');
    expect(request.error?.error_message ?? request.error?.error_msg).toBe('request not found');
    const gateway = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'no-api' } } });
    expect(gateway.response.status).toBe(404);
    expect(gateway.error?.error_code).toBe('APIG.0101');
    expect(gateway.error?.request_id).toEqual(expect.any(String));
  });

  it('types the gateway 401 and 429 bodies', async () => {
    const unauthorized = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e401' } } });
    expect(unauthorized.response.status).toBe(401);
    expect(unauthorized.error?.error_code).toBe('APIG.0301');
    const throttled = await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'e429' } } });
    expect(throttled.response.status).toBe(429);
    expect(throttled.error?.error_code).toBe('APIG.0308');
    expect(throttled.response.headers.get('retry-after')).toBe('5');
  });
});

describe('endpoints', () => {
  const fetchInto = (seen: string[]) => async (req: Request) => {
    seen.push(req.url);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  };

  it('derives the base URL from the region (Huawei Cloud is the default cloud)', async () => {
    const seen: string[] = [];
    await createServiceStageClient({ region: 'ap-southeast-1', fetch: fetchInto(seen) }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    await createServiceStageClient({ region: 'my-kualalumpur-1', cloud: 'huaweicloud', fetch: fetchInto(seen) }).GET(PATH, {
      params: { path: { project_id: 'p', job_id: 'j' }, query: { limit: 50 } },
    });
    await createServiceStageClient({ region: 'ae-ad-1', fetch: fetchInto(seen) }).GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(seen).toEqual([
      'https://servicestage.ap-southeast-1.myhuaweicloud.com/v2/p/cas/jobs/j',
      'https://servicestage.my-kualalumpur-1.myhuaweicloud.com/v2/p/cas/jobs/j?limit=50',
      'https://servicestage.ae-ad-1.myhuaweicloud.com/v2/p/cas/jobs/j',
    ]);
    expect(endpoints).toContainEqual({ cloud: 'huaweicloud', region: 'cn-north-4', url: 'https://servicestage.cn-north-4.myhuaweicloud.com' });
    expect(endpoints.filter((e) => e.cloud === 'huaweicloud')).toHaveLength(23);
    expect(endpoints.every((e) => e.url === `https://servicestage.${e.region}.myhuaweicloud.com`)).toBe(true);
  });

  it('rejects an unknown region and lists the known ones', () => {
    expect(() => createServiceStageClient({ region: 'mars-1' })).toThrow(ClientConfigError);
    expect(() => createServiceStageClient({ region: 'mars-1' })).toThrow(
      /unknown huaweicloud region "mars-1" for servicestage; known regions: ae-ad-1, af-south-1, ap-southeast-1, .*tr-west-1 \(/,
    );
    expect(() => createServiceStageClient({ region: 'eu-west-101' })).toThrow(/known regions: /);
  });

  it('knows no Open Telekom Cloud endpoint: asks for baseUrl instead', async () => {
    expect(endpoints.filter((e) => e.cloud === 'otc')).toEqual([]);
    expect(() => createServiceStageClient({ region: 'eu-de', cloud: 'otc' })).toThrow(/servicestage has no known endpoint on otc; pass baseUrl/);
    const seen: string[] = [];
    await createServiceStageClient({ baseUrl: 'https://servicestage.example.test/', cloud: 'otc', fetch: fetchInto(seen) }).GET(PATH, {
      params: { path: { project_id: 'p', job_id: 'j' } },
    });
    expect(seen).toEqual(['https://servicestage.example.test/v2/p/cas/jobs/j']);
  });

  it('refuses plain http except on loopback, and credentials in the URL', () => {
    expect(() => createServiceStageClient({ baseUrl: 'http://servicestage.example.org' })).toThrow(/must use https/);
    expect(() => createServiceStageClient({ baseUrl: 'http://10.0.0.1:8080' })).toThrow(ClientConfigError);
    expect(() => createServiceStageClient({ baseUrl: 'https://u:p@servicestage.example.org' })).toThrow(/credentials/);
    expect(() => createServiceStageClient({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => createServiceStageClient({})).toThrow(/needs baseUrl, or region/);
    expect(() => createServiceStageClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    expect(() => createServiceStageClient({ baseUrl: 'http://localhost:1' })).not.toThrow();
  });

  it('never puts the token in a thrown error', () => {
    for (const options of [{ baseUrl: 'ftp://x' }, { region: 'mars-1' }, { baseUrl: 'https://u:p@x.example.org' }]) {
      try {
        createServiceStageClient({ ...options, token: TOKEN });
        expect.unreachable();
      } catch (err) {
        expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
      }
    }
    expect(() => createServiceStageClient({ baseUrl: 'http://127.0.0.1:1', token: '' })).toThrow(/token must not be empty/);
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('servicestage')).toEqual([]);
  });
});

describe('documented request headers (issue 12 point 4)', () => {
  it('sends Content-Type: application/json on the GET, as the pages and the official SDK do; a caller value wins', async () => {
    await client().GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json');
    const own = createServiceStageClient({ baseUrl: server.url, headers: { 'Content-Type': 'application/json;charset=utf8' } });
    await own.GET(PATH, { params: { path: { project_id: 'p', job_id: 'ok' } } });
    expect(server.requests.at(-1)!.headers['content-type']).toBe('application/json;charset=utf8');
  });
});

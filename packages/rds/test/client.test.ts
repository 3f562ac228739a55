// createRdsClient against a real HTTP server on loopback, answering the spec's examples.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createRdsClient, endpoints, type RdsJobResponse } from '../src/index.js';

const PATH = '/v3/{project_id}/jobs';
const TOKEN = 'token-rds-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['CreateInstance', 'Running', 'Failed']) answers.set(name, { status: 200, body: exampleValue('rds', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('rds', '400', 'JobNotFound') });
  answers.set('e401', { status: 401, body: exampleValue('rds', '401', 'IncorrectAuth') });
  answers.set('e404', { status: 404, body: exampleValue('rds', '404', 'NoSuchApi') });
  answers.set('e429', { status: 429, body: exampleValue('rds', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('rds', '500', 'Internal') });
  server = await startLoopbackServer((req, res) => {
    const id = new URL(req.url, 'http://x').searchParams.get('id') ?? '';
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('rds', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createRdsClient({ baseUrl: server.url, token: TOKEN });
const get = (id: string, projectId = 'proj') => client().GET(PATH, { params: { path: { project_id: projectId }, query: { id } } });

describe('createRdsClient', () => {
  it('returns the typed task, sends X-Auth-Token and puts the task ID in the query', async () => {
    const { data, error, response } = await get('CreateInstance');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<RdsJobResponse | undefined>();
    expect(data).toEqual(exampleValue('rds', '200', 'CreateInstance'));
    expect(data?.job?.entities?.resource_ids).toHaveLength(2);
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v3/proj/jobs?id=CreateInstance');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a running task (progress as text, no end) and a failed one', async () => {
    const running = (await get('Running')).data?.job;
    expect(running?.status).toBe('Running');
    expect(running?.process).toBe('60% ');
    expect(running?.ended).toBeUndefined();
    const failed = (await get('Failed')).data?.job;
    expect(failed?.status).toBe('Failed');
    expect(failed?.fail_reason).toBe('createVM failed.');
  });

  it('percent-encodes the project ID and the task ID so they cannot change the path or add parameters', async () => {
    await get('x&id=y#z', 'a/b c');
    expect(server.requests.at(-1)!.url).toBe('/v3/a%2Fb%20c/jobs?id=x%26id%3Dy%23z');
  });

  it('refuses empty, "." and ".." project IDs before any request, naming the parameter', async () => {
    const before = server.requests.length;
    for (const projectId of ['', '.', '..']) {
      const call = get('Running', projectId);
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'project_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['e400', 400],
    ['e401', 401],
    ['e404', 404],
    ['e429', 429],
    ['e500', 500],
  ])('types the error body of %s', async (id, status) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toEqual(expect.any(String));
    expect(error?.error_msg).toEqual(expect.any(String));
  });

  it('an unknown task is 400 DBS.200543', async () => {
    expect((await get('e400')).error).toEqual({ error_code: 'DBS.200543', error_msg: 'The job does not exist.' });
  });
});

describe('endpoints', () => {
  it("are the spec's servers: one per cloud and region (eu-west-101 under myhuaweicloud.eu)", () => {
    expect(endpoints.length).toBe(36);
    for (const e of endpoints) {
      const domain = e.cloud === 'otc' ? 'otc.t-systems.com' : e.region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
      expect(e.url).toBe(`https://rds.${e.region}.${domain}`);
    }
    expect(endpoints.filter((e) => e.cloud === 'otc').map((e) => e.region)).toEqual(['eu-de', 'eu-nl']);
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => createRdsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createRdsClient({ baseUrl: 'http://rds.example.org' })).toThrow(/must use https/);
    expect(() => createRdsClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createRdsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('rds')).toEqual([]);
  });
});

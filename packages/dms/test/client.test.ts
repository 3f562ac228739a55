// createDmsClient against a real HTTP server on loopback, answering the spec's examples.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { createDmsClient, endpoints, type DmsTaskList } from '../src/index.js';

const PATH = '/v2/{project_id}/instances/{instance_id}/tasks/{task_id}';
const TOKEN = 'token-dms-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['Succeeded', 'Executing', 'Failed', 'NoSuchTask']) answers.set(name, { status: 200, body: exampleValue('dms', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('dms', '400', 'InvalidTaskId') });
  answers.set('e401', { status: 401, body: exampleValue('dms', '401', 'IncorrectAuth') });
  answers.set('e404', { status: 404, body: exampleValue('dms', '404', 'InstanceNotFound') });
  answers.set('e429', { status: 429, body: exampleValue('dms', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('dms', '500', 'Internal') });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('dms', '200', 'Executing') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => createDmsClient({ baseUrl: server.url, token: TOKEN });
const get = (taskId: string, instanceId = 'inst-1', projectId = 'proj') =>
  client().GET(PATH, { params: { path: { project_id: projectId, instance_id: instanceId, task_id: taskId } } });

describe('createDmsClient', () => {
  it('returns the typed task list, sends X-Auth-Token and calls the instance-scoped path', async () => {
    const { data, error, response } = await get('Succeeded');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<DmsTaskList | undefined>();
    expect(data).toEqual(exampleValue('dms', '200', 'Succeeded'));
    expect(data?.task_count).toBe('1');
    expect(JSON.parse(data?.tasks?.[0]?.params ?? '{}')).toMatchObject({ public_ip_address: '100.93.2.18', enable_public_ip: true });
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v2/proj/instances/inst-1/tasks/Succeeded');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a running, a failed task, and an empty list', async () => {
    expect((await get('Executing')).data?.tasks?.[0]?.status).toBe('EXECUTING');
    expect((await get('Failed')).data?.tasks?.[0]?.status).toBe('FAILED');
    expect((await get('NoSuchTask')).data).toEqual({ task_count: '0', tasks: [] });
  });

  it('percent-encodes project, instance and task IDs so they cannot change the path', async () => {
    await get('../x?y', 'i/j', 'a b');
    expect(server.requests.at(-1)!.url).toBe('/v2/a%20b/instances/i%2Fj/tasks/..%2Fx%3Fy');
  });

  it('refuses empty, "." and ".." task and instance IDs before any request, naming the parameter', async () => {
    const before = server.requests.length;
    for (const bad of ['', '.', '..']) {
      await expect(get(bad)).rejects.toMatchObject({ name: 'InvalidPathParameterError', parameter: 'task_id' });
      await expect(get('t', bad)).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(get('t', bad)).rejects.toMatchObject({ parameter: 'instance_id' });
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
});

describe('endpoints', () => {
  it("are the spec's servers: one per cloud and region (eu-west-101 under myhuaweicloud.eu)", () => {
    expect(endpoints.length).toBe(36);
    for (const e of endpoints) {
      const domain = e.cloud === 'otc' ? 'otc.t-systems.com' : e.region === 'eu-west-101' ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
      expect(e.url).toBe(`https://dms.${e.region}.${domain}`);
    }
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => createDmsClient({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => createDmsClient({ baseUrl: 'http://dms.example.org' })).toThrow(/must use https/);
    expect(() => createDmsClient({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      createDmsClient({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('dms')).toEqual([]);
  });
});

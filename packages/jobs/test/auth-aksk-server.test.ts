// AK/SK signing over real HTTP on 127.0.0.1: a server that recomputes every request's SDK-HMAC-SHA256
// signature with its own (independent) implementation and refuses a wrong one, used with the real
// ECS and DCS clients; then the simulator started with `credentials`, through createJobs.
import { createHash, createHmac } from 'node:crypto';
import { createDcsClient } from '@cloud-jobs/dcs';
import { createEcsClient } from '@cloud-jobs/ecs';
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import createClient, { type Middleware } from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../../test-utils/loopbackServer.js';
import { SERVICE_NAMES, createAkSkAuth, createJobs } from '../src/index.js';
import { resolveAuthFromEnv } from '../src/env.js';

const AK = 'AKVERIFY000000000000';
const SK = 'SKVERIFY-0123456789abcdefghijklmnopqrstuv';
const PROJECT = '0123456789abcdef0123456789abcdef';
const JOB = 'ff8080818822bbf70188235afc24141a';

/** RFC 3986 encoding written independently of the library (encodeURIComponent + the five it spares). */
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The server side: recompute the signature from the request as received. Returns why it is refused, or null. */
function verify(req: RecordedRequest, keys: ReadonlyMap<string, string>): string | null {
  const auth = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(String(req.headers.authorization ?? ''));
  if (!auth) return 'no signature';
  const [, access, signedList, signature] = auth as unknown as [string, string, string, string];
  const secret = keys.get(access);
  if (secret === undefined) return 'unknown access key';
  const date = String(req.headers['x-sdk-date'] ?? '');
  if (!/^\d{8}T\d{6}Z$/.test(date)) return 'bad date';
  const [rawPath = '', rawQuery = ''] = req.url.split('?');
  const path = decodeURIComponent(rawPath).split('/').map(rfc3986).join('/');
  const query = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const at = p.indexOf('=');
      const [k, v] = at === -1 ? [p, ''] : [p.slice(0, at), p.slice(at + 1)];
      return [decodeURIComponent(k.replace(/\+/g, ' ')), decodeURIComponent(v.replace(/\+/g, ' '))] as [string, string];
    })
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
  const names = signedList.split(';');
  if (!names.includes('host') || !names.includes('x-sdk-date')) return 'host and x-sdk-date must be signed';
  const headerLines = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim()}\n`).join('');
  const canonical = [req.method, path.endsWith('/') ? path : `${path}/`, query, headerLines, signedList, createHash('sha256').update(req.body).digest('hex')].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${date}\n${createHash('sha256').update(canonical).digest('hex')}`;
  return createHmac('sha256', secret).update(toSign).digest('hex') === signature ? null : 'signature mismatch';
}

let server: LoopbackServer;
const refusals: string[] = [];

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const why = verify(req, new Map([[AK, SK]]));
    if (why !== null) {
      refusals.push(why);
      sendJson(res, 401, { error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail', request_id: 'r1' });
      return;
    }
    if (req.url.includes('/jobs/')) {
      sendJson(res, 200, { job_id: JOB, job_type: 'createServer', status: 'SUCCESS', begin_time: '2024-05-16T00:00:00.000Z', end_time: '2024-05-16T00:01:00.000Z', entities: {} });
    } else {
      sendJson(res, 200, { echo: req.body });
    }
  });
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
  refusals.length = 0;
});

describe('a verifying server', () => {
  it('accepts the ECS client signed by createAkSkAuth (X-Project-Id sent and signed)', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createAkSkAuth({ accessKey: AK, secretKey: SK, projectId: PROJECT })] });
    const { data, response } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: PROJECT, job_id: JOB } } });
    expect(refusals).toEqual([]);
    expect(response.status).toBe(200);
    expect(data?.status).toBe('SUCCESS');
    const sent = server.requests[0]!;
    expect(sent.headers['x-project-id']).toBe(PROJECT);
    expect(String(sent.headers.authorization)).toMatch(/^SDK-HMAC-SHA256 Access=AKVERIFY000000000000, SignedHeaders=host;x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$/);
  });

  it('accepts the DCS client too, and refuses a wrong secret key with 401 APIG.0301', async () => {
    const good = createDcsClient({ baseUrl: server.url, middleware: [createAkSkAuth({ accessKey: AK, secretKey: SK, projectId: PROJECT })] });
    const ok = await good.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: PROJECT, job_id: JOB } } });
    expect(ok.response.status).toBe(200);

    const bad = createDcsClient({ baseUrl: server.url, middleware: [createAkSkAuth({ accessKey: AK, secretKey: `${SK}x`, projectId: PROJECT })] });
    const refused = await bad.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: PROJECT, job_id: JOB } } });
    expect(refused.response.status).toBe(401);
    expect(refused.error).toMatchObject({ error_code: 'APIG.0301' });
    expect(refusals).toEqual(['signature mismatch']);
  });

  it('accepts temporary credentials: X-Security-Token sent and signed', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createAkSkAuth({ accessKey: AK, secretKey: SK, securityToken: 'temp-security-token' })] });
    const { response } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: PROJECT, job_id: JOB } } });
    expect(refusals).toEqual([]);
    expect(response.status).toBe(200);
    expect(server.requests[0]!.headers['x-security-token']).toBe('temp-security-token');
    expect(String(server.requests[0]!.headers.authorization)).toContain('SignedHeaders=host;x-sdk-date;x-security-token,');
  });

  it('refuses a request whose signed header is changed after signing', async () => {
    const tamper: Middleware = {
      onRequest({ request }) {
        request.headers.set('X-Project-Id', 'someone-elses-project');
        return request;
      },
    };
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createAkSkAuth({ accessKey: AK, secretKey: SK, projectId: PROJECT }), tamper] });
    const { response } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: PROJECT, job_id: JOB } } });
    expect(response.status).toBe(401);
    expect(refusals).toEqual(['signature mismatch']);
  });

  it('accepts unicode path segments, repeated unsorted query keys and a JSON body', async () => {
    const client = createClient<any>({ baseUrl: server.url });
    client.use(createAkSkAuth({ accessKey: AK, secretKey: SK, projectId: PROJECT }));
    const get = await client.GET('/v1/{project_id}/things/{name}', {
      params: { path: { project_id: PROJECT, name: "jöb 名'(1)" }, query: { z: 'last', a: ['2', '1', 'x y'], m: "it's" } },
    });
    expect(get.response.status).toBe(200);
    const post = await client.POST('/v1/{project_id}/actions', { params: { path: { project_id: PROJECT } }, body: { name: 'ünï', list: [1, 2] } });
    expect(post.response.status).toBe(200);
    expect(post.data).toEqual({ echo: '{"name":"ünï","list":[1,2]}' });
    expect(refusals).toEqual([]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/v1/${PROJECT}/things/j%C3%B6b%20%E5%90%8D'(1)?z=last&a=2&a=1&a=x%20y&m=it%27s`,
      `/v1/${PROJECT}/actions`,
    ]);
  });

  it('temporary credentials from the environment: HUAWEICLOUD_SDK_SECURITY_TOKEN is sent, signed, and verifies', async () => {
    const auth = resolveAuthFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'env-security-token-0123', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT });
    expect(auth.describe()).toContain('HUAWEICLOUD_SDK_SECURITY_TOKEN');
    expect(auth.describe()).not.toContain('env-security-token-0123');
    const jobs = createJobs({ baseUrl: server.url, projectId: PROJECT, auth: auth.middleware });
    const job = await jobs.get('ecs', { jobId: JOB });
    expect(job.state).toBe('succeeded');
    expect(refusals).toEqual([]);
    const sent = server.requests[0]!;
    expect(sent.headers['x-security-token']).toBe('env-security-token-0123');
    expect(String(sent.headers.authorization)).toContain('SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,');
  });

  it('accepts the middleware resolveAuthFromEnv builds from HUAWEICLOUD_SDK_AK / _SK / _PROJECT_ID', async () => {
    const auth = resolveAuthFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT });
    expect(auth.method).toBe('aksk');
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [auth.middleware] });
    const { response } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: auth.projectId!, job_id: JOB } } });
    expect(response.status).toBe(200);
    expect(server.requests[0]!.headers['x-project-id']).toBe(PROJECT);
  });
});

describe('the simulator with credentials', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ credentials: { [AK]: SK }, seed: 11 });
  });
  afterAll(() => sim.close());

  it('createJobs with AK/SK auth reads a job of every service', async () => {
    const jobs = createJobs({ baseUrl: sim.url, projectId: PROJECT, auth: createAkSkAuth({ accessKey: AK, secretKey: SK, projectId: PROJECT, domainId: 'd0' }) });
    for (const service of SERVICE_NAMES) {
      const { id, refFields } = sim.createJob({ service, durationMs: 1000 });
      const job = await jobs.get(service, { ...refFields, jobId: id } as never);
      expect(job.service).toBe(service);
      expect(job.id).toBe(id);
    }
  });

  it('a wrong secret key is refused by the simulator', async () => {
    const { id } = sim.createJob({ service: 'ecs' });
    const jobs = createJobs({ baseUrl: sim.url, projectId: PROJECT, auth: createAkSkAuth({ accessKey: AK, secretKey: 'not-the-secret', projectId: PROJECT }) });
    await expect(jobs.get('ecs', { jobId: id })).rejects.toMatchObject({ name: 'ApiError', status: 401, code: 'APIG.0301' });
  });
});

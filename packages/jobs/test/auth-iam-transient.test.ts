// A wait through createJobs with createIamAuth, over real HTTP: IAM that fails once for a reason
// that heals (503, 429, a reset connection, no answer) is retried with backoff within the deadline;
// IAM that refuses the credentials (401) ends the wait at once, and is not asked again.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../../test-utils/loopbackServer.js';
import { IamAuthError, classifyError, createIamAuth, createIamTokenProvider, createJobs } from '../src/index.js';

const PROJECT = '0123456789abcdef0123456789abcdef';
const JOB = 'ff8080818822bbf70188235afc24141a';
const TOKEN = 'transient-test-issued-token-0123456789';

type Answer = (req: RecordedRequest, res: ServerResponse) => void;
const issue: Answer = (_req, res) => sendJson(res, 201, { token: { expires_at: '2099-01-01T00:00:00.000000Z', issued_at: '2098-12-31T00:00:00.000000Z' } }, { 'X-Subject-Token': TOKEN });
/** The answers IAM gives, one per request; once used up, it issues tokens. */
let script: Answer[] = [];

let iam: LoopbackServer;
let service: LoopbackServer;
beforeAll(async () => {
  iam = await startLoopbackServer((req, res) => (script.shift() ?? issue)(req, res));
  service = await startLoopbackServer((req, res) => {
    if (req.headers['x-auth-token'] !== TOKEN) {
      sendJson(res, 401, { error_code: 'APIG.0307', error_msg: 'The token must be updated.' });
      return;
    }
    sendJson(res, 200, { job_id: JOB, job_type: 'createServer', status: 'SUCCESS', begin_time: '2024-05-16T00:00:00.000Z', end_time: '2024-05-16T00:01:00.000Z', entities: {} });
  });
});
afterAll(async () => {
  await iam.close();
  await service.close();
});
afterEach(() => {
  script = [];
  iam.requests.length = 0;
  service.requests.length = 0;
});

function jobsWith(timeoutMs = 30_000) {
  const provider = createIamTokenProvider({ authUrl: iam.url, username: 'alice', password: 'transient-Passw0rd', domainName: 'acme', projectName: 'eu-de', timeoutMs });
  return createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createIamAuth(provider) });
}

const fast = { minDelayMs: 20, maxDelayMs: 50, timeoutMs: 10_000 };

describe('transient IAM failures are retried by the wait', () => {
  it('IAM 503 once, then 201: the wait succeeds', async () => {
    script = [(_req, res) => sendJson(res, 503, { error_msg: 'Service Unavailable' })];
    const job = await jobsWith().wait('ecs', { jobId: JOB }, fast);
    expect(job.state).toBe('succeeded');
    expect(iam.requests).toHaveLength(2);
  });

  it('IAM 429 with Retry-After once, then 201: the wait succeeds', async () => {
    script = [(_req, res) => sendJson(res, 429, { error_msg: 'Too Many Requests' }, { 'Retry-After': '0' })];
    const job = await jobsWith().wait('ecs', { jobId: JOB }, fast);
    expect(job.state).toBe('succeeded');
    expect(iam.requests).toHaveLength(2);
  });

  it('IAM resets the connection once, then 201: the wait succeeds', async () => {
    script = [(_req, res) => res.socket?.destroy()];
    const job = await jobsWith().wait('ecs', { jobId: JOB }, fast);
    expect(job.state).toBe('succeeded');
    expect(iam.requests).toHaveLength(2);
  });

  it('IAM does not answer once (the token request times out), then 201: the wait succeeds', async () => {
    script = [() => undefined]; // never answers; the provider's timeout ends it
    const job = await jobsWith(300).wait('ecs', { jobId: JOB }, fast);
    expect(job.state).toBe('succeeded');
    expect(iam.requests).toHaveLength(2);
  });

  it('the classification: transient IamAuthError is retried, a refusal is fatal', () => {
    const context = { jobSeen: false, elapsedMs: 0, notFoundGraceMs: 0 };
    expect(classifyError(new IamAuthError(503, 'down'), context)).toMatchObject({ kind: 'transient', retry: true });
    expect(classifyError(new IamAuthError(429, 'slow', undefined, { retryAfterMs: 1500 }), context)).toEqual({ kind: 'throttled', retry: true, retryAfterMs: 1500 });
    expect(classifyError(new IamAuthError(0, 'unreachable'), context)).toMatchObject({ kind: 'transient', retry: true });
    for (const status of [400, 401, 403, 404, 501, 505, 307]) expect(classifyError(new IamAuthError(status, 'no'), context).retry, String(status)).toBe(false);
  });
});

describe('refused credentials stay permanent', () => {
  it('IAM 401: the wait fails at once with the IamAuthError; IAM is asked once, the service never', async () => {
    script = [(_req, res) => sendJson(res, 401, { error_msg: 'The username or password is wrong.', error_code: 'IAM.01502' })];
    const started = Date.now();
    const error = await jobsWith()
      .wait('ecs', { jobId: JOB }, fast)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(IamAuthError);
    expect(error).toMatchObject({ status: 401, code: 'IAM.01502', transient: false });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(iam.requests).toHaveLength(1);
    expect(service.requests).toEqual([]);
  });
});

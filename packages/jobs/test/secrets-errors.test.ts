// No secret in any error the library builds, whatever a server echoes, over real HTTP on loopback:
// a service that repeats the credentials it received (and the secret key it shares) in a 401 body,
// in an HTML gateway page cut mid-secret, in a job's fail_reason; an IAM that repeats the password.
// Each secret is looked for in every form (verbatim, JSON-escaped, percent-encoded, its first 6
// characters) in message, stack, body, util.inspect and JSON.stringify of the error, through
// createJobs get and wait with a static token, IAM tokens and AK/SK (with a security token).
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../../test-utils/loopbackServer.js';
import { createAkSkAuth, createIamAuth, createIamTokenProvider, createJobs, createTokenAuth, type Jobs } from '../src/index.js';

// Each starts with its own 6 characters, so a leaked prefix is recognizable.
const STATIC = 'Zs1!st static "tok\\en"/with  two spaces+';
const STATIC_AUTH = 'Zs2!au token-auth "x"\\y  z';
const ISSUED = 'Zi3-is issued "token"\\with  spaces';
const PASSWORD = 'Zp4 pa ss "word"\\  two  spaces/é&<b>';
const SK = 'Zk5-se cret\\key"/+=  x';
const SECURITY = 'Zt6-se curity "tok"\\  en';
const SECRETS = { STATIC, STATIC_AUTH, ISSUED, PASSWORD, SK, SECURITY };

const PROJECT = '0123456789abcdef0123456789abcdef';

function formsOf(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), secret.replace(/\s+/g, ' '), secret.slice(0, 6)];
}

/** Every rendering of an error a user or a logger might produce, its cause chain included. */
function renderings(error: unknown): string {
  const parts = [inspect(error, { depth: Infinity, showHidden: true }), JSON.stringify(error) ?? '', String(error)];
  let at: unknown = error;
  for (let i = 0; at instanceof Error && i < 6; i++, at = at.cause) {
    parts.push(at.message, at.stack ?? '', JSON.stringify((at as { body?: unknown }).body) ?? '', inspect(at, { depth: Infinity }));
  }
  return parts.join('\n');
}

function leaks(error: unknown): string[] {
  const text = renderings(error);
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const form of formsOf(secret)) if (text.includes(form)) found.push(`${name} as ${JSON.stringify(form)}`);
  }
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** What the service received that a careless server would repeat. */
function echoed(req: RecordedRequest): string[] {
  const got = [req.headers['x-auth-token'], req.headers['x-security-token']].filter((v): v is string => typeof v === 'string');
  // With AK/SK, the (careless) server also repeats the secret key it shares with the client.
  return String(req.headers.authorization ?? '').startsWith('SDK-HMAC-SHA256') ? [...got, SK] : got;
}

function job(res: ServerResponse, id: string, failReason: string): void {
  sendJson(res, 200, {
    job_id: id,
    job_type: 'createServer',
    status: 'FAIL',
    begin_time: '2024-05-16T00:00:00.000Z',
    end_time: '2024-05-16T00:01:00.000Z',
    error_code: 'Ecs.0013',
    fail_reason: failReason,
    entities: { sub_jobs: [{ job_id: `${id}-1`, status: 'FAIL', fail_reason: failReason, error_code: 'Ecs.0013', entities: {} }] },
  });
}

let service: LoopbackServer;
let iam: LoopbackServer;

beforeAll(async () => {
  service = await startLoopbackServer((req, res) => {
    const secrets = echoed(req);
    const all = secrets.join(' | ');
    if (req.url.includes('/jobs/echo-401')) {
      sendJson(res, 401, {
        error_code: 'APIG.0301',
        error_msg: `Incorrect IAM authentication information: ${all}`,
        received: secrets,
        link: `https://console.example/login?t=${encodeURIComponent(all)}`,
      });
    } else if (req.url.includes('/jobs/echo-html')) {
      // A gateway page whose title is cut by the library's 300-character limit in the middle of a secret.
      const page = `<html><head><title>${'G'.repeat(285)} ${secrets[0]}</title></head><body><p>${secrets.map((s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')).join('  ')}</p></body></html>`;
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    } else if (req.url.includes('/jobs/echo-text')) {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end(`denied:   ${secrets.join('\n\n')}  `);
    } else {
      job(res, 'failed-job', `credentials ${all} were refused; see ${encodeURIComponent(all)}`);
    }
  });
  iam = await startLoopbackServer((req, res) => {
    const body = JSON.parse(req.body) as { auth: { identity: { password?: { user: { name: string } } } } };
    const user = body.auth.identity.password?.user.name;
    if (user === 'echo-text') {
      // Plain text, the password after 190 characters (the message cut is 200) and with its white space intact.
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`${'e'.repeat(190)} ${PASSWORD} is wrong`);
    } else if (user === 'echo-escaped') {
      // Not quite JSON: the password JSON-escaped in text that does not parse.
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(`{"error": "bad password ${JSON.stringify(PASSWORD).slice(1, -1)}"`);
    } else if (user === 'echo-truncated') {
      // IAM cut its own echo: only the start of the password comes back.
      sendJson(res, 400, { error_msg: `password ${PASSWORD.slice(0, 12)}` });
    } else {
      sendJson(res, 201, { token: { expires_at: '2099-01-01T00:00:00.000000Z' } }, { 'X-Subject-Token': ISSUED });
    }
  });
});
afterAll(async () => {
  await service.close();
  await iam.close();
});

const iamProvider = (username = 'alice') =>
  createIamTokenProvider({ authUrl: iam.url, username, password: PASSWORD, domainName: 'acme', projectName: 'eu-de', refusalCooldownMs: 0 });

const setups: Record<string, () => Jobs> = {
  'a static token (createJobs token)': () => createJobs({ baseUrl: service.url, projectId: PROJECT, token: STATIC }),
  'a static token (createTokenAuth)': () => createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createTokenAuth(STATIC_AUTH) }),
  'IAM tokens (createIamAuth)': () => createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createIamAuth(iamProvider()) }),
  'AK/SK with a security token': () =>
    createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createAkSkAuth({ accessKey: 'AKECHO00000000', secretKey: SK, securityToken: SECURITY, projectId: PROJECT }) }),
};

// The deadline is generous for the waits that end at once (IAM adds a round trip on a loaded machine).
const fast = { minDelayMs: 10, maxDelayMs: 20, timeoutMs: 1_500, notFoundGraceMs: 0 };

for (const [name, setup] of Object.entries(setups)) {
  describe(`with ${name}`, () => {
    it('get: a 401 body that echoes the credentials', async () => {
      const error = await rejection(setup().get('ecs', { jobId: 'echo-401' }));
      expect(error).toMatchObject({ name: 'ApiError', status: 401, code: 'APIG.0301' });
      expect((error as Error).message).toContain('[REDACTED]');
      expect(leaks(error)).toEqual([]);
    });

    it('get: an HTML gateway page cut mid-secret, and a text body with white space to collapse', async () => {
      const html = await rejection(setup().get('ecs', { jobId: 'echo-html' }));
      expect(html).toMatchObject({ name: 'ApiError', status: 502 });
      expect(leaks(html)).toEqual([]);
      const text = await rejection(setup().get('ecs', { jobId: 'echo-text' }));
      expect(text).toMatchObject({ name: 'ApiError', status: 403 });
      expect(leaks(text)).toEqual([]);
    });

    it("get: a failed job's fail_reason is redacted in job.error", async () => {
      const job = await setup().get('ecs', { jobId: 'failed-job' });
      expect(job.state).toBe('failed');
      expect(leaks(new Error(JSON.stringify({ error: job.error, subtasks: job.subtasks.map((s) => s.error) })))).toEqual([]);
    });

    it('wait: the 401 fails at once without a secret; the failed job gives a JobFailedError without one', async () => {
      const refused = await rejection(setup().wait('ecs', { jobId: 'echo-401' }, fast));
      expect(refused).toMatchObject({ name: 'ApiError', status: 401 });
      expect(leaks(refused)).toEqual([]);
      const failed = await rejection(setup().wait('ecs', { jobId: 'failed-job' }, fast));
      expect(failed).toMatchObject({ name: 'JobFailedError' });
      expect((failed as { job: { state: string } }).job.state).toBe('failed');
      expect(leaks(failed)).toEqual([]);
    });

    it('wait: a gateway page until the deadline gives a WaitTimeoutError whose cause holds no secret', async () => {
      const error = await rejection(setup().wait('ecs', { jobId: 'echo-html' }, { ...fast, maxConsecutiveErrors: 1000 }));
      expect(error).toMatchObject({ name: 'WaitTimeoutError' });
      expect((error as Error).cause).toMatchObject({ name: 'ApiError', status: 502 });
      expect(leaks(error)).toEqual([]);
    });
  });
}

describe('a network error that repeats the token', () => {
  it("a proxying fetch's error (and its cause chain) holds no secret in the ApiError", async () => {
    // A user's proxy layer that sends the request for real, then fails mentioning the header it saw.
    const proxy = async (request: Request): Promise<Response> => {
      const response = await fetch(request);
      await response.body?.cancel();
      throw new TypeError(`proxy: upstream closed for X-Auth-Token ${request.headers.get('x-auth-token')}`, {
        cause: Object.assign(new Error(`socket hang up (${request.headers.get('x-auth-token')})`), { code: 'ECONNRESET' }),
      });
    };
    const jobs = createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createTokenAuth(STATIC_AUTH), fetch: proxy });
    const error = await rejection(jobs.get('ecs', { jobId: 'failed-job' }));
    expect(error).toMatchObject({ name: 'ApiError', status: 0 });
    expect((error as Error).message).toContain('[REDACTED]');
    expect(((error as Error).cause as { code?: string }).code).toBeUndefined(); // the TypeError has none
    expect((((error as Error).cause as Error).cause as { code?: string }).code).toBe('ECONNRESET');
    expect(leaks(error)).toEqual([]);
  });
});

describe('IAM that repeats the password', () => {
  for (const username of ['echo-text', 'echo-escaped', 'echo-truncated']) {
    it(`${username}: the IamAuthError (through get and wait) holds no form of it, nor its start`, async () => {
      const jobs = createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createIamAuth(iamProvider(username)) });
      const viaGet = await rejection(jobs.get('ecs', { jobId: 'failed-job' }));
      expect(viaGet).toMatchObject({ name: 'IamAuthError', transient: false });
      expect(leaks(viaGet)).toEqual([]);
      const viaWait = await rejection(jobs.wait('ecs', { jobId: 'failed-job' }, fast));
      expect(viaWait).toMatchObject({ name: 'IamAuthError' });
      expect(leaks(viaWait)).toEqual([]);
    });
  }
});

// The IAM token request at the edges, over real HTTP on loopback: a redirect is never followed (the
// password body must not reach a second origin on 127.0.0.2), the request is bounded in time
// (headers and body) and in size, and IDs and keys bound for headers are checked at construction.
import { inspect } from 'node:util';
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../../test-utils/loopbackServer.js';
import { AuthConfigError, IamAuthError, createIamAuth, createIamTokenProvider, createJobs, type IamTokenProviderOptions } from '../src/index.js';

const PASSWORD = 'edge-Passw0rd-never-elsewhere';
const PROJECT = '0123456789abcdef0123456789abcdef';
const JOB = 'ff8080818822bbf70188235afc24141a';

/** How the IAM on 127.0.0.1 answers the next token request. */
let answer: (req: RecordedRequest, res: ServerResponse) => void = (_req, res) => sendJson(res, 201, {}, { 'X-Subject-Token': 'unused' });

let iam: LoopbackServer;
/** A second origin: whatever it receives would be a credential leaving IAM's origin. */
let recorder: LoopbackServer;

beforeAll(async () => {
  recorder = await startLoopbackServer((_req, res) => sendJson(res, 201, { token: { expires_at: '2099-01-01T00:00:00Z' } }, { 'X-Subject-Token': 'token-from-elsewhere' }), '127.0.0.2');
  iam = await startLoopbackServer((req, res) => answer(req, res));
});
afterAll(async () => {
  await iam.close();
  await recorder.close();
});
afterEach(() => {
  iam.requests.length = 0;
  recorder.requests.length = 0;
});

const provider = (extra: Partial<IamTokenProviderOptions> = {}) =>
  createIamTokenProvider({ authUrl: iam.url, username: 'alice', password: PASSWORD, domainName: 'acme', projectName: 'eu-de', refusalCooldownMs: 0, ...extra });

async function rejection(promise: Promise<unknown>): Promise<IamAuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IamAuthError);
  return error as IamAuthError;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the IAM token request never follows a redirect', () => {
  for (const status of [301, 302, 307, 308]) {
    it(`HTTP ${status} to another origin: a permanent IamAuthError naming the status and the origin; nothing reaches it`, async () => {
      answer = (_req, res) => {
        res.writeHead(status, { Location: `${recorder.url}/v3/auth/tokens?nocatalog=true&next=secret-path-part` });
        res.end();
      };
      const error = await rejection(provider().getToken());
      await pause(50); // a followed redirect would have arrived by now
      expect(recorder.requests).toEqual([]);
      expect(iam.requests).toHaveLength(1);
      expect(error.status).toBe(status);
      expect(error.transient).toBe(false);
      expect(error.targetOrigin).toBe(recorder.url);
      expect(error.message).toContain(String(status));
      expect(error.message).toContain(recorder.url);
      expect(`${error.message} ${inspect(error)}`).not.toContain('secret-path-part');
      expect(inspect(error)).not.toContain(PASSWORD);
    });
  }

  it('a same-origin redirect is not followed either, and a wait through it fails at once', async () => {
    answer = (_req, res) => {
      res.writeHead(307, { Location: '/elsewhere/v3/auth/tokens' });
      res.end();
    };
    const service = await startLoopbackServer((_req, res) => sendJson(res, 200, { job_id: JOB, status: 'RUNNING' }));
    try {
      const jobs = createJobs({ baseUrl: service.url, projectId: PROJECT, auth: createIamAuth(provider()) });
      const started = Date.now();
      const error = await rejection(jobs.wait('ecs', { jobId: JOB }, { minDelayMs: 10, maxDelayMs: 20, timeoutMs: 5_000 }));
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toMatchObject({ status: 307, transient: false, targetOrigin: iam.url });
      expect(iam.requests).toHaveLength(1);
      expect(service.requests).toEqual([]);
    } finally {
      await service.close();
    }
  });

  it('an answer that came through a redirect anyway (a custom fetch that follows) is refused', async () => {
    answer = (_req, res) => sendJson(res, 201, {}, { 'X-Subject-Token': 'must-not-be-used' });
    const following = async (request: Request): Promise<Response> => {
      const response = await fetch(request.url, { method: 'POST', body: await request.text() });
      return Object.defineProperty(response, 'redirected', { value: true });
    };
    const error = await rejection(provider({ fetch: following }).getToken());
    expect(error).toMatchObject({ status: 0, transient: false });
    expect(error.message).toMatch(/redirect/);
  });
});

describe('the IAM token request is bounded', () => {
  it('in time, headers and body together: a body that trickles ends in a transient IamAuthError (status 0)', async () => {
    const timers: NodeJS.Timeout[] = [];
    answer = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'X-Subject-Token': 'token-with-a-slow-body' });
      res.write('{"token":{');
      const timer = setInterval(() => res.write(' '), 50);
      timers.push(timer);
      res.on('close', () => clearInterval(timer));
    };
    try {
      const started = Date.now();
      const error = await rejection(provider({ timeoutMs: 400 }).getToken());
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toMatchObject({ status: 0, transient: true });
      expect(error.message).toContain('no answer within 400 ms');
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it('in size: an endless body stops at maxResponseBytes with a permanent IamAuthError', async () => {
    let sent = 0;
    answer = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'X-Subject-Token': 'token-with-a-huge-body' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed && sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.write('{"token":');
      pump();
    };
    const error = await rejection(provider({ maxResponseBytes: 256 * 1024 }).getToken());
    expect(error).toMatchObject({ status: 201, transient: false });
    expect(error.message).toContain('more than 262144 bytes');
    await pause(100);
    expect(sent).toBeLessThan(16 * 1024 * 1024); // the connection was dropped, not read to the end
  });

  it('the default cap is 1 MiB (a 2 MiB answer with Content-Length is refused unread)', async () => {
    answer = (_req, res) => {
      const body = `{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`;
      res.writeHead(201, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'X-Subject-Token': 'big' });
      res.end(body);
    };
    const error = await rejection(provider().getToken());
    expect(error.message).toContain('more than 1048576 bytes');
    expect(iam.requests[0]!.url).toBe('/v3/auth/tokens?nocatalog=true'); // tokens are asked without the catalog
  });

  it('refuses timeoutMs and maxResponseBytes that cannot work', () => {
    expect(() => provider({ timeoutMs: -1 })).toThrow(AuthConfigError);
    expect(() => provider({ maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
    expect(() => provider({ timeoutMs: Infinity })).not.toThrow();
  });
});

describe('values bound for headers are checked at construction, named, never shown', () => {
  const bad = ['x\r\nX-Evil: 1', 'nul\u0000byte', 'lf\nonly', 'wide\u0100char', 'emoji\u{1F600}'];
  for (const value of bad) {
    it(`IAM provider projectId / domainId / accessKey / secretKey ${JSON.stringify(value)}`, () => {
      const cases: [string, Partial<IamTokenProviderOptions>][] = [
        ['projectId', { projectId: `p${value}`, projectName: undefined }],
        ['domainId', { domainId: `d${value}`, domainName: undefined }],
      ];
      for (const [option, extra] of cases) {
        const error = (() => {
          try {
            provider(extra);
          } catch (e) {
            return e;
          }
          return undefined;
        })();
        expect(error, option).toBeInstanceOf(AuthConfigError);
        expect((error as Error).message).toContain(option);
        expect((error as Error).message).not.toContain(value);
      }
      const keys = () => createIamTokenProvider({ authUrl: iam.url, accessKey: `AK${value}`, secretKey: 'sk-value-ok', projectName: 'eu-de' });
      expect(keys).toThrow(/accessKey holds characters a header cannot carry/);
      const secret = () => createIamTokenProvider({ authUrl: iam.url, accessKey: 'AKOK', secretKey: `SK${value}`, projectName: 'eu-de' });
      expect(secret).toThrow(/secretKey holds characters a header cannot carry/);
      expect(iam.requests).toEqual([]);
    });
  }
});

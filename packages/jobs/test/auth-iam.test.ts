// IAM tokens over real HTTP on 127.0.0.1: a fake IAM (`POST /v3/auth/tokens`, token in
// X-Subject-Token, expiry in the body) and a fake service that accepts only live tokens. Covers the
// request IAM receives, caching, refresh ahead of expiry, clock skew, one request for N concurrent
// callers, 401 -> one retry with a fresh token, typed IAM errors, and the environment's password method.
import { createEcsClient } from '@cloud-jobs/ecs';
import createClient from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../../test-utils/loopbackServer.js';
import {
  AuthConfigError,
  IamAuthError,
  createIamAuth,
  createIamTokenProvider,
  signRequest,
  type IamTokenProviderOptions,
} from '../src/index.js';
import { resolveAuthFromEnv } from '../src/env.js';

const PASSWORD = 'iam-test-Passw0rd!';
const PROJECT = '0123456789abcdef0123456789abcdef';
const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);
const HOUR = 3_600_000;

interface IamAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The fake IAM's behaviour, reset before each test. */
const iam = {
  count: 0,
  /** Token lifetime IAM reports (expires_at - issued_at). */
  lifetimeMs: 24 * HOUR,
  /** IAM's own clock for issued_at (may differ from the client's). */
  serverNow: () => T0,
  /** Answers to give instead of a token, one per request. */
  failures: [] as IamAnswer[],
  /** While set, IAM answers only after it resolves. */
  hold: undefined as Promise<void> | undefined,
  /** Leave `expires_at` out of the body. */
  noExpiry: false,
};
/** Tokens the fake service accepts. Every token IAM issues is added. */
const live = new Set<string>();
/** Paths the fake service refuses whatever the token (to test "retry once"). */
let alwaysRefuse = false;

let server: LoopbackServer;
const iamRequests = (): RecordedRequest[] => server.requests.filter((r) => r.url.startsWith('/v3/auth/tokens') || r.url.includes('/auth/tokens'));
const serviceRequests = (): RecordedRequest[] => server.requests.filter((r) => !r.url.includes('/auth/tokens'));

function issue(req: RecordedRequest): IamAnswer {
  const body = JSON.parse(req.body) as { auth: { identity: { methods: string[]; password?: { user: { name: string; password: string; domain: { name?: string } } } }; scope: Record<string, unknown> } };
  const user = body.auth.identity.password?.user;
  if (body.auth.identity.methods[0] === 'password' && (user?.name !== 'alice' || user.password !== PASSWORD || user.domain.name !== 'acme')) {
    return { status: 401, body: { error_msg: 'The username or password is wrong.', error_code: 'IAM.01502' } };
  }
  const value = `tok-${iam.count}-${'x'.repeat(40)}`;
  live.add(value);
  const issued = iam.serverNow();
  const scope = body.auth.scope;
  return {
    status: 201,
    headers: { 'X-Subject-Token': value },
    body: {
      token: {
        methods: body.auth.identity.methods,
        issued_at: new Date(issued).toISOString().replace('Z', '000Z'),
        ...(iam.noExpiry ? {} : { expires_at: new Date(issued + iam.lifetimeMs).toISOString().replace('Z', '000Z') }),
        ...('project' in scope ? { project: { id: PROJECT, name: 'eu-de', domain: { id: 'domain-id-1' } } } : { domain: { id: 'domain-id-1', name: 'acme' } }),
        user: { name: 'alice', domain: { id: 'domain-id-1', name: 'acme' } },
      },
    },
  };
}

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    if (req.url.includes('/auth/tokens')) {
      iam.count += 1;
      if (iam.hold) await iam.hold;
      const answer = iam.failures.shift() ?? issue(req);
      sendJson(res, answer.status, answer.body, answer.headers ?? {});
      return;
    }
    const token = String(req.headers['x-auth-token'] ?? '');
    if (alwaysRefuse || !live.has(token)) {
      sendJson(res, 401, { error_code: 'APIG.0307', error_msg: 'The token must be updated.', request_id: 'r' });
      return;
    }
    sendJson(res, 200, { job_id: 'j1', status: 'RUNNING', entities: {}, token_used: token.slice(0, 5), body: req.body });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  Object.assign(iam, { count: 0, lifetimeMs: 24 * HOUR, serverNow: () => T0, failures: [], hold: undefined, noExpiry: false });
  live.clear();
  alwaysRefuse = false;
  server.requests.length = 0;
});

let now = T0;
afterEach(() => {
  now = T0;
});

function provider(extra: Partial<IamTokenProviderOptions> = {}) {
  return createIamTokenProvider({
    authUrl: `${server.url}/v3`,
    username: 'alice',
    password: PASSWORD,
    domainName: 'acme',
    projectName: 'eu-de',
    clock: () => now,
    ...extra,
  });
}

const waitFor = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('createIamTokenProvider', () => {
  it('POSTs the password identity and project scope to {authUrl}/v3/auth/tokens and reads X-Subject-Token', async () => {
    const p = provider();
    const token = await p.getToken();
    expect(token).toBe(`tok-1-${'x'.repeat(40)}`);
    const [request] = iamRequests();
    expect(request!.method).toBe('POST');
    expect(request!.url).toBe('/v3/auth/tokens?nocatalog=true');
    expect(request!.headers['content-type']).toBe('application/json;charset=utf8');
    expect(JSON.parse(request!.body)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', password: PASSWORD, domain: { name: 'acme' } } } },
        scope: { project: { name: 'eu-de' } },
      },
    });
    expect(p.expiresAt?.getTime()).toBe(T0 + 24 * HOUR);
    expect(p.projectId).toBe(PROJECT);
    expect(p.domainId).toBe('domain-id-1');
  });

  it('accepts authUrl with or without /v3 and a trailing slash; project ID or domain scope', async () => {
    await provider({ authUrl: server.url }).getToken();
    await provider({ authUrl: `${server.url}/v3/` }).getToken();
    await provider({ authUrl: `${server.url}/v3/auth/tokens`, projectName: undefined, projectId: PROJECT }).getToken();
    await provider({ projectName: undefined, domainScoped: true }).getToken();
    const requests = iamRequests();
    expect(requests.map((r) => r.url)).toEqual(Array(4).fill('/v3/auth/tokens?nocatalog=true'));
    expect(JSON.parse(requests[2]!.body).auth.scope).toEqual({ project: { id: PROJECT } });
    expect(JSON.parse(requests[3]!.body).auth.scope).toEqual({ domain: { name: 'acme' } });
  });

  it('caches the token and refreshes it refreshMarginMs before it expires', async () => {
    const p = provider({ refreshMarginMs: 10 * 60_000 });
    const first = await p.getToken();
    now = T0 + 24 * HOUR - 11 * 60_000;
    expect(await p.getToken()).toBe(first);
    expect(iam.count).toBe(1);
    now = T0 + 24 * HOUR - 9 * 60_000;
    const second = await p.getToken();
    expect(second).not.toBe(first);
    expect(iam.count).toBe(2);
    expect(p.expiresAt?.getTime()).toBe(now + 24 * HOUR);
  });

  it('counts the lifetime on its own clock when IAM’s clock is off, and refreshes at half life at the latest', async () => {
    iam.serverNow = () => Date.UTC(2020, 0, 1); // IAM thinks it is 2020
    iam.lifetimeMs = 10 * 60_000; // a short-lived token, shorter than twice the margin
    const p = provider({ refreshMarginMs: 10 * 60_000 });
    const first = await p.getToken();
    expect(p.expiresAt?.getTime()).toBe(T0 + 10 * 60_000);
    now = T0 + 4 * 60_000;
    expect(await p.getToken()).toBe(first);
    now = T0 + 5 * 60_000;
    expect(await p.getToken()).not.toBe(first);
    expect(iam.count).toBe(2);
  });

  it('assumes a one-hour life when the body has no expires_at', async () => {
    iam.noExpiry = true;
    const p = provider();
    await p.getToken();
    expect(p.expiresAt?.getTime()).toBe(T0 + HOUR);
  });

  it('N concurrent callers share exactly one token request', async () => {
    let release!: () => void;
    iam.hold = new Promise<void>((resolve) => (release = resolve));
    const p = provider();
    const pending = Array.from({ length: 25 }, () => p.getToken());
    await waitFor(() => iam.count === 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(iam.count).toBe(1);
    release();
    const tokens = await Promise.all(pending);
    expect(new Set(tokens).size).toBe(1);
    expect(iamRequests()).toHaveLength(1);
  });

  it('an aborted caller stops waiting; the shared request goes on for the others', async () => {
    let release!: () => void;
    iam.hold = new Promise<void>((resolve) => (release = resolve));
    const p = provider();
    const controller = new AbortController();
    const aborted = p.getToken({ signal: controller.signal });
    const other = p.getToken();
    await waitFor(() => iam.count === 1);
    controller.abort(new Error('user gave up'));
    await expect(aborted).rejects.toThrow('user gave up');
    release();
    expect(await other).toMatch(/^tok-1-/);
    expect(iam.count).toBe(1);
  });

  it('keeps using the current token when a refresh ahead of expiry fails, until it expires', async () => {
    const p = provider({ refreshMarginMs: 10 * 60_000 });
    const first = await p.getToken();
    iam.failures = [
      { status: 503, body: { error_msg: 'busy', error_code: 'IAM.0001' } },
      { status: 503, body: { error_msg: 'busy', error_code: 'IAM.0001' } },
    ];
    now = T0 + 24 * HOUR - 5 * 60_000;
    expect(await p.getToken()).toBe(first);
    now = T0 + 24 * HOUR + 1;
    const error = await p.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IamAuthError);
    expect(error).toMatchObject({ status: 503, code: 'IAM.0001' });
  });

  it('a wrong password is a typed IamAuthError with IAM’s status, code and message, and no password', async () => {
    const error = await provider({ password: 'wrong-password-123' })
      .getToken()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IamAuthError);
    expect(error).toMatchObject({ name: 'IamAuthError', status: 401, code: 'IAM.01502' });
    const { message, stack } = error as IamAuthError;
    expect(message).toBe('IAM refused the token request (HTTP 401 IAM.01502): The username or password is wrong.');
    expect(`${message}${stack}${JSON.stringify(error)}`).not.toContain('wrong-password-123');
  });

  it('does not ask IAM again with refused credentials for refusalCooldownMs (no account lockout)', async () => {
    const p = provider({ password: 'wrong-password-123', refusalCooldownMs: 60_000 });
    const first = await p.getToken().catch((e: unknown) => e);
    const again = await p.getToken().catch((e: unknown) => e);
    expect(again).toBe(first);
    expect(iam.count).toBe(1);
    now = T0 + 60_000;
    await expect(p.getToken()).rejects.toBeInstanceOf(IamAuthError);
    expect(iam.count).toBe(2);
    p.invalidate(); // the user fixed something: ask at once
    await expect(p.getToken()).rejects.toBeInstanceOf(IamAuthError);
    expect(iam.count).toBe(3);
    // A server error is not a refusal: the next call asks again.
    iam.failures = [{ status: 500, body: {} }];
    const flaky = provider();
    await expect(flaky.getToken()).rejects.toMatchObject({ status: 500 });
    expect(await flaky.getToken()).toMatch(/^tok-/);
  });

  it('reads Keystone-style error bodies too', async () => {
    iam.failures = [{ status: 401, body: { error: { code: 401, message: 'The request you have made requires authentication.', title: 'Unauthorized' } } }];
    await expect(provider().getToken()).rejects.toMatchObject({ status: 401, code: '401', message: expect.stringContaining('requires authentication') });
  });

  it('IAM out of reach is IamAuthError status 0; a success without X-Subject-Token is an IamAuthError', async () => {
    const gone = await startLoopbackServer(() => undefined);
    const url = gone.url;
    await gone.close();
    await expect(provider({ authUrl: url }).getToken()).rejects.toMatchObject({ name: 'IamAuthError', status: 0, message: expect.stringContaining('could not be reached') });

    iam.failures = [{ status: 201, body: { token: { expires_at: '2030-01-01T00:00:00Z' } } }];
    await expect(provider().getToken()).rejects.toMatchObject({ name: 'IamAuthError', status: 201, message: expect.stringContaining('X-Subject-Token') });
  });

  it('gives up after timeoutMs', async () => {
    iam.hold = new Promise<void>(() => undefined); // never answers
    const pending = provider({ timeoutMs: 300 }).getToken();
    await waitFor(() => iam.count === 1); // (the request must not reach the server during the next test)
    await expect(pending).rejects.toMatchObject({ status: 0, message: expect.stringContaining('no answer within 300 ms') });
  });

  it('signs the AK/SK token request; the body carries the access key only', async () => {
    const p = provider({ username: undefined, password: undefined, domainName: undefined, accessKey: 'AKIAM0000000', secretKey: 'SKIAM-very-secret' });
    await p.getToken();
    const [request] = iamRequests();
    expect(JSON.parse(request!.body)).toEqual({
      auth: { identity: { methods: ['hw_ak_sk'], hw_ak_sk: { access: { key: 'AKIAM0000000' } } }, scope: { project: { name: 'eu-de' } } },
    });
    expect(request!.body).not.toContain('SKIAM-very-secret');
    // Recompute the signature over what the server received.
    const signedNames = /SignedHeaders=([^,]+),/.exec(String(request!.headers.authorization))![1]!.split(';');
    expect(signedNames).toEqual(['host', 'x-sdk-date']);
    const expected = signRequest({
      method: 'POST',
      url: `${server.url}${request!.url}`,
      headers: { host: String(request!.headers.host), 'x-sdk-date': String(request!.headers['x-sdk-date']) },
      body: request!.body,
      accessKey: 'AKIAM0000000',
      secretKey: 'SKIAM-very-secret',
    });
    expect(request!.headers.authorization).toBe(expected.authorization);
    expect(request!.headers['x-sdk-date']).toBe('20260101T080000Z');
  });

  it('refuses incomplete or unsafe settings with AuthConfigError', () => {
    expect(() => provider({ authUrl: 'http://iam.example.com/v3' })).toThrow(AuthConfigError);
    expect(() => provider({ authUrl: 'https://user:pw@iam.example.com/v3' })).toThrow(/must not carry credentials/);
    expect(() => provider({ password: undefined })).toThrow(expect.objectContaining({ missing: ['password'] }));
    expect(() => provider({ domainName: undefined })).toThrow(expect.objectContaining({ missing: ['domainName'] }));
    expect(() => provider({ projectName: undefined })).toThrow(/projectId, projectName, or domainScoped/);
    expect(() => provider({ accessKey: 'AK', secretKey: 'SK' })).toThrow(/not both/);
    expect(() => provider({ username: undefined, password: undefined, accessKey: 'AK' })).toThrow(expect.objectContaining({ missing: ['secretKey'] }));
    expect(() => provider({ refreshMarginMs: -1 })).toThrow(/refreshMarginMs/);
  });
});

describe('createIamAuth', () => {
  const ecsPath = '/v1/{project_id}/jobs/{job_id}' as const;
  const params = { params: { path: { project_id: PROJECT, job_id: 'j1' } } };

  it('sets X-Auth-Token; concurrent requests of a fresh client make one token request', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider())] });
    const results = await Promise.all(Array.from({ length: 10 }, () => ecs.GET(ecsPath, params)));
    expect(results.map((r) => r.response.status)).toEqual(Array(10).fill(200));
    expect(iam.count).toBe(1);
    expect(new Set(serviceRequests().map((r) => r.headers['x-auth-token'])).size).toBe(1);
  });

  it('on a 401 invalidates the token and retries once with a fresh one', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider())] });
    expect((await ecs.GET(ecsPath, params)).response.status).toBe(200);
    live.clear(); // IAM revoked every token (password changed)
    const { data, response } = await ecs.GET(ecsPath, params);
    expect(response.status).toBe(200);
    expect(data?.status).toBe('RUNNING');
    expect(iam.count).toBe(2);
    expect(serviceRequests().map((r) => String(r.headers['x-auth-token']).slice(0, 5))).toEqual(['tok-1', 'tok-1', 'tok-2']);
  });

  it('retries only once: a second 401 is returned as is', async () => {
    alwaysRefuse = true;
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider())] });
    const { error, response } = await ecs.GET(ecsPath, params);
    expect(response.status).toBe(401);
    expect(error).toMatchObject({ error_code: 'APIG.0307' });
    expect(serviceRequests()).toHaveLength(2);
    expect(iam.count).toBe(2);
  });

  it('does not retry when disabled', async () => {
    alwaysRefuse = true;
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider(), { retryOn401: false })] });
    expect((await ecs.GET(ecsPath, params)).response.status).toBe(401);
    expect(serviceRequests()).toHaveLength(1);
  });

  it('concurrent 401s share one refresh', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider())] });
    await ecs.GET(ecsPath, params);
    live.clear();
    const results = await Promise.all([ecs.GET(ecsPath, params), ecs.GET(ecsPath, params), ecs.GET(ecsPath, params)]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    expect(iam.count).toBe(2);
  });

  it('replays the body of a POST on the retry, through the client’s own fetch', async () => {
    const fetched: string[] = [];
    const client = createClient<any>({
      baseUrl: server.url,
      fetch: (request: Request) => {
        fetched.push(request.method);
        return fetch(request);
      },
    });
    client.use(createIamAuth(provider()));
    await client.GET('/v1/x/jobs/j1', {});
    live.clear();
    const { data, response } = await client.POST('/v1/x/actions', { body: { action: 'reboot', ids: [1, 2] } });
    expect(response.status).toBe(200);
    expect((data as { body: string }).body).toBe('{"action":"reboot","ids":[1,2]}');
    const posts = serviceRequests().filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.body)).toEqual(['{"action":"reboot","ids":[1,2]}', '{"action":"reboot","ids":[1,2]}']);
    expect(fetched).toEqual(['GET', 'POST', 'POST']);
  });

  it('IAM errors reach the caller as IamAuthError', async () => {
    const ecs = createEcsClient({ baseUrl: server.url, middleware: [createIamAuth(provider({ password: 'nope-nope' }))] });
    await expect(ecs.GET(ecsPath, params)).rejects.toBeInstanceOf(IamAuthError);
  });

  it('refuses a provider without getToken/invalidate', () => {
    expect(() => createIamAuth({} as never)).toThrow(AuthConfigError);
  });
});

describe('resolveAuthFromEnv: the password method end to end', () => {
  const env = {
    OS_AUTH_URL: '', // set in the test: the fake IAM
    OS_USERNAME: 'alice',
    OS_PASSWORD: PASSWORD,
    OS_USER_DOMAIN_NAME: 'acme',
    OS_PROJECT_NAME: 'eu-de_jobs',
    OS_PROJECT_ID: '',
  };

  it('gets a project-scoped token for project services and a domain-scoped one for the diagnosis API', async () => {
    const auth = resolveAuthFromEnv({ ...env, OS_AUTH_URL: `${server.url}/v3` });
    expect(auth.method).toBe('iam-password');
    expect(auth.region).toBe('eu-de'); // from OS_PROJECT_NAME
    expect(iam.count).toBe(0); // nothing is fetched before the first request
    const client = createClient<any>({ baseUrl: server.url });
    client.use(auth.middleware);
    expect((await client.GET('/v1/p/jobs/j1', {})).response.status).toBe(200);
    expect((await client.GET('/v2.0/servicerequest/diagnose/job', { params: { query: { job_id: '1' } } })).response.status).toBe(200);
    expect((await client.GET('/v1/p/jobs/j2', {})).response.status).toBe(200);
    const scopes = iamRequests().map((r) => JSON.parse(r.body).auth.scope);
    expect(scopes).toEqual([{ project: { name: 'eu-de_jobs' } }, { domain: { name: 'acme' } }]);
    const tokens = serviceRequests().map((r) => String(r.headers['x-auth-token']).slice(0, 5));
    expect(tokens).toEqual(['tok-1', 'tok-2', 'tok-1']);
  });

  it('scopes to OS_PROJECT_ID when set', async () => {
    const auth = resolveAuthFromEnv({ ...env, OS_AUTH_URL: `${server.url}/v3`, OS_PROJECT_ID: PROJECT });
    expect(auth.projectId).toBe(PROJECT);
    const client = createClient<any>({ baseUrl: server.url });
    client.use(auth.middleware);
    await client.GET('/v1/p/jobs/j1', {});
    expect(JSON.parse(iamRequests()[0]!.body).auth.scope).toEqual({ project: { id: PROJECT } });
  });
});

// Secrets never leak: every object and error the auth area makes (middleware, providers, resolved
// environments, clients, errors, signing results) is rendered every way a user might print it
// (util.inspect with and without custom inspection, JSON.stringify, String, message, stack) and
// scanned for the secret values; console output during the flows is scanned too.
import { createEcsClient } from '@cloud-jobs/ecs';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import {
  AuthConfigError,
  IamAuthError,
  createAkSkAuth,
  createIamAuth,
  createIamTokenProvider,
  createJobs,
  createTokenAuth,
  signRequest,
} from '../src/index.js';
import { resolveAuthFromEnv } from '../src/env.js';

const SK = 'SK-LEAK-secret-0123456789';
const PASSWORD = 'LeakPassw0rd!xyz';
const STATIC_TOKEN = 'static-token-LEAK-abcdef';
const ISSUED_TOKEN = 'iam-issued-token-LEAK-0123456789';
const SECURITY_TOKEN = 'security-token-LEAK-987654';
const SECRETS = [SK, PASSWORD, STATIC_TOKEN, ISSUED_TOKEN, SECURITY_TOKEN];

/** Every rendering of `value` a user or a logger might produce. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value, { depth: Infinity, showHidden: true }),
    inspect(value, { depth: Infinity, showHidden: true, customInspect: false }),
    JSON.stringify(value) ?? '',
    String(value),
  ];
  if (value instanceof Error) {
    out.push(value.message, value.stack ?? '');
    let cause: unknown = value.cause;
    while (cause !== undefined) {
      out.push(inspect(cause, { depth: Infinity }), String(cause));
      cause = cause instanceof Error ? cause.cause : undefined;
    }
  }
  return out;
}

/** The secrets found in any rendering of any of the values, with where. */
function leaks(values: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    for (const text of renderings(value)) {
      for (const secret of SECRETS) if (text.includes(secret)) found.push(`${name} shows ${secret}`);
    }
  }
  return [...new Set(found)];
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    if (req.url.includes('/auth/tokens')) {
      const body = JSON.parse(req.body) as { auth: { identity: { password?: { user: { name: string } } } } };
      if (body.auth.identity.password?.user.name === 'echo') {
        // A careless IAM that repeats the password back, in the message and the code.
        sendJson(res, 401, { error_msg: `password ${PASSWORD} is wrong`, error_code: `IAM.${PASSWORD}` });
        return;
      }
      sendJson(res, 201, { token: { expires_at: '2099-01-01T00:00:00.000000Z' } }, { 'X-Subject-Token': ISSUED_TOKEN });
      return;
    }
    // The service refuses everything.
    sendJson(res, 401, { error_code: 'APIG.0307', error_msg: 'The token must be updated.', request_id: 'r' });
  });
});
afterAll(() => server.close());

describe('no secret in anything the auth area makes', () => {
  it('the scanner itself finds a planted secret (the test can fail)', () => {
    expect(leaks({ planted: { nested: [{ key: SK }] } })).toEqual([`planted shows ${SK}`]);
    expect(leaks({ error: new Error('boom', { cause: new Error(PASSWORD) }) })).toEqual([`error shows ${PASSWORD}`]);
    expect(leaks({ unredacted: { onRequest: () => undefined, token: STATIC_TOKEN } })).toContain(`unredacted shows ${STATIC_TOKEN}`);
  });

  it('middleware, providers, resolved environments, clients, signing results and errors', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map((a) => inspect(a)).join(' '))),
    );
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(((...args: unknown[]) => void logged.push(args.map((a) => inspect(a)).join(' '))) as never);
    try {
      const tokenAuth = createTokenAuth(STATIC_TOKEN);
      const akskAuth = createAkSkAuth({ accessKey: 'AKLEAK000000', secretKey: SK, projectId: 'p', domainId: 'd', securityToken: SECURITY_TOKEN });
      const provider = createIamTokenProvider({ authUrl: server.url, username: 'alice', password: PASSWORD, domainName: 'acme', projectName: 'eu-de' });
      const before = leaks({ provider });
      expect(await provider.getToken()).toBe(ISSUED_TOKEN); // now it holds the token
      const iamAuth = createIamAuth(provider);
      const akskProvider = createIamTokenProvider({ authUrl: server.url, accessKey: 'AKLEAK000000', secretKey: SK, domainScoped: true, domainId: 'd' });
      await akskProvider.getToken();

      const envAksk = resolveAuthFromEnv({ HUAWEICLOUD_SDK_AK: 'AKLEAK000000', HUAWEICLOUD_SDK_SK: SK, OS_PASSWORD: PASSWORD, OS_AUTH_TOKEN: STATIC_TOKEN });
      const envPassword = resolveAuthFromEnv({ OS_AUTH_URL: server.url, OS_USERNAME: 'alice', OS_PASSWORD: PASSWORD, OS_USER_DOMAIN_NAME: 'acme', OS_PROJECT_NAME: 'eu-de' });
      const envToken = resolveAuthFromEnv({ OS_AUTH_TOKEN: STATIC_TOKEN, HUAWEICLOUD_SDK_SK: SK });

      const signed = signRequest({ method: 'GET', url: 'https://h/p', accessKey: 'AKLEAK000000', secretKey: SK, headers: { 'X-Security-Token': SECURITY_TOKEN }, date: 0 });
      const { authorization, signature, signedHeaders, sdkDate, canonicalRequest, stringToSign } = signed;

      const ecs = createEcsClient({ baseUrl: server.url, token: STATIC_TOKEN, middleware: [tokenAuth, akskAuth, iamAuth] });
      const jobs = createJobs({ baseUrl: server.url, projectId: 'p', auth: [iamAuth] });

      const errors = {
        missingUsername: thrown(() => resolveAuthFromEnv({ OS_AUTH_URL: 'https://iam.eu-de.otc.t-systems.com/v3', OS_PASSWORD: PASSWORD })),
        missingAk: thrown(() => resolveAuthFromEnv({ HUAWEICLOUD_SDK_SK: SK })),
        badToken: thrown(() => createTokenAuth(`${STATIC_TOKEN}\r\nX-Evil: 1`)),
        badAuthUrl: thrown(() => createIamTokenProvider({ authUrl: `https://alice:${PASSWORD}@iam.example.com`, username: 'alice', password: PASSWORD, domainName: 'acme', projectName: 'x' })),
        badSdkDate: thrown(() => signRequest({ method: 'GET', url: 'https://h/', accessKey: 'AK', secretKey: SK, headers: { 'X-Sdk-Date': SK } })),
        echoedPassword: await caught(createIamTokenProvider({ authUrl: server.url, username: 'echo', password: PASSWORD, domainName: 'acme', projectName: 'x' }).getToken()),
        unreachable: await caught(
          createIamTokenProvider({ authUrl: 'https://127.0.0.1:1', username: 'alice', password: PASSWORD, domainName: 'acme', projectName: 'x' }).getToken(),
        ),
        customFetchFailure: await caught(
          createIamTokenProvider({
            authUrl: server.url,
            accessKey: 'AK',
            secretKey: SK,
            projectName: 'x',
            fetch: async () => {
              throw new Error(`proxy refused a request signed with ${SK}`);
            },
          }).getToken(),
        ),
        serviceRefusal: await caught(jobs.get('ecs', { jobId: 'ff8080818822bbf70188235afc24141a' })),
      };
      expect(errors.missingUsername).toBeInstanceOf(AuthConfigError);
      expect(errors.missingAk).toBeInstanceOf(AuthConfigError);
      expect(errors.badToken).toBeInstanceOf(AuthConfigError);
      expect(errors.badAuthUrl).toBeInstanceOf(AuthConfigError);
      expect(errors.echoedPassword).toBeInstanceOf(IamAuthError);
      expect((errors.echoedPassword as IamAuthError).message).toBe('IAM refused the token request (HTTP 401 IAM.[REDACTED]): password [REDACTED] is wrong');
      expect(errors.unreachable).toMatchObject({ name: 'IamAuthError', status: 0 });
      expect((errors.customFetchFailure as Error).message).toContain('proxy refused a request signed with [REDACTED]');

      expect(before).toEqual([]);
      const all = {
        tokenAuth,
        akskAuth,
        provider,
        iamAuth,
        akskProvider,
        envAksk,
        envPassword,
        envToken,
        authorization,
        signature,
        signedHeaders,
        sdkDate,
        canonicalRequest,
        stringToSign,
        signed,
        ecs,
        jobs,
        ...errors,
      };
      expect(leaks(all)).toEqual([]);
      expect(canonicalRequest).toContain('x-security-token:[REDACTED]\n');
      expect(inspect(tokenAuth)).toBe("TokenAuth { token: '[REDACTED]' }");
      expect(JSON.parse(JSON.stringify(akskAuth))).toEqual({ type: 'AkSkAuth', accessKey: 'AKLE…', secretKey: '[REDACTED]', projectId: 'p', domainId: 'd', securityToken: '[REDACTED]' });
      expect(JSON.parse(JSON.stringify(provider))).toMatchObject({ type: 'IamTokenProvider', token: '[REDACTED]', expiresAt: '2099-01-01T00:00:00.000Z' });
      expect(envPassword.describe()).not.toContain(PASSWORD);
      expect(logged.filter((line) => SECRETS.some((s) => line.includes(s)))).toEqual([]);
    } finally {
      for (const spy of spies) spy.mockRestore();
      warn.mockRestore();
    }
  });
});

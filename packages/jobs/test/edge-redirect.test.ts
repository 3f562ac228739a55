// Credentials stay at their origin: a redirect to another origin ends in RedirectRefusedError,
// through createJobs get and wait, for every service and every way of authenticating, and the
// other origin (127.0.0.2) receives nothing. A same-origin redirect is followed.
import type { Middleware } from 'openapi-fetch';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue } from '../../../test-utils/spec.js';
import {
  ApiError,
  RedirectRefusedError,
  SERVICE_NAMES,
  createAkSkAuth,
  createJobs,
  findService,
  createTokenAuth,
  type CreateJobsOptions,
  type ServiceName,
} from '../src/index.js';

const TOKEN = 'redirect-secret-token-5d1e';
const SECURITY_TOKEN = 'redirect-security-token-9c2b';
/** The name of each spec's example of a finished job: 'Succeeded' unless the spec calls it otherwise (so a new service needs no line here). */
const SUCCESS_EXAMPLE: Partial<Record<ServiceName, string>> = { osm: 'Completed' };

let server: LoopbackServer;
let recorder: LoopbackServer;
/** How the first origin answers, per test. */
let redirect: { status: number; to: 'other' | 'same' } = { status: 302, to: 'other' };

beforeAll(async () => {
  recorder = await startLoopbackServer((_req, res) => sendJson(res, 200, exampleValue('ecs', '200', 'Succeeded')), '127.0.0.2');
  server = await startLoopbackServer((req, res) => {
    const service = req.url.split('/')[1] as ServiceName;
    const rest = req.url.slice(service.length + 1);
    if (rest.startsWith('/moved')) {
      sendJson(res, 200, exampleValue(service, '200', SUCCESS_EXAMPLE[service] ?? 'Succeeded'));
      return;
    }
    const target = redirect.to === 'other' ? `${recorder.url}${rest}?credential=in-location` : `/${service}/moved${rest}`;
    res.writeHead(redirect.status, { location: target });
    res.end('moved');
  });
});
afterAll(async () => {
  await server.close();
  await recorder.close();
});
afterEach(() => {
  server.requests.length = 0;
  recorder.requests.length = 0;
});

/** Every service under its own path prefix of the first origin. */
function baseUrls(): Partial<Record<ServiceName, string>> {
  return Object.fromEntries(SERVICE_NAMES.map((s) => [s, `${server.url}/${s}`]));
}

const AUTHS: [string, Partial<CreateJobsOptions>][] = [
  ['a static token', { token: TOKEN }],
  ['createTokenAuth', { auth: createTokenAuth(TOKEN) }],
  ['createAkSkAuth with a security token', { auth: createAkSkAuth({ accessKey: 'AKREDIRECT', secretKey: 'sk-redirect-secret', securityToken: SECURITY_TOKEN }) }],
];

describe('a redirect to another origin', () => {
  it.each([301, 302, 307, 308])('%i: get rejects with RedirectRefusedError naming the status and target origin only', async (status) => {
    redirect = { status, to: 'other' };
    const jobs = createJobs({ baseUrls: baseUrls(), token: TOKEN, projectId: 'p' });
    const error = await jobs.get('ecs', { jobId: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status, targetOrigin: recorder.url, configuredOrigin: server.url });
    const text = `${String(error)} ${JSON.stringify(error)}`;
    expect(text).not.toContain('in-location');
    expect(text).not.toContain(TOKEN);
    expect(recorder.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it.each(AUTHS)('with %s, for every service: get and wait stop at once, the other origin sees nothing', async (_how, auth) => {
    redirect = { status: 307, to: 'other' };
    const jobs = createJobs({ baseUrls: baseUrls(), projectId: 'p', ...auth });
    for (const service of SERVICE_NAMES) {
      // A value for each of the reference's own fields (a descriptor's refFields), none for most services.
      const ref = { jobId: 'j', ...Object.fromEntries((findService(service)?.refFields ?? []).map((f) => [f.name, 'x1'])) } as never;
      await expect(jobs.get(service, ref)).rejects.toBeInstanceOf(RedirectRefusedError);
      server.requests.length = 0;
      const started = Date.now();
      await expect(jobs.wait(service, ref, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(RedirectRefusedError);
      expect(server.requests).toHaveLength(1); // not retried
      expect(Date.now() - started).toBeLessThan(1_500); // no backoff sleep before failing
      server.requests.length = 0;
    }
    expect(recorder.requests).toHaveLength(0);
  });

  it('applies to a custom fetch as well', async () => {
    redirect = { status: 302, to: 'other' };
    const seen: Request['redirect'][] = [];
    const jobs = createJobs({
      baseUrls: baseUrls(),
      token: TOKEN,
      projectId: 'p',
      fetch: (request) => {
        seen.push(request.redirect);
        return fetch(request);
      },
    });
    await expect(jobs.get('dcs', { jobId: 'j' })).rejects.toBeInstanceOf(RedirectRefusedError);
    expect(seen).toEqual(['manual']);
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('a same-origin redirect', () => {
  it('is followed for the job read, with the same credentials', async () => {
    redirect = { status: 301, to: 'same' };
    const headerSetter: Middleware = {
      onRequest({ request }) {
        request.headers.set('X-Trace', 'kept');
      },
    };
    const jobs = createJobs({ baseUrls: baseUrls(), token: TOKEN, projectId: 'p', middleware: [headerSetter] });
    const job = await jobs.get('ecs', { jobId: 'j' });
    expect(job.state).toBe('succeeded');
    expect(server.requests.map((r) => r.url)).toEqual(['/ecs/v1/p/jobs/j', '/ecs/moved/v1/p/jobs/j']);
    expect(server.requests[1]!.headers['x-auth-token']).toBe(TOKEN);
    expect(server.requests[1]!.headers['x-trace']).toBe('kept');
    const waited = await jobs.wait('osm', { jobId: 'j' });
    expect(waited.state).toBe('succeeded');
  });
});

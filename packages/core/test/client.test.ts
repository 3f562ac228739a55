// The shared client runtime on its own, through createServiceClient and a loopback server: endpoint
// lookup, base-URL rules, the safe path serializer, the checked options.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import {
  CLIENT_DEFAULTS,
  ClientConfigError,
  ConfigError,
  InvalidPathParameterError,
  assertSafeBaseUrl,
  createServiceClient,
  isLoopbackHost,
  resolveEndpoint,
  withRequestTimeout,
  type Endpoint,
} from '../src/index.js';

/** A one-operation API, as openapi-typescript would describe it. */
interface Paths {
  '/v1/{project_id}/jobs/{job_id}': {
    parameters: { query?: never; header?: never; path: { project_id: string; job_id: string }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { project_id: string; job_id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { 'application/json': { status: string } } } };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}

const ENDPOINTS: readonly Endpoint[] = [
  { cloud: 'huaweicloud', region: 'ap-southeast-1', url: 'https://svc.ap-southeast-1.example' },
  { cloud: 'otc', region: 'eu-de', url: 'https://svc.eu-de.example' },
];
const PATH = '/v1/{project_id}/jobs/{job_id}';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => sendJson(res, 200, { status: 'RUNNING' }));
});
afterAll(() => server.close());

/** The error `fn` throws. */
function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('endpoints and base URLs', () => {
  it('picks the endpoint of a region on a cloud; huaweicloud by default', () => {
    expect(resolveEndpoint('svc', ENDPOINTS, 'eu-de', 'otc')).toBe('https://svc.eu-de.example');
    expect(resolveEndpoint('svc', ENDPOINTS, 'ap-southeast-1')).toBe('https://svc.ap-southeast-1.example');
  });

  it.each([
    [() => resolveEndpoint('svc', ENDPOINTS, 'eu-nl', 'otc'), 'region', /known regions: eu-de/],
    [() => resolveEndpoint('svc', ENDPOINTS, 'eu-de', 'aws' as never), 'cloud', /unknown cloud/],
    [() => resolveEndpoint('svc', ENDPOINTS.slice(0, 1), 'eu-de', 'otc'), 'cloud', /no known endpoint on otc/],
    [() => createServiceClient('svc', ENDPOINTS, {}), 'region', /needs baseUrl, or region/],
    [() => assertSafeBaseUrl('http://svc.example'), 'baseUrl', /must use https/],
    [() => assertSafeBaseUrl('https://user:pw@svc.example'), 'baseUrl', /credentials/],
    [() => assertSafeBaseUrl('not a url', 'endpoint'), 'endpoint', /not a valid URL/],
    [() => createServiceClient('svc', ENDPOINTS, { baseUrl: server.url, token: '' }), 'token', /must not be empty/],
    [() => createServiceClient('svc', ENDPOINTS, { baseUrl: server.url, headers: { 'X-A': 'a\r\nb' } }), 'headers.X-A', /cannot carry/],
    [() => createServiceClient('svc', ENDPOINTS, { baseUrl: server.url, maxResponseBytes: 0 }), 'maxResponseBytes', /whole number/],
    [() => withRequestTimeout(1.5), 'requestTimeoutMs', /whole number/],
  ] as const)('a bad option is a ClientConfigError naming it (%#)', (fn, field, message) => {
    const error = thrownBy(fn);
    expect(error).toBeInstanceOf(ClientConfigError);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ClientConfigError).field).toBe(field);
    expect((error as Error).message).toMatch(message);
  });

  it('plain http only to loopback hosts', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]', 'app.localhost']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['example.com', '128.0.0.1', 'localhost.example', '10.0.0.1']) expect(isLoopbackHost(host)).toBe(false);
    expect(assertSafeBaseUrl(`${server.url}/`)).toBe(server.url);
  });
});

describe('createServiceClient', () => {
  it('calls the server with the token, percent-encoding path values', async () => {
    const client = createServiceClient<Paths>('svc', ENDPOINTS, { baseUrl: server.url, token: 'core-client-token' });
    const { data, response } = await client.GET(PATH, { params: { path: { project_id: 'p', job_id: 'a/b' } } });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('RUNNING');
    const request = server.requests.at(-1);
    expect(request?.url).toBe('/v1/p/jobs/a%2Fb');
    expect(request?.headers['x-auth-token']).toBe('core-client-token');
  });

  it.each(['', '.', '..', '%2e%2E'])('refuses the path value %j before any request', async (jobId) => {
    const before = server.requests.length;
    const client = createServiceClient<Paths>('svc', ENDPOINTS, { baseUrl: server.url });
    const error: unknown = await client.GET(PATH, { params: { path: { project_id: 'p', job_id: jobId } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidPathParameterError);
    expect((error as InvalidPathParameterError).field).toBe('job_id');
    expect(server.requests.length).toBe(before);
  });

  it('has frozen defaults', () => {
    expect(CLIENT_DEFAULTS).toEqual({ requestTimeoutMs: 30_000, maxResponseBytes: 8 * 1024 * 1024, maxRedirects: 5 });
    expect(Object.isFrozen(CLIENT_DEFAULTS)).toBe(true);
  });
});

describe('admit', () => {
  it('is awaited before each request, outside its requestTimeoutMs; an abort while waiting rejects with the reason', async () => {
    const before = server.requests.length;
    let admitted = 0;
    // Admission takes longer than the request's whole budget: it must not count toward it.
    const admit = async (signal: AbortSignal): Promise<void> => {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 400);
        signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
      admitted += 1;
    };
    const client = createServiceClient<Paths>('svc', ENDPOINTS, { baseUrl: server.url, requestTimeoutMs: 200, admit });
    const { data } = await client.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    expect(data?.status).toBe('RUNNING');
    expect(admitted).toBe(1);
    expect(server.requests.length).toBe(before + 1);
    const stop = new AbortController();
    const pending = client.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' } }, signal: stop.signal }).catch((e: unknown) => e);
    setTimeout(() => stop.abort(new Error('caller stopped')), 50);
    expect(await pending).toMatchObject({ message: 'caller stopped' });
    expect(server.requests.length).toBe(before + 1); // never sent
  });

  it('must be a function', () => {
    const error = thrownBy(() => createServiceClient('svc', ENDPOINTS, { baseUrl: server.url, admit: 'yes' as never }));
    expect(error).toBeInstanceOf(ClientConfigError);
    expect((error as ClientConfigError).field).toBe('admit');
  });
});

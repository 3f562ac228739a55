// The client runtime at the edges: redirects, header values, time budget, body cap, lone surrogates.
// The runtime is @cloud-jobs/core's, shared by every client; this is its full test through a real client, over real HTTP.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Middleware } from 'openapi-fetch';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import {
  CLIENT_DEFAULTS,
  ClientConfigError,
  InvalidPathParameterError,
  RedirectRefusedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  withRequestTimeout,
} from '@cloud-jobs/core';
import { createEcsClient, type EcsClientOptions } from '../src/index.js';

const PATH = '/v1/{project_id}/jobs/{job_id}';
const TOKEN = 'token-ecs-edge-secret';
const JOB = { status: 'RUNNING', job_id: 'j', job_type: 'createServer', entities: {} };
const get = (options: EcsClientOptions, jobId = 'j') =>
  createEcsClient(options).GET(PATH, { params: { path: { project_id: 'p', job_id: jobId } } });

/** Answers with a handler chosen per test. */
let handle: (url: string, res: ServerResponse) => void | Promise<void>;
let server: LoopbackServer;
/** A second origin: must never receive anything. */
let recorder: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => handle(req.url, res));
  recorder = await startLoopbackServer((_req, res) => sendJson(res, 200, { ...JOB, status: 'SUCCESS' }), '127.0.0.2');
});
afterAll(async () => {
  await server.close();
  await recorder.close();
});
afterEach(() => {
  server.requests.length = 0;
  recorder.requests.length = 0;
});

describe('redirects', () => {
  const authHeaders: Middleware = {
    onRequest({ request }) {
      request.headers.set('Authorization', 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host, Signature=abc123');
      request.headers.set('X-Security-Token', 'security-token-secret');
    },
  };

  it.each([301, 302, 307, 308])('refuses a %i to another origin; the other origin receives nothing', async (status) => {
    handle = (_url, res) => {
      res.writeHead(status, { location: `${recorder.url}/v1/p/jobs/j?sig=location-secret` });
      res.end();
    };
    const call = get({ baseUrl: server.url, token: TOKEN, middleware: [authHeaders] });
    await expect(call).rejects.toBeInstanceOf(RedirectRefusedError);
    const error = (await call.catch((e: unknown) => e)) as RedirectRefusedError;
    expect(error).toMatchObject({ status, targetOrigin: recorder.url, configuredOrigin: server.url });
    expect(error.message).toContain(String(status));
    expect(error.message).toContain(recorder.url);
    expect(error.message).not.toContain('location-secret');
    expect(error.message).not.toContain(TOKEN);
    expect(recorder.requests).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('refuses another port of the same host, a missing Location and one with credentials', async () => {
    const otherPort = new URL(server.url);
    otherPort.port = String(Number(otherPort.port) + 1);
    for (const location of [otherPort.origin + '/x', undefined, server.url.replace('http://', 'http://u:p@') + '/x']) {
      handle = (_url, res) => {
        res.writeHead(302, location === undefined ? {} : { location });
        res.end();
      };
      const error = await get({ baseUrl: server.url, token: TOKEN }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectRefusedError);
      expect(String((error as Error).message)).not.toContain('u:p');
    }
  });

  it('follows a same-origin redirect for GET, sending the same headers again', async () => {
    handle = (url, res) => {
      if (url === '/v1/p/jobs/j') {
        res.writeHead(307, { location: '/moved/j' });
        res.end();
      } else sendJson(res, 200, { ...JOB, status: 'SUCCESS' });
    };
    const { data, response } = await get({ baseUrl: server.url, token: TOKEN, middleware: [authHeaders] });
    expect(response.status).toBe(200);
    expect(data?.status).toBe('SUCCESS');
    expect(server.requests.map((r) => r.url)).toEqual(['/v1/p/jobs/j', '/moved/j']);
    expect(server.requests[1]!.headers['x-auth-token']).toBe(TOKEN);
    expect(server.requests[1]!.headers['x-security-token']).toBe('security-token-secret');
  });

  it(`stops after ${CLIENT_DEFAULTS.maxRedirects} same-origin hops`, async () => {
    handle = (url, res) => {
      res.writeHead(302, { location: `${url}x` });
      res.end();
    };
    await expect(get({ baseUrl: server.url })).rejects.toThrow(/more than 5 redirects/);
    expect(server.requests).toHaveLength(CLIENT_DEFAULTS.maxRedirects + 1);
  });

  it('refuses a redirect of a POST even to the same origin', async () => {
    handle = (_url, res) => {
      res.writeHead(307, { location: '/elsewhere' });
      res.end();
    };
    const client = createEcsClient({ baseUrl: server.url, token: TOKEN });
    const call = (client as unknown as { POST(path: string, init: object): Promise<unknown> }).POST('/x', { body: { a: 1 } });
    await expect(call).rejects.toBeInstanceOf(RedirectRefusedError);
    expect(server.requests).toHaveLength(1);
  });

  it('applies to a custom fetch too (it receives redirect: manual)', async () => {
    handle = (_url, res) => {
      res.writeHead(301, { location: `${recorder.url}/x` });
      res.end();
    };
    const seen: Request['redirect'][] = [];
    const fetch = (request: Request) => {
      seen.push(request.redirect);
      return globalThis.fetch(request);
    };
    await expect(get({ baseUrl: server.url, token: TOKEN, fetch })).rejects.toBeInstanceOf(RedirectRefusedError);
    expect(seen).toEqual(['manual']);
    expect(recorder.requests).toHaveLength(0);
  });

  it("does not trust the answer of a custom fetch that followed a redirect to another origin itself", async () => {
    handle = (_url, res) => {
      res.writeHead(302, { location: `${recorder.url}/x` });
      res.end();
    };
    const following = (request: Request) => globalThis.fetch(new Request(request, { redirect: 'follow' }));
    const error = await get({ baseUrl: server.url, fetch: following }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(error).toMatchObject({ targetOrigin: recorder.url, configuredOrigin: server.url });
  });
});

describe('header values are checked when the client is built', () => {
  it.each([
    ['CR LF', `${TOKEN}\r\nX-Injected: 1`],
    ['NUL', `${TOKEN}\u0000`],
    ['a control character', `${TOKEN}\u001b[2J`],
    ['a character above U+00FF', `${TOKEN}\u2028`],
    ['a lone surrogate', `${TOKEN}\ud800`],
  ])('refuses a token with %s, naming the option and not the value', (_what, token) => {
    let error: unknown;
    try {
      createEcsClient({ baseUrl: server.url, token });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClientConfigError);
    expect(error).toMatchObject({ option: 'token' });
    expect(String(error) + JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('refuses a bad headers value as headers.<name>, and a bad header name', () => {
    expect(() => createEcsClient({ baseUrl: server.url, headers: { 'X-Foo': 'a\nb' } })).toThrow(
      expect.objectContaining({ name: 'ClientConfigError', option: 'headers.X-Foo' }),
    );
    expect(() => createEcsClient({ baseUrl: server.url, headers: { 'X Foo': 'a' } })).toThrow(expect.objectContaining({ option: 'headers' }));
    expect(() => createEcsClient({ baseUrl: server.url, headers: { 'X-Foo': 'tab\tand latin-1 é' }, token: 'ok' })).not.toThrow();
  });

  it('registers the token in the process-wide secret registry', () => {
    createEcsClient({ baseUrl: server.url, token: 'registered-token-value' });
    const registry = (globalThis as Record<symbol, unknown>)[Symbol.for('@cloud-jobs/secrets')] as Set<string>;
    expect(registry.has('registered-token-value')).toBe(true);
  });
});

describe('path and query values that cannot be encoded', () => {
  it('refuses a lone surrogate before any request', async () => {
    handle = (_url, res) => sendJson(res, 200, JOB);
    for (const jobId of ['\ud800', 'a\udc00b', 'x\ud83d']) {
      const call = get({ baseUrl: server.url }, jobId);
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    expect(server.requests).toHaveLength(0);
    await expect(get({ baseUrl: server.url }, 'emoji-\ud83d\ude00')).resolves.toMatchObject({ data: JOB });
  });
});

function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes `total` bytes of `chunk`-sized pieces, honouring backpressure; resolves with what was written before the client hung up. */
async function stream(res: ServerResponse, total: number, contentLength: boolean, status = 200): Promise<number> {
  res.writeHead(status, { 'content-type': 'application/json', ...(contentLength ? { 'content-length': String(total) } : {}) });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  while (written < total && !res.destroyed) {
    const ok = res.write(chunk);
    written += chunk.length;
    if (!ok) await drainedOrClosed(res);
  }
  res.end();
  return written;
}

describe('the body cap', () => {
  const TOTAL = 200 * 1024 * 1024;

  it.each([
    ['without Content-Length', false, 200],
    ['with Content-Length', true, 200],
    ['an error body without Content-Length', false, 500],
  ] as const)('stops reading a 200 MB body %s and closes the connection', async (_what, withLength, status) => {
    let written: Promise<number> = Promise.resolve(0);
    handle = (_url, res) => {
      written = stream(res, TOTAL, withLength, status);
    };
    const before = process.memoryUsage().rss;
    const call = get({ baseUrl: server.url, maxResponseBytes: 1024 * 1024 });
    await expect(call).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(call).rejects.toMatchObject({ limitBytes: 1024 * 1024 });
    expect(await written).toBeLessThan(TOTAL / 4);
    // Loose: the whole body would add 200 MB or more.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });

  it('defaults to 8 MiB', async () => {
    let written: Promise<number> = Promise.resolve(0);
    handle = (_url, res) => {
      written = stream(res, TOTAL, false);
    };
    await expect(get({ baseUrl: server.url })).rejects.toMatchObject({ name: 'ResponseTooLargeError', limitBytes: 8 * 1024 * 1024 });
    expect(await written).toBeLessThan(TOTAL / 4);
  });

  it('reads a body up to the cap', async () => {
    handle = (_url, res) => sendJson(res, 200, JOB);
    const size = JSON.stringify(JOB).length;
    await expect(get({ baseUrl: server.url, maxResponseBytes: size })).resolves.toMatchObject({ data: JOB });
    await expect(get({ baseUrl: server.url, maxResponseBytes: size - 1 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('the time budget', () => {
  it('fails a server that never answers with RequestTimeoutError', async () => {
    handle = () => undefined; // never answers
    const call = get({ baseUrl: server.url, requestTimeoutMs: 200 });
    await expect(call).rejects.toBeInstanceOf(RequestTimeoutError);
    await expect(call).rejects.toMatchObject({ timeoutMs: 200 });
  });

  it('counts the body: a server trickling bytes fails at the budget, and the connection is closed', async () => {
    let closed!: Promise<void>;
    handle = (_url, res) => {
      // Under load the budget can run out before this handler runs: the socket may be gone already.
      closed = new Promise((resolve) => (res.socket === null || res.socket.destroyed ? resolve() : res.once('close', () => resolve())));
      if (res.socket === null || res.socket.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 20);
      res.once('close', () => clearInterval(timer));
    };
    await expect(get({ baseUrl: server.url, requestTimeoutMs: 300 })).rejects.toBeInstanceOf(RequestTimeoutError);
    await closed;
  });

  it('counts a declared-length body too: a server that declares 1000 bytes and trickles them fails at the budget', async () => {
    handle = (_url, res) => {
      if (res.socket === null || res.socket.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{');
      const timer = setInterval(() => res.write(' '), 20);
      res.once('close', () => clearInterval(timer));
    };
    await expect(get({ baseUrl: server.url, requestTimeoutMs: 300 })).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('withRequestTimeout replaces the budget for one call; the caller signal aborts with its reason', async () => {
    handle = () => undefined;
    const client = createEcsClient({ baseUrl: server.url, requestTimeoutMs: 60_000 });
    const params = { path: { project_id: 'p', job_id: 'j' } };
    await expect(client.GET(PATH, { params, middleware: [withRequestTimeout(100)] })).rejects.toMatchObject({ name: 'RequestTimeoutError', timeoutMs: 100 });
    const reason = new Error('caller gave up');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 50);
    await expect(client.GET(PATH, { params, signal: controller.signal })).rejects.toBe(reason);
  });

  it('validates requestTimeoutMs and maxResponseBytes', () => {
    for (const bad of [0, -1, Number.NaN, 1.5, '100' as unknown as number]) {
      expect(() => createEcsClient({ baseUrl: server.url, requestTimeoutMs: bad })).toThrow(expect.objectContaining({ option: 'requestTimeoutMs' }));
      expect(() => createEcsClient({ baseUrl: server.url, maxResponseBytes: bad })).toThrow(expect.objectContaining({ option: 'maxResponseBytes' }));
    }
    expect(() => createEcsClient({ baseUrl: server.url, requestTimeoutMs: Infinity, maxResponseBytes: 1 })).not.toThrow();
    expect(() => withRequestTimeout(-5)).toThrow(ClientConfigError);
  });
});

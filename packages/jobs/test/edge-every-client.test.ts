// The client runtime's edges through every registered service's own client (the runtime is
// @cloud-jobs/core's; its full test over one client lives in @cloud-jobs/ecs): a redirect to another
// origin, the body cap, the time budget, header values, a lone surrogate. A new service is covered
// by registering it.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { loadSpec } from '../../../test-utils/spec.js';
import {
  ClientConfigError,
  InvalidPathParameterError,
  RedirectRefusedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  type ServiceClientOptions,
  type ServiceDescriptor,
} from '@cloud-jobs/core';
import { services } from '../src/index.js';

let handle: (res: ServerResponse) => void;
let server: LoopbackServer;
let recorder: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => handle(res));
  recorder = await startLoopbackServer((_req, res) => sendJson(res, 200, {}), '127.0.0.2');
});
afterAll(async () => {
  await server.close();
  await recorder.close();
});
afterEach(() => {
  server.requests.length = 0;
  recorder.requests.length = 0;
});

// Each descriptor reads its own client; seen together, the union of clients needs the generic view.
const all = services as readonly ServiceDescriptor[];

/**
 * What the spec calls the job ID (`job_id`, or a query parameter `id`, ...): the job operation's
 * first path or query parameter that is neither the project nor one of the reference's own fields.
 */
function jobIdParameter(service: ServiceDescriptor): string {
  const own = new Set((service.refFields ?? []).map((f) => f.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  const parameters = Object.values(loadSpec(service.name)['paths'] as Record<string, { get?: { parameters?: { name: string; in: string }[] } }>).flatMap((item) => item.get?.parameters ?? []);
  const found = parameters.find((p) => (p.in === 'path' || p.in === 'query') && p.name !== 'project_id' && !own.has(p.name));
  if (found === undefined) throw new Error(`specs/${service.name}/openapi.yaml: no job ID parameter`);
  return found.name;
}

/** A value for each of the reference's own fields. */
function refFieldValues(service: ServiceDescriptor): Record<string, string> {
  return Object.fromEntries((service.refFields ?? []).map((f) => [f.name, 'x1']));
}

describe.each(all.map((service) => [service.name, service] as const))('%s client at the edges', (name, service) => {
  const TOKEN = `token-${name}-edge-secret`;
  const get = (options: ServiceClientOptions, jobId = 'j') => service.readJob(service.createClient(options), { ...refFieldValues(service), jobId, projectId: 'p' }, {});

  it('refuses a redirect to another origin; the token never reaches it', async () => {
    handle = (res) => {
      res.writeHead(308, { location: `${recorder.url}/steal` });
      res.end();
    };
    const error = await get({ baseUrl: server.url, token: TOKEN }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectRefusedError);
    expect(error).toMatchObject({ status: 308, targetOrigin: recorder.url });
    expect(recorder.requests).toHaveLength(0);
  });

  it('stops an endless body at maxResponseBytes', async () => {
    handle = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!res.destroyed) {
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    };
    await expect(get({ baseUrl: server.url, maxResponseBytes: 100_000 })).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('fails a silent server at requestTimeoutMs', async () => {
    handle = () => undefined;
    await expect(get({ baseUrl: server.url, requestTimeoutMs: 150 })).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('refuses a token with CR/LF when built, and a job ID with a lone surrogate before any request', async () => {
    expect(() => service.createClient({ baseUrl: server.url, token: `${TOKEN}\r\n` })).toThrow(expect.objectContaining({ option: 'token' }));
    expect(() => service.createClient({ baseUrl: server.url, token: `${TOKEN}\r\n` })).toThrow(ClientConfigError);
    await expect(get({ baseUrl: server.url }, 'j\ud800')).rejects.toMatchObject({ name: 'InvalidPathParameterError', parameter: jobIdParameter(service) });
    await expect(get({ baseUrl: server.url }, 'j\ud800')).rejects.toBeInstanceOf(InvalidPathParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

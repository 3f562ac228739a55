// The client runtime's edges through this package's client (the runtime is @cloud-jobs/core's; its full test
// over a client lives in @cloud-jobs/ecs): a redirect to another origin, the body cap, the time budget, header values, a lone surrogate.
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import {
  ClientConfigError,
  InvalidPathParameterError,
  RedirectRefusedError,
  RequestTimeoutError,
  ResponseTooLargeError,
} from '@cloud-jobs/core';
import { createDcsClient, type DcsClientOptions } from '../src/index.js';

const TOKEN = 'token-dcs-edge-secret';
const get = (options: DcsClientOptions, jobId = 'j') => createDcsClient(options).GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: jobId } } });

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

describe('createDcsClient at the edges', () => {
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
    expect(() => createDcsClient({ baseUrl: server.url, token: `${TOKEN}\r\n` })).toThrow(expect.objectContaining({ option: 'token' }));
    expect(() => createDcsClient({ baseUrl: server.url, token: `${TOKEN}\r\n` })).toThrow(ClientConfigError);
    await expect(get({ baseUrl: server.url }, 'j\ud800')).rejects.toMatchObject({ name: 'InvalidPathParameterError', parameter: 'job_id' });
    await expect(get({ baseUrl: server.url }, 'j\ud800')).rejects.toBeInstanceOf(InvalidPathParameterError);
    expect(server.requests).toHaveLength(0);
  });
});

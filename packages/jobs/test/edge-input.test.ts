// What can never succeed fails at once, typed and before any request: header values that cannot
// be sent (createJobs token, headers, projectId) and job IDs that cannot be encoded (lone surrogates).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue } from '../../../test-utils/spec.js';
import { ApiError, ClientConfigError, InvalidPathParameterError, JobsConfigError, createJobs, type CreateJobsOptions } from '../src/index.js';

const TOKEN = 'input-secret-token-3b8f';
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => sendJson(res, 200, exampleValue('ecs', '200', 'Succeeded')));
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

function thrown(options: CreateJobsOptions): unknown {
  try {
    createJobs({ baseUrl: server.url, ...options });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('createJobs checks header values at once', () => {
  const BAD = [`${TOKEN}\r\nX-Injected: yes`, `${TOKEN}\n`, `${TOKEN}\u0000`, `${TOKEN}\u0100`, `${TOKEN}\udfff`];

  it.each(BAD.map((value) => [JSON.stringify(value), value]))('token %s: JobsConfigError naming token, never its value', (_label, token) => {
    const error = thrown({ token });
    expect(error).toBeInstanceOf(JobsConfigError);
    expect(error).toMatchObject({ field: 'token' });
    expect(`${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`).not.toContain(TOKEN);
  });

  it('headers values and a string projectId likewise', () => {
    expect(thrown({ headers: { 'X-Foo': `${TOKEN}\r\n` } })).toMatchObject({ name: 'JobsConfigError', field: 'headers.X-Foo' });
    expect(thrown({ projectId: 'proj\nect' })).toMatchObject({ name: 'JobsConfigError', field: 'projectId' });
    expect(thrown({ projectId: 'proj\u2028' })).toMatchObject({ name: 'JobsConfigError', field: 'projectId' });
    expect(String(thrown({ headers: { 'X-Foo': `${TOKEN}\r\n` } }))).not.toContain(TOKEN);
    expect(thrown({ token: TOKEN, headers: { 'X-Foo': 'tab\tok, latin-1 ü' }, projectId: 'p' })).toBeUndefined();
  });

  it('a header name that cannot be sent is a ClientConfigError; wait does not retry it', async () => {
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', headers: { 'Bad Name': 'x' } });
    await expect(jobs.get('ecs', { jobId: 'j' })).rejects.toMatchObject({ name: 'ClientConfigError', option: 'headers' });
    await expect(jobs.wait('ecs', { jobId: 'j' })).rejects.toBeInstanceOf(ClientConfigError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('a job ID with a lone surrogate', () => {
  it.each([
    ['ecs (path)', 'ecs'],
    ['osm (query)', 'osm'],
  ] as const)('%s: get and wait reject at once with InvalidPathParameterError, nothing is sent', async (_label, service) => {
    const jobs = createJobs({ baseUrl: server.url, projectId: 'p', token: TOKEN });
    for (const jobId of ['job-\ud800', '\udc00job']) {
      const got = await jobs.get(service, { jobId }).catch((e: unknown) => e);
      expect(got).toBeInstanceOf(InvalidPathParameterError);
      expect(got).not.toBeInstanceOf(ApiError);
      expect(got).toMatchObject({ parameter: 'job_id' });
      const started = Date.now();
      await expect(jobs.wait(service, { jobId }, { timeoutMs: 60_000 })).rejects.toBeInstanceOf(InvalidPathParameterError);
      expect(Date.now() - started).toBeLessThan(1_500); // no retry with backoff
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a lone surrogate in ref.projectId too', async () => {
    const jobs = createJobs({ baseUrl: server.url });
    await expect(jobs.wait('dcs', { jobId: 'j', projectId: 'p\ud800' })).rejects.toMatchObject({ name: 'InvalidPathParameterError', parameter: 'project_id' });
    expect(server.requests).toHaveLength(0);
  });
});

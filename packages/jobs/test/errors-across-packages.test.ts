// One class per error across packages: what a service client throws is `instanceof` the class
// imported from @cloud-jobs/core and from @cloud-jobs/jobs (the same class, no look-alike check).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as core from '@cloud-jobs/core';
import { createEcsClient } from '@cloud-jobs/ecs';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import * as jobs from '../src/index.js';

let server: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  elsewhere = await startLoopbackServer((_req, res) => sendJson(res, 200, {}), '127.0.0.2');
  server = await startLoopbackServer((_req, res) => {
    res.writeHead(302, { location: `${elsewhere.url}/v1/p/jobs/j` });
    res.end();
  });
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

describe('errors are one class each, in every package', () => {
  it('a ClientConfigError thrown by the ECS client is the core and the jobs class, a ConfigError and a CloudJobsError', () => {
    let error: unknown;
    try {
      createEcsClient({ region: 'nowhere-1', cloud: 'otc' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(core.ClientConfigError);
    expect(error).toBeInstanceOf(jobs.ClientConfigError);
    expect(error).toBeInstanceOf(jobs.ConfigError);
    expect(error).toBeInstanceOf(jobs.CloudJobsError);
    expect((error as core.ClientConfigError).field).toBe('region');
  });

  it('a refused redirect over HTTP is the core and the jobs RedirectRefusedError; the other origin gets nothing', async () => {
    const client = createEcsClient({ baseUrl: server.url, token: 'across-packages-token' });
    const error: unknown = await client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(core.RedirectRefusedError);
    expect(error).toBeInstanceOf(jobs.RedirectRefusedError);
    expect(error).toBeInstanceOf(jobs.CloudJobsError);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('jobs re-exports the very classes of core, and its rate limiter throws the config family', () => {
    for (const name of ['CloudJobsError', 'ConfigError', 'ClientConfigError', 'JobsConfigError', 'AuthConfigError', 'InvalidPathParameterError', 'ApiError', 'WaitTimeoutError'] as const) {
      expect(jobs[name]).toBe(core[name]);
    }
    let error: unknown;
    try {
      jobs.createRateLimiter({ maxRequestsPerSecond: -1 });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(core.JobsConfigError);
    expect((error as core.JobsConfigError).field).toBe('options.maxRequestsPerSecond');
  });
});

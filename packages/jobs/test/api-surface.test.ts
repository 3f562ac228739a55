// The public surface of @cloud-jobs/jobs (every runtime export of every BUILT entry: `.`, `./env`
// and one per service) is checked in as api-surface.json, so a change to it shows up in review.
// After a deliberate change: npm run build, then UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts
import { describe, expect, it } from 'vitest';
import { checkApiSurface } from '../../../test-utils/apiSurface.js';
import { services } from '../src/serviceRegistry.js';

describe('public surface', () => {
  it('matches api-surface.json', async () => {
    const { actual, expected } = await checkApiSurface(new URL('..', import.meta.url));
    expect(actual).toEqual(expected);
  });

  it('has an entry per registered service, exporting its descriptor under its name', async () => {
    const { actual } = await checkApiSurface(new URL('..', import.meta.url));
    for (const service of services) expect(actual[`./${service.name}`], service.name).toContainEqual({ name: service.name, kind: 'object' });
    expect(actual['./env']?.map((e) => e.name)).toEqual(['createJobsFromEnv', 'resolveAuthFromEnv']);
  });

  it('built: a per-service entry and the main entry share one descriptor object, and the registry file is not exported', async () => {
    const main = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
    for (const service of services) {
      const entry = (await import(new URL(`../dist/services/${service.name}.js`, import.meta.url).href)) as Record<string, unknown>;
      expect(main.findService(service.name), service.name).toBe(entry[service.name]);
    }
    const { actual } = await checkApiSurface(new URL('..', import.meta.url));
    expect(Object.keys(actual)).not.toContain('./registry');
  });

  it('keeps internals out of the main entry', async () => {
    const { actual } = await checkApiSurface(new URL('..', import.meta.url));
    const names = new Set(actual['.']?.map((e) => e.name));
    for (const internal of ['backoffDelay', 'cutToDeadline', 'retryDelay', 'LAST_POLL_LEAD_MS', 'formatSdkDate', 'stateFromStatus', 'resolveAuthFromEnv', 'createServiceClientFor', 'MAX_TIMER_MS']) {
      expect(names.has(internal), internal).toBe(false);
    }
    for (const needed of ['createJobs', 'fetchJob', 'waitForJob', 'services', 'findService', 'SERVICE_NAMES', 'ApiError', 'STATUS_TABLES', 'WaitTimeoutError', 'IamAuthError', 'AuthConfigError', 'UnexpectedStatusError']) expect(names.has(needed), needed).toBe(true);
  });
});

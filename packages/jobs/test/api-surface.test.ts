// The public surface of @cloud-jobs/jobs (every runtime export of every BUILT entry: `.`, `./env`
// and one per service) is checked in, so a change to it shows up in review: the fixed entries in
// api-surface.json, each service's entry in its own folder (src/services/<name>/api-surface.json),
// so that adding a service adds its file and changes no shared one.
// After a deliberate change: npm run build, then UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatSurface, readApiSurface, type ApiSurface } from '../../../test-utils/apiSurface.js';
import { services } from '../src/serviceRegistry.js';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));

/** The checked-in file that lists `subpath`. */
function surfaceFileOf(subpath: string): string {
  const name = subpath.slice('./'.length);
  return services.some((s) => s.name === name) ? `${PACKAGE}src/services/${name}/api-surface.json` : `${PACKAGE}api-surface.json`;
}

/** The built surface, and the checked-in one read from every file (written first with UPDATE_API_SURFACE=1). */
async function surfaces(): Promise<{ actual: ApiSurface; expected: ApiSurface }> {
  const actual = await readApiSurface(PACKAGE);
  const byFile = new Map<string, ApiSurface>();
  for (const [subpath, list] of Object.entries(actual)) byFile.set(surfaceFileOf(subpath), { ...byFile.get(surfaceFileOf(subpath)), [subpath]: list });
  if (process.env.UPDATE_API_SURFACE === '1') for (const [file, part] of byFile) writeFileSync(file, formatSurface(part));
  const files = new Set([...byFile.keys(), ...services.map((s) => surfaceFileOf(`./${s.name}`)), surfaceFileOf('.')]);
  const expected: ApiSurface = {};
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts`);
    Object.assign(expected, JSON.parse(readFileSync(file, 'utf8')) as ApiSurface);
  }
  return { actual, expected };
}

describe('public surface', () => {
  it('matches api-surface.json and the per-service api-surface.json files', async () => {
    const { actual, expected } = await surfaces();
    expect(actual).toEqual(expected);
    expect(Object.keys(JSON.parse(readFileSync(surfaceFileOf('.'), 'utf8')) as ApiSurface).sort()).toEqual(['.', './env']);
  });

  it('has an entry per registered service, exporting its descriptor under its name', async () => {
    const actual = await readApiSurface(PACKAGE);
    for (const service of services) expect(actual[`./${service.name}`], service.name).toContainEqual({ name: service.name, kind: 'object' });
    expect(actual['./env']?.map((e) => e.name)).toEqual(['createJobsFromEnv', 'resolveAuthFromEnv']);
  });

  it('built: a per-service entry and the main entry share one descriptor object, and the registry file is not exported', async () => {
    const main = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');
    for (const service of services) {
      const entry = (await import(new URL(`../dist/services/${service.name}.js`, import.meta.url).href)) as Record<string, unknown>;
      expect(main.findService(service.name), service.name).toBe(entry[service.name]);
    }
    const actual = await readApiSurface(PACKAGE);
    expect(Object.keys(actual)).not.toContain('./registry');
  });

  it('keeps internals out of the main entry', async () => {
    const actual = await readApiSurface(PACKAGE);
    const names = new Set(actual['.']?.map((e) => e.name));
    for (const internal of ['backoffDelay', 'cutToDeadline', 'retryDelay', 'LAST_POLL_LEAD_MS', 'formatSdkDate', 'stateFromStatus', 'resolveAuthFromEnv', 'createServiceClientFor', 'MAX_TIMER_MS']) {
      expect(names.has(internal), internal).toBe(false);
    }
    for (const needed of ['createJobs', 'fetchJob', 'waitForJob', 'services', 'findService', 'SERVICE_NAMES', 'ApiError', 'STATUS_TABLES', 'WaitTimeoutError', 'IamAuthError', 'AuthConfigError', 'UnexpectedStatusError']) expect(names.has(needed), needed).toBe(true);
  });
});

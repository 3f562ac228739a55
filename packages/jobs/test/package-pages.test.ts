// Every published package has a page and the facts a registry shows: a README (a client's made from
// its spec by scripts/package-readme.mjs, and up to date), the Apache-2.0 LICENSE in its tarball,
// repository/homepage/bugs/keywords, public access, and the supported versions in every README.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const REPOSITORY = 'https://github.com/cloud-jobs/cloud-jobs';

interface Manifest {
  name: string;
  private?: boolean;
  license?: string;
  repository?: { type?: string; url?: string; directory?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
  publishConfig?: { access?: string };
  files?: string[];
  scripts?: Record<string, string>;
  cloudJobs?: { clientName?: string };
}

const PACKAGES = readdirSync(join(ROOT, 'packages'))
  .filter((dir) => existsSync(join(ROOT, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest }))
  .filter(({ pkg }) => !pkg.private);
const CLIENTS = PACKAGES.filter(({ pkg }) => pkg.cloudJobs?.clientName !== undefined);
const MINIMUM_TS = /export const MINIMUM = '([\d.]+)'/.exec(readFileSync(join(ROOT, 'scripts/check-typescript-minimum.mjs'), 'utf8'))?.[1];

describe('package pages', () => {
  it('the root LICENSE is the Apache License 2.0', () => {
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toContain('Apache License');
    expect(text).toContain('Version 2.0, January 2004');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it.each(PACKAGES.map(({ dir, pkg }) => [dir, pkg] as const))('%s: license file, repository, homepage, bugs, keywords, public access', (dir, pkg) => {
    expect(pkg.license).toBe('Apache-2.0');
    expect(readFileSync(join(ROOT, 'packages', dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(ROOT, 'LICENSE'), 'utf8'));
    expect(pkg.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${dir}` });
    expect(pkg.homepage).toBe(`${REPOSITORY}/tree/main/packages/${dir}#readme`);
    expect(pkg.bugs).toEqual({ url: `${REPOSITORY}/issues` });
    expect(pkg.keywords?.length).toBeGreaterThan(3);
    expect(pkg.publishConfig).toEqual({ access: 'public' });
    expect(existsSync(join(ROOT, 'packages', dir, 'README.md'))).toBe(true);
  });

  it('every client README is what its spec gives (scripts/package-readme.mjs --check), and its generate script remakes it', () => {
    expect(CLIENTS.length).toBeGreaterThan(4);
    const r = spawnSync(process.execPath, ['scripts/package-readme.mjs', ...CLIENTS.map((c) => c.dir), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const { dir, pkg } of CLIENTS) expect(pkg.scripts?.['generate']).toContain(`package-readme.mjs ${dir}`);
  });

  it('a client README says what the endpoint is, how to install and call it, its statuses and where the docs are', () => {
    for (const { dir, pkg } of CLIENTS) {
      const text = readFileSync(join(ROOT, 'packages', dir, 'README.md'), 'utf8');
      expect(text).toMatch(/\| endpoint \| `GET \/\S+`/);
      expect(text).toContain(`npm install ${pkg.name}`);
      expect(text).toContain(`import { create${pkg.cloudJobs!.clientName}Client } from '${pkg.name}';`);
      expect(text).toMatch(/## Status values\n\n### `\w+`/);
      expect(text).toMatch(/\| value \| meaning \|/);
      expect(text).toContain(`${REPOSITORY}/blob/main/specs/${dir}/openapi.yaml`);
    }
  });

  it('every README states ESM only, require() from Node 20.19+, the Node versions and the minimum TypeScript', () => {
    expect(MINIMUM_TS).toBeDefined();
    for (const readme of ['README.md', ...PACKAGES.map(({ dir }) => `packages/${dir}/README.md`)]) {
      const text = readFileSync(join(ROOT, readme), 'utf8');
      expect(text, readme).toContain('## Supported versions');
      expect(text, readme).toContain('**ESM only.**');
      expect(text, readme).toContain('`require()` works on Node.js 20.19+');
      expect(text, readme).toContain('**Node.js** 20.19+, 22 and 24');
      expect(text, readme).toContain(`**TypeScript** ${MINIMUM_TS} or newer`);
    }
  });

  it('every tarball ships its README, its LICENSE and its bins', () => {
    for (const { dir, pkg } of PACKAGES) {
      const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: join(ROOT, 'packages', dir), encoding: 'utf8', timeout: 60_000 });
      expect(r.status, `${dir}: ${r.stderr}`).toBe(0);
      const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
      expect(files, dir).toContain('README.md');
      expect(files, dir).toContain('LICENSE');
      expect(files, dir).toContain('package.json');
      const bins = Object.values((pkg as { bin?: Record<string, string> }).bin ?? {});
      for (const bin of bins) expect(files, dir).toContain(bin.replace(/^\.\//, ''));
    }
  }, 120_000);
});

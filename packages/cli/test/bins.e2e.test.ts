// The commands of a fresh clone: npm links a workspace's bin at install time only when its file
// exists then, so each bin is a committed shim (bin/<name>.js) that loads the built dist/bin.js.
// `npx cloud-jobs` and `npx cloud-jobs-sim` run the local packages from the repository root (never
// a registry package of that name), and a shim without its build says what to run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** [package dir, bin name, bin path] of every bin in the repository's packages. */
const BINS = ['cli', 'simulator'].flatMap((dir) => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as { bin?: Record<string, string>; files?: string[] };
  return Object.entries(pkg.bin ?? {}).map(([name, path]) => ({ dir, name, path, files: pkg.files ?? [] }));
});

/** npx from the repository root, never installing anything (a missing bin fails instead of asking the registry). */
function npx(args: string[], cwd = ROOT) {
  return spawnSync('npx', ['--no', '--', ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, npm_config_yes: 'false', NO_COLOR: '1' } });
}

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

describe('bins in a fresh clone', () => {
  it('both commands exist', () => {
    expect(BINS.map((b) => b.name).sort()).toEqual(['cloud-jobs', 'cloud-jobs-sim']);
  });

  it.each(BINS.map((b) => [b.name, b] as const))('%s: the bin is a committed, executable file outside dist/, and shipped', (_, bin) => {
    expect(bin.path.startsWith('dist/') || bin.path.startsWith('./dist/')).toBe(false);
    const file = join(ROOT, 'packages', bin.dir, bin.path);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o111).not.toBe(0);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // Not ignored by git (dist/ is), so a clone has it before any build.
    expect(spawnSync('git', ['check-ignore', '-q', file], { cwd: ROOT }).status).toBe(1);
    expect(bin.files).toContain(bin.path.split('/')[0]);
  });

  it('npx cloud-jobs --version and --help run the local CLI', () => {
    const version = npx(['cloud-jobs', '--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8')).version);
    const help = npx(['cloud-jobs', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cloud-jobs <command> \[options\]/);
  });

  it('npx cloud-jobs-sim --help runs the local simulator', () => {
    const help = npx(['cloud-jobs-sim', '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cloud-jobs-sim/);
  });

  it.each(BINS.map((b) => [b.name, b] as const))('%s without its build exits 1 and says to build', (_, bin) => {
    const dir = mkdtempSync(join(tmpdir(), 'cloud-jobs-bin-'));
    temp.push(dir);
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(ROOT, 'packages', bin.dir, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, 'packages', bin.dir, bin.path), join(dir, bin.path));
    const r = spawnSync(process.execPath, [join(dir, bin.path), '--help'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bin.name}: this package is not built yet: run \`npm run build\` at the repository root\n`);
  });
});

// `npm run new-service -- <name>` (scripts/new-service.mjs), run for a throwaway service in a
// temporary copy of the repository: the skeleton lints, core + the new client + jobs + simulator
// generate and build with it registered, the new package's tests and its jobs test pass, and
// outside the new service's own files every changed file changed by exactly one added line (one
// per registry).
// The copy links the real node_modules (and the new package, as `npm install` would), so no network
// is needed; the command runs with --no-install. It builds, hence the long budget.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../src/serviceRegistry.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'new-service.mjs');
const NAME = 'zqsample';
const CLIENT = 'Zqsample';
const BUDGET_MS = 240_000;

function run(cwd: string, command: string, args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', DO_NOT_TRACK: '1', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Asserts a process succeeded, showing its output when it did not. */
function ok(result: SpawnSyncReturns<string>, what: string): string {
  expect(result.status, `${what} failed:\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

const git = (cwd: string, ...args: string[]) => ok(run(cwd, 'git', ['-c', 'user.name=test', '-c', 'user.email=test@invalid', '-c', 'commit.gpgsign=false', ...args]), `git ${args[0]}`);

/** The repository's files (tracked, and new ones not ignored) copied to `dir`; node_modules linked as the real one, our packages linked to the copy's. */
function copyRepository(dir: string): void {
  const listed = ok(run(ROOT, 'git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard']), 'git ls-files').split('\0').filter(Boolean);
  for (const file of listed) {
    if (!existsSync(join(ROOT, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@cloud-jobs'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '@cloud-jobs') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
}

/** What `npm install` would link: node_modules/@cloud-jobs/<package> -> the copy's packages/<package>. */
function linkWorkspaces(dir: string): void {
  for (const pkg of readdirSync(join(dir, 'packages'))) {
    const link = join(dir, 'node_modules', '@cloud-jobs', pkg);
    if (!existsSync(link) && existsSync(join(dir, 'packages', pkg, 'package.json'))) symlinkSync(join('..', '..', 'packages', pkg), link);
  }
}

describe('npm run new-service', () => {
  let copy: string;
  let output: SpawnSyncReturns<string>;

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), 'cloud-jobs-new-service-'));
    copyRepository(copy);
    git(copy, 'init', '-q');
    git(copy, 'add', '-A');
    git(copy, 'commit', '-q', '-m', 'before new-service');
    output = run(copy, process.execPath, [join(copy, 'scripts', 'new-service.mjs'), NAME, '--no-install']);
    linkWorkspaces(copy);
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('creates the service, says what it made and what to do next', () => {
    ok(output, 'new-service');
    for (const path of [`specs/${NAME}/openapi.yaml`, `packages/${NAME}/package.json`, `packages/jobs/src/services/${NAME}/descriptor.ts`, `packages/simulator/src/services/${NAME}.ts`]) {
      expect(output.stdout).toContain(path);
      expect(existsSync(join(copy, path)), path).toBe(true);
    }
    expect(output.stdout).toMatch(/Next steps:[\s\S]*TODO/);
    expect(readFileSync(join(copy, 'packages', NAME, 'package.json'), 'utf8')).toContain(`"clientName": "${CLIENT}"`);
  });

  it('changes nothing outside its own files but one added line per registry', () => {
    git(copy, 'add', '-A');
    const own = [`specs/${NAME}/`, `packages/${NAME}/`, `packages/jobs/src/services/${NAME}/`, `packages/simulator/src/services/${NAME}.ts`, `packages/jobs/test/service-${NAME}.test.ts`];
    const changed = git(copy, 'diff', '--cached', '--numstat').trim().split('\n').map((line) => line.split('\t') as [string, string, string]);
    const outside = changed.filter(([, , path]) => !own.some((prefix) => path.startsWith(prefix)));
    expect(outside.map(([added, deleted, path]) => `${path} +${added} -${deleted}`).sort()).toEqual(
      ['packages/jobs/package.json', 'packages/jobs/src/services/registry.ts', 'packages/simulator/src/services/index.ts', 'redocly.yaml'].map((p) => `${p} +1 -0`),
    );
    expect(changed.length).toBeGreaterThan(outside.length + 10);
  });

  it(
    'lints, generates and builds core, the new client, jobs and the simulator; the new package passes its tests',
    () => {
      // The new spec lints with zero problems; turbo's generate task lints every other spec first.
      expect(ok(run(copy, process.execPath, ['scripts/lint-specs.mjs', NAME]), `lint of ${NAME}`)).toContain(`${NAME}: no problems`);
      const turbo = join(copy, 'node_modules', 'turbo', 'bin', 'turbo');
      const filters = ['@cloud-jobs/core', `@cloud-jobs/${NAME}`, '@cloud-jobs/jobs', '@cloud-jobs/simulator'].flatMap((f) => ['--filter', f]);
      ok(run(copy, turbo, ['run', 'generate', 'build', ...filters, '--cache-dir', join(copy, '.turbo', 'cache'), '--output-logs', 'errors-only']), 'generate + build');
      for (const built of [`packages/${NAME}/dist/index.js`, `packages/jobs/dist/services/${NAME}.js`, 'packages/simulator/dist/index.js']) expect(existsSync(join(copy, built)), built).toBe(true);
      const vitest = join(copy, 'node_modules', 'vitest', 'vitest.mjs');
      const tests = ok(run(join(copy, 'packages', NAME), process.execPath, [vitest, 'run']), `the ${NAME} package's tests`);
      expect(tests).toMatch(/Tests\s+\d+ passed/);
      expect(tests).not.toMatch(/failed/);
      ok(run(join(copy, 'packages', NAME), process.execPath, [join(copy, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']), `typecheck of ${NAME}`);
      // The generated jobs test: the shared scenarios (serviceScenarios.ts) against the new simulator module.
      const scenarios = ok(run(join(copy, 'packages', 'jobs'), process.execPath, [vitest, 'run', `test/service-${NAME}.test.ts`]), `service-${NAME}.test.ts`);
      expect(scenarios).toMatch(/Tests\s+7 passed/);
    },
    BUDGET_MS,
  );
});

describe('npm run new-service refuses a bad name', () => {
  it.each([
    [[], /missing the service name/],
    [['Bad'], /bad service name "Bad": it must match/],
    [['x'], /bad service name "x": it must match/],
    [['9lives'], /bad service name "9lives": it must match/],
    [['a-b'], /bad service name "a-b": it must match/],
    [['core'], /bad service name "core": it is reserved/],
    [['simulator'], /bad service name "simulator": it is reserved/],
    [['class'], /bad service name "class": it is reserved/],
    [[services[0]!.name], new RegExp(`service "${services[0]!.name}" exists already \\(specs/${services[0]!.name}/openapi.yaml`)],
    [['abc', 'def'], /one service name only/],
    [['abc', '--bogus'], /unknown option --bogus/],
  ])('%j: exit code 2 and a clear message, nothing written', (args, message) => {
    const result = run(ROOT, process.execPath, [SCRIPT, ...args, '--no-install']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    for (const name of args) expect(existsSync(join(ROOT, 'specs', name, 'openapi.yaml')) && !services.some((s) => s.name === name), name).toBe(false);
  });
});

// `run` in-process against a real simulator: help, version, the live and plain views, --json,
// NO_COLOR, abort (130) and redaction.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type RunOptions } from '../src/main.js';
import { REDRAW, stripAnsi } from '../src/render.js';
import { FAST, PACKAGE_DIR, PROJECT, TOKEN } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN] });
});
afterAll(() => sim.close());

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function capture(argv: string[], options: Omit<RunOptions, 'stdout' | 'stderr'> = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT },
    ...options,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const ENV_VARS = ['OS_AUTH_TOKEN', 'HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_PROJECT_ID', 'HUAWEICLOUD_SDK_DOMAIN_ID', 'OS_USERNAME', 'OS_PASSWORD', 'OS_AUTH_URL', 'OS_REGION_NAME', 'NO_COLOR'];

describe('help and version', () => {
  it.each([
    [['--help'], ['get <service> <job-id>', 'wait <service> <job-id>', '--version']],
    [['get', '--help'], ['Usage: cloud-jobs get', '--project-id', '--region', '--cloud', '--endpoint', '--json', '--no-color']],
    [['wait', '--help'], ['Usage: cloud-jobs wait', '--timeout', '--interval', '--max-interval', '--project-id', '--endpoint', '--json']],
  ])('%j lists the options, the environment variables and the exit codes', async (argv, expected) => {
    const { code, stdout, stderr } = await capture(argv);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const text of [...expected, ...ENV_VARS, 'Exit codes:', 'timed out']) expect(stdout).toContain(text);
  });
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string };
    expect(await capture(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
  it('a usage error is one line pointing at the help', async () => {
    expect(await capture(['wait', 'ecs', 'j1', '--timeout', 'soon'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cloud-jobs: wait: --timeout must be a duration such as 30m, 90s, 1h or 500ms (or plain milliseconds), got "soon" (see cloud-jobs wait --help)\n',
    });
  });
});

describe.concurrent('wait in-process', () => {
  it('on a TTY draws one live line with a progress bar and ends it', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1200, subtasks: 3 });
    const { code, stdout, stderr } = await capture(['wait', 'ecs', job.id, '--endpoint', sim.url, ...FAST], { isTTY: true, columns: 120 });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout.split(REDRAW).length).toBeGreaterThan(3);
    expect(stdout).toMatch(/\u001b\[36m.{2}running\u001b\[0m/);
    expect(stripAnsi(stdout)).toMatch(/\[█+░+\] [12]\/3 sub-jobs/);
    expect(stripAnsi(stdout)).toMatch(/✔ succeeded {2}SUCCESS {2}\S+ {2}\[█{20}\] 3\/3 sub-jobs {2}ecs \S+\n$/);
    expect(stdout.endsWith('\n\u001b[?25h')).toBe(true);
  });

  it.each([
    ['NO_COLOR', ['--endpoint'], { NO_COLOR: '1' }],
    ['--no-color', ['--no-color', '--endpoint'], {}],
    ['TERM=dumb', ['--endpoint'], { TERM: 'dumb' }],
  ])('on a TTY with %s prints plain change lines', async (_label, flags, extraEnv) => {
    const job = sim.createJob({ service: 'servicestage', durationMs: 1200, subtasks: 2 });
    const env = { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, ...extraEnv };
    const { code, stdout } = await capture(['wait', 'servicestage', job.id, ...flags, sim.url, ...FAST], { isTTY: true, env });
    expect(code).toBe(0);
    expect(stdout).not.toContain('\u001b');
    expect(stdout).not.toContain('\r');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`waiting for servicestage job ${job.id} (timeout 30m00s)`);
    expect(lines.at(-2)).toMatch(/^\[\d+\.\ds\] succeeded \(SUCCEEDED\) 2\/2 tasks$/);
    expect(lines.at(-1)).toMatch(new RegExp(`^servicestage job ${job.id} succeeded after \\d+\\.\\ds`));
  });

  it('--json: the final job on stdout, the live line on a terminal stderr', async () => {
    const job = sim.createJob({ service: 'osm', durationMs: 1000, subtasks: 2 });
    const { code, stdout, stderr } = await capture(['wait', 'osm', job.id, '--endpoint', sim.url, '--json', ...FAST], { isTTY: true, stderrIsTTY: true });
    expect(code).toBe(0);
    const printed = JSON.parse(stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ service: 'osm', id: job.id, state: 'succeeded', done: true, progress: { completed: 2, total: 2 } });
    expect(printed['raw']).toMatchObject({ status: 3 });
    expect(printed['startedAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(stripAnsi(stderr)).toContain('✔ succeeded');
  });

  it('--json off a terminal: nothing but JSON on stdout and nothing on stderr', async () => {
    const job = sim.createJob({ service: 'cfw', durationMs: 600 });
    const { code, stdout, stderr } = await capture(['wait', 'cfw', job.id, '--endpoint', sim.url, '--json', ...FAST]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ service: 'cfw', state: 'succeeded' });
    expect(stderr).toBe('');
  });

  it('an abort stops the wait at once: 130, one line, the live line closed', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 60_000, subtasks: 3 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('SIGINT')), 700);
    const started = performance.now();
    const { code, stdout, stderr } = await capture(['wait', 'ecs', job.id, '--endpoint', sim.url, '--interval', '5s'], { isTTY: true, signal: controller.signal });
    expect(performance.now() - started).toBeLessThan(3000);
    expect(code).toBe(130);
    expect(stderr).toBe('cloud-jobs: interrupted\n');
    expect(stripAnsi(stdout)).toMatch(/■ interrupted {2}pending {2}INIT/);
    expect(stdout.endsWith('\u001b[?25h')).toBe(true);
  });

  it('get exits 1 for a failed job and prints its reason', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1, subtasks: 2, outcome: 'failure' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { code, stdout, stderr } = await capture(['get', 'ecs', job.id, '--endpoint', sim.url]);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/ {2}state {5}failed \(FAIL\)\n/);
    expect(stdout).toMatch(/ {2}reason {4}sub-job 2\/2 \(\w+\) failed: Ecs\.0013 /);
  });

  it('redacts a secret even if the output were to carry it', async () => {
    const secret = 'abcdef0123456789abcdef0123456789'; // a DCS job ID, and the value of a *_TOKEN variable
    sim.createJob({ service: 'dcs', durationMs: 1, id: secret });
    const { code, stdout, stderr } = await capture(['get', 'dcs', secret, '--endpoint', sim.url], {
      env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, MY_SERVICE_TOKEN: secret },
    });
    expect(code).toBe(0);
    expect(`${stdout}${stderr}`).not.toContain(secret);
    expect(stdout).toContain('dcs job [REDACTED]\n');
  });
});

// The compiled package: the cloud-jobs-sim bin starts, serves and stops on SIGINT/SIGTERM, and a
// process that starts and closes a simulator exits by itself (close() leaves no handles).
// The sources are compiled into a temporary folder first, so this never races a build of dist/.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, SERVICE_NAMES } from '../src/registry.js';
import { signHeaders } from './helpers.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'cloud-jobs-sim-'));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, '--declaration', 'false', '--declarationMap', 'false', '--sourceMap', 'false'], { cwd: packageDir });
  await writeFile(join(outDir, 'package.json'), '{ "type": "module" }\n');
}, 120_000);
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [join(outDir, 'bin.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...env } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function urlOf(r: Running): Promise<string> {
  await expect.poll(() => /listening on (http:\/\/\S+)/.exec(r.stdout())?.[1], { timeout: 10_000 }).toBeTruthy();
  return /listening on (http:\/\/\S+)/.exec(r.stdout())![1]!;
}

describe('cloud-jobs-sim', () => {
  it('prints its URL on 127.0.0.1, serves, and exits 0 on SIGTERM', async () => {
    const r = run(['--port', '0']);
    try {
      const url = await urlOf(r);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${url}/_health`)).json()).toEqual({ status: 'ok', jobs: 0 });
      r.child.kill('SIGTERM');
      expect(await r.exit).toEqual({ code: 0, signal: null });
      expect(r.stdout()).toContain('stopped (SIGTERM)');
      expect(r.stderr()).toBe('');
    } finally {
      r.child.kill('SIGKILL');
    }
  }, 20_000);

  it('--seed-demo creates and prints demo jobs of every service; exits 0 on SIGINT', async () => {
    const r = run(['--port=0', '--seed-demo', '--seed', '7', '--token', 'demo-token']);
    try {
      const url = await urlOf(r);
      // One line per demo job of every registered module, so a new service is counted by registering it.
      const demoJobs = SERVICE_NAMES.reduce((n, service) => n + SERVICES[service].demoJobs.length, 0);
      await expect.poll(() => r.stdout().split('\n').filter((l) => l.includes(`${url}/`)).length).toBe(demoJobs);
      const lines = r.stdout().split('\n').filter((l) => l.includes(`${url}/`));
      for (const service of SERVICE_NAMES) expect(lines.some((l) => l.trim().startsWith(service))).toBe(true);
      const jobUrl = /(http:\/\/\S+)/.exec(lines[0]!)![1]!;
      expect((await fetch(jobUrl, { headers: { 'X-Auth-Token': 'demo-token' } })).status).toBe(200);
      expect((await fetch(jobUrl, { headers: { 'X-Auth-Token': 'other' } })).status).toBe(401);
      r.child.kill('SIGINT');
      expect(await r.exit).toEqual({ code: 0, signal: null });
    } finally {
      r.child.kill('SIGKILL');
    }
  }, 20_000);

  it('--help prints the usage; a bad argument exits 2', async () => {
    const help = run(['--help']);
    expect((await help.exit).code).toBe(0);
    expect(help.stdout()).toContain('Usage: cloud-jobs-sim');
    const bad = run(['--port', 'eighty']);
    expect((await bad.exit).code).toBe(2);
    expect(bad.stderr()).toContain('--port needs an integer');
  }, 20_000);
});

describe('cloud-jobs-sim with AK/SK', () => {
  const AK = 'AKBIN00000000000000';
  const SK = 'SKBIN-secret-0f1e2d3c4b5a6978';
  const project = '0123456789abcdef0123456789abcdef';

  async function expectVerifies(r: Running): Promise<void> {
    const url = await urlOf(r);
    const created = await fetch(`${url}/_admin/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"service":"ecs"}' });
    const { path } = (await created.json()) as { path: string };
    const signed = signHeaders({ url: url + path, headers: { 'X-Project-Id': project }, accessKey: AK, secretKey: SK, date: Date.now() });
    expect((await fetch(url + path, { headers: signed })).status).toBe(200);
    const forged = signHeaders({ url: url + path, headers: { 'X-Project-Id': project }, accessKey: AK, secretKey: 'guess', date: Date.now() });
    expect((await fetch(url + path, { headers: forged })).status).toBe(401);
    expect((await fetch(url + path, { headers: { 'X-Auth-Token': 'any' } })).status).toBe(401);
    expect(r.stdout()).toContain(`verifying AK/SK signatures of access key ${AK}`);
    r.child.kill('SIGTERM');
    expect(await r.exit).toEqual({ code: 0, signal: null });
    expect(`${r.stdout()}${r.stderr()}`).not.toContain(SK);
  }

  it('--ak/--sk: verifies signatures, refuses forged ones and tokens, never prints the SK', async () => {
    const r = run(['--ak', AK, `--sk=${SK}`, '--max-jobs', '1']);
    try {
      await expectVerifies(r);
    } finally {
      r.child.kill('SIGKILL');
    }
  }, 20_000);

  it('CLOUD_JOBS_SIM_AK / CLOUD_JOBS_SIM_SK stand for the flags', async () => {
    const r = run([], { CLOUD_JOBS_SIM_AK: AK, CLOUD_JOBS_SIM_SK: SK });
    try {
      await expectVerifies(r);
    } finally {
      r.child.kill('SIGKILL');
    }
  }, 20_000);

  it('half a key pair, or a mistyped flag next to the SK, exits 2 without printing the SK', async () => {
    for (const [args, env, message] of [
      [['--ak', AK], {}, '--ak needs --sk (or CLOUD_JOBS_SIM_SK)'],
      [[`--sk=${SK}`], {}, '--sk needs --ak (or CLOUD_JOBS_SIM_AK)'],
      [[], { CLOUD_JOBS_SIM_SK: SK }, '--sk needs --ak'],
      [['--ak', AK, `--SK=${SK}`], {}, 'unknown option "--SK"'],
      [['--ak', AK, '--sk'], {}, '--sk needs a value'],
      [[`-s${SK}`], {}, 'unexpected argument'],
    ] as const) {
      const r = run([...args], { ...env });
      expect((await r.exit).code, args.join(' ')).toBe(2);
      expect(r.stderr()).toContain(message);
      expect(`${r.stdout()}${r.stderr()}`).not.toContain(SK);
    }
  }, 20_000);

  it('--max-jobs caps the jobs: the next one answers 507', async () => {
    const r = run(['--max-jobs', '1']);
    try {
      const url = await urlOf(r);
      const post = () => fetch(`${url}/_admin/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"service":"dcs"}' });
      expect((await post()).status).toBe(201);
      expect((await post()).status).toBe(507);
      expect((await fetch(`${url}/_admin/jobs`, { method: 'POST', body: '{"service":"dcs"}' })).status).toBe(415);
    } finally {
      r.child.kill('SIGKILL');
    }
    expect((await run(['--max-jobs', '0']).exit).code).toBe(2);
  }, 20_000);
});

describe('close()', () => {
  it('leaves no handles: a process that used a simulator exits by itself', async () => {
    const index = pathToFileURL(join(outDir, 'index.js')).href;
    const script = `
      import { startSimulator } from ${JSON.stringify(index)};
      const sim = await startSimulator();
      const { path } = sim.createJob({ service: 'ecs', durationMs: 50 });
      const h = { 'X-Auth-Token': 't' };
      for (let i = 0; i < 3; i++) await (await fetch(sim.url + path, { headers: h })).text();
      sim.injectFault({ kind: 'slow', delayMs: 600000 });
      const pending = fetch(sim.url + path, { headers: h }).then(() => 'answered', () => 'dropped');
      while (sim.jobs.list()[0].polls < 4) await new Promise((r) => setImmediate(r));
      await sim.close();
      console.log('closed', await pending);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
    const result = await Promise.race([exited, timeout]);
    child.kill('SIGKILL');
    expect(result, out).toBe(0);
    expect(out.trim()).toBe('closed dropped');
  }, 20_000);
});

// Shared helpers of the benchmark modules: paths, statistics, the machine, child processes and
// the official SDK's cached install. No module here asserts anything: they measure and report.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync, lstatSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BENCH = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(BENCH, '..');
/** Scratch space, gitignored: installs, bundles, logs. */
export const WORK = join(BENCH, '.work');
/** Where the official SDK is installed (once; reused by later runs). */
export const OFFICIAL_DIR = join(WORK, 'official');
/** HOME for processes that load the official SDK: it writes ~/.huaweicloud/application_id on first use. */
export const OFFICIAL_HOME = join(WORK, 'home');

/**
 * The official SDK as the comparison installs it. Pinned so that runs compare the same code;
 * `uuid` is required by the SDK's core at run time but not declared by it, so it is added here.
 */
export const OFFICIAL_PACKAGES = {
  '@huaweicloud/huaweicloud-sdk-ecs': '3.1.172',
  '@huaweicloud/huaweicloud-sdk-core': '3.1.211',
  uuid: '14.0.3',
};
export const officialSpecs = () => Object.entries(OFFICIAL_PACKAGES).map(([n, v]) => `${n}@${v}`);

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `{ median, min, max, n }` of a sample. */
export function stats(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/** `12.3 (10.1–15.0)`: the median with min/max, at `digits` decimals. */
export function fmtStats(s, digits = 1, unit = '') {
  if (!s || !Number.isFinite(s.median)) return 'n/a';
  const f = (x) => x.toFixed(digits);
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
}

export function fmtBytes(n) {
  if (!Number.isFinite(n)) return 'n/a';
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(2)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(2)} KiB`;
  return `${n} B`;
}

export const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : NaN);
export const fmtRatio = (r, digits = 2) => (Number.isFinite(r) ? `${r.toFixed(digits)}x` : 'n/a');

/** Cores, CPU model, memory, node version, and whether taskset can pin processes. */
export function machine() {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model?.trim() ?? 'unknown',
    memoryGiB: +(totalmem() / 1024 ** 3).toFixed(1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    taskset: hasTaskset(),
  };
}

let tasksetCache;
export function hasTaskset() {
  if (tasksetCache === undefined) {
    tasksetCache = cpus().length >= 2 && spawnSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }).status === 0;
  }
  return tasksetCache;
}

/** `[cmd, args]` wrapped in `taskset -c <core>` when pinning is possible. */
export function pinned(core, cmd, args) {
  return hasTaskset() ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}

/** Runs a command to completion; resolves `{ code, stdout, stderr, ms }` (never rejects on exit code). */
export function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd: ROOT, ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - t0 }));
  });
}

/** Like {@link run}, but rejects with the output's tail when the exit code is not 0. */
export async function runOk(cmd, args, options = {}) {
  const r = await run(cmd, args, options);
  if (r.code !== 0) {
    const tail = (r.stderr + r.stdout).trim().split('\n').slice(-15).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.code}:\n${tail}`);
  }
  return r;
}

/** Environment for npm calls: quiet, no audit, no funding notice. */
export const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };

/**
 * Installs the official SDK into bench/.work/official unless the same pinned versions are there
 * already (a marker file records them). Returns the folder.
 */
export async function ensureOfficial(log = () => {}) {
  const marker = join(OFFICIAL_DIR, '.bench-installed.json');
  const want = JSON.stringify(OFFICIAL_PACKAGES);
  mkdirSync(OFFICIAL_HOME, { recursive: true });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want && existsSync(join(OFFICIAL_DIR, 'node_modules/@huaweicloud/huaweicloud-sdk-ecs'))) {
    return OFFICIAL_DIR;
  }
  log(`installing the official SDK into ${OFFICIAL_DIR} (${officialSpecs().join(', ')})`);
  mkdirSync(OFFICIAL_DIR, { recursive: true });
  writeFileSync(join(OFFICIAL_DIR, 'package.json'), JSON.stringify({ name: 'bench-official', private: true }, null, 2));
  await runOk('npm', ['install', '--prefix', OFFICIAL_DIR, '--no-save', '--ignore-scripts', ...officialSpecs()], { env: NPM_ENV, cwd: OFFICIAL_DIR });
  writeFileSync(marker, want);
  return OFFICIAL_DIR;
}

/** The exact versions that ended up installed in a node_modules folder. */
export function installedVersion(nodeModules, name) {
  try {
    return JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** Every package folder (with a package.json) below a node_modules tree, nested ones included. */
export function listPackages(nodeModules) {
  const out = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      const p = join(dir, name);
      if (name.startsWith('@')) {
        for (const sub of readdirSync(p)) visit(join(p, sub));
      } else visit(p);
    }
  };
  const visit = (p) => {
    if (!lstatSync(p).isDirectory()) return;
    if (existsSync(join(p, 'package.json'))) out.push(p);
    walk(join(p, 'node_modules'));
  };
  walk(nodeModules);
  return out;
}

/** Apparent size (sum of file sizes) and allocated size (blocks) of a tree, in bytes, and its file count. */
export function treeSize(dir) {
  let bytes = 0;
  let allocated = 0;
  let files = 0;
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = lstatSync(p, { bigint: false });
      if (st.isDirectory()) {
        allocated += st.blocks * 512;
        walk(p);
      } else {
        bytes += st.size;
        allocated += st.blocks * 512;
        files += 1;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { bytes, allocated, files };
}

/** True when a workspace package has been built (its dist entry exists). */
export const isBuilt = (pkg) => existsSync(join(ROOT, 'packages', pkg, 'dist', 'index.js'));

/** Whether @cloud-jobs/jobs exports what the benchmarks need (built dist). */
export async function jobsApi() {
  const entry = join(ROOT, 'packages/jobs/dist/index.js');
  if (!existsSync(entry)) return { ok: false, why: 'packages/jobs is not built (dist/index.js missing)' };
  try {
    const mod = await import(entry);
    const missing = ['createJobs', 'waitForJob'].filter((n) => typeof mod[n] !== 'function');
    if (missing.length) return { ok: false, why: `@cloud-jobs/jobs does not export ${missing.join(', ')} yet`, mod };
    return { ok: true, mod };
  } catch (err) {
    return { ok: false, why: `@cloud-jobs/jobs fails to load: ${err.message}` };
  }
}

/** Whether @cloud-jobs/simulator is built and exports startSimulator. */
export async function simulatorApi() {
  const entry = join(ROOT, 'packages/simulator/dist/index.js');
  if (!existsSync(entry)) return { ok: false, why: 'packages/simulator is not built (dist/index.js missing)' };
  try {
    const mod = await import(entry);
    if (typeof mod.startSimulator !== 'function') return { ok: false, why: '@cloud-jobs/simulator does not export startSimulator yet' };
    return { ok: true, mod };
  } catch (err) {
    return { ok: false, why: `@cloud-jobs/simulator fails to load: ${err.message}` };
  }
}

/** A fixed ECS job body (the spec's "Running" example), as the loopback server sends it. */
export const ECS_BODY = JSON.stringify({
  status: 'RUNNING',
  entities: {
    sub_jobs_total: 2,
    sub_jobs: [
      {
        status: 'SUCCESS',
        entities: { server_id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
        job_id: '2c9eb2c5544cbf6101544f0635672b60',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.591Z',
        end_time: '2016-04-25T20:08:21.328Z',
        error_code: null,
        fail_reason: null,
      },
      {
        status: 'RUNNING',
        entities: {},
        job_id: '2c9eb2c5544cbf6101544f0635672b61',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.602Z',
        end_time: '',
        error_code: null,
        fail_reason: null,
      },
    ],
  },
  job_id: '2c9eb2c5544cbf6101544f0602af2b4f',
  job_type: 'createServer',
  begin_time: '2016-04-25T20:04:34.604Z',
  end_time: '',
  error_code: null,
  fail_reason: null,
});
export const PROJECT_ID = '0123456789abcdef0123456789abcdef';
export const JOB_ID = '2c9eb2c5544cbf6101544f0602af2b4f';

/**
 * The order of the variants in round `round`: a seeded shuffle, so no variant always runs right
 * after the same other one (a fixed rotation would give every variant a fixed predecessor).
 */
export function roundOrder(items, round) {
  const random = prng(0x5eed + round);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Seeded PRNG (mulberry32), for reproducible draws. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The real `waitForJob`: from the built @cloud-jobs/jobs when it exports it, else bundled by esbuild
 * straight from packages/jobs/src/wait (read only, into bench/.work) while the package does not
 * build yet. Resolves `{ waitForJob, source, why? }`, or `{ why }` when neither is possible.
 */
export async function waitForJobImpl() {
  const jobs = await jobsApi();
  if (typeof jobs.mod?.waitForJob === 'function') return { waitForJob: jobs.mod.waitForJob, mod: jobs.mod, source: '@cloud-jobs/jobs (dist)' };
  const entry = join(ROOT, 'packages/jobs/src/wait/index.ts');
  if (!existsSync(join(ROOT, 'packages/jobs/src/wait/waitForJob.ts'))) return { why: jobs.why ?? 'waitForJob does not exist yet' };
  try {
    const { build } = await import('esbuild');
    const outfile = join(WORK, 'jobs-src', 'wait.mjs');
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', target: 'node20', outfile, logLevel: 'silent' });
    const mod = await import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
    if (typeof mod.waitForJob !== 'function') return { why: 'packages/jobs/src/wait does not export waitForJob' };
    return { waitForJob: mod.waitForJob, mod, source: 'packages/jobs/src/wait, bundled by esbuild (the package does not build yet)', why: jobs.why };
  } catch (err) {
    return { why: `${jobs.why}; bundling packages/jobs/src/wait failed: ${String(err.message).split('\n')[0]}` };
  }
}

/**
 * Where the benchmarks get `createJobs` from: the built @cloud-jobs/jobs. Resolves `{ url, source }`
 * (`url` to import, exporting `createJobs`), or `{ why }` when the package is not built or lacks it.
 */
export async function jobsFacade() {
  const jobs = await jobsApi();
  if (jobs.ok) return { url: pathToFileURL(join(ROOT, 'packages/jobs/dist/index.js')).href, source: '@cloud-jobs/jobs createJobs' };
  return { why: jobs.why };
}

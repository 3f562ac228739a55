#!/usr/bin/env node
// The packages as a user gets them: packs every public package, installs the tarballs into fresh
// projects outside the repository and runs real programs against the packed simulator:
//
//   nodenext  strict TypeScript, module/moduleResolution NodeNext: type-checks, compiles and runs a
//             program that waits for a job of every service, sees a failed job as JobFailedError
//             and reads a job with a typed client
//   bundler   the same program type-checked with moduleResolution bundler
//   require   plain CommonJS: require() of the ESM packages (Node 20.19+) and the same waits
//   browser   an esbuild browser bundle of a client (must pull in no Node built-in), then run
//   bins      the installed cloud-jobs-sim and cloud-jobs commands, one talking to the other
//
//   node scripts/consumer-test.mjs [--packs DIR] [--keep]      (npm run test:consumer)
//
// Installs are `npm install --offline`: the tarballs are local and every other dependency is in the
// npm cache that `npm ci` filled (where a package document is missing, `--prefer-offline` fetches
// just that from the registry npm ci used). --packs reuses the tarballs of
// `npm run release:check` (test-artifacts/packs); --keep leaves the projects for a look.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pack, publicPackages, root } from './packages.mjs';

const args = process.argv.slice(2);
const packsIndex = args.indexOf('--packs');
const keep = args.includes('--keep');
const work = mkdtempSync(join(tmpdir(), 'cloud-jobs-consumer-'));
const TOKEN = 'consumer-token';
const PROJECT_ID = '0123456789abcdef0123456789abcdef';

/** Exact versions of the tools the consumer projects install: the ones the repository's lock has. */
const toolVersion = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const results = [];
async function scenario(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    results.push({ name, ok: false });
    console.log(`  FAIL ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000, ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${argv.join(' ')} exited ${result.status ?? result.signal}${result.error ? ` (${result.error.message})` : ''}\n${output}`);
  }
  return result.stdout;
}

// --- the tarballs ---------------------------------------------------------------------------
const packages = publicPackages();
const tarballs = new Map();
if (packsIndex >= 0) {
  const dir = resolve(args[packsIndex + 1] ?? '');
  for (const pkg of packages) {
    const file = join(dir, `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run release:check first, or leave out --packs`);
    tarballs.set(pkg.name, file);
  }
} else {
  for (const pkg of packages) tarballs.set(pkg.name, pack(pkg, join(work, 'packs')));
}
console.log(`consumer test: ${tarballs.size} tarballs, projects in ${work}`);

/**
 * A fresh project: every tarball as a dependency (and as an override, so a package that depends on
 * another of ours gets the tarball too, never a registry package of that name), plus `devDependencies`.
 */
function project(name, { type = 'module', devDependencies = {}, files = {} }) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const ours = Object.fromEntries([...tarballs].map(([pkg, file]) => [pkg, `file:${file}`]));
  const manifest = { name: `consumer-${name}`, version: '1.0.0', private: true, type, dependencies: ours, devDependencies, overrides: ours };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const install = (mode) => run('npm', ['install', mode, '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  try {
    install('--offline');
  } catch (err) {
    if (!/ENOTCACHED/.test(String(err))) throw err;
    // npm ci caches tarballs, not always the package documents a fresh install resolves versions
    // with; those few come from the same registry, once, and are cached from then on.
    console.log(`       (${name}: a package document is not in the npm cache yet; installing with --prefer-offline)`);
    install('--prefer-offline');
  }
  return dir;
}

// --- the program ----------------------------------------------------------------------------
// What a user writes: start the simulator, wait for one job of every service, expect a failed job
// to reject with JobFailedError, read a job with a typed client and with fetchJob.
const program = `import { startSimulator, SERVICE_NAMES as SIMULATED, type ServiceName as SimulatedService } from '@cloud-jobs/simulator';
import { createJobs, fetchJob, JobFailedError, SERVICE_NAMES, type Job, type JobState } from '@cloud-jobs/jobs';
import { ecs } from '@cloud-jobs/jobs/ecs';
import { createEcsClient } from '@cloud-jobs/ecs';

const token = '${TOKEN}';
const projectId = '${PROJECT_ID}';
const sim = await startSimulator({ tokens: [token] });
try {
  const jobs = createJobs({ baseUrl: sim.url, token, projectId });
  const states: Record<string, JobState> = {};
  let progressCalls = 0;
  for (const service of SERVICE_NAMES) {
    if (!(SIMULATED as readonly string[]).includes(service)) continue;
    // A reference is the job ID plus the service's own fields (an instance ID...), as created.
    const created = sim.createJob({ service: service as SimulatedService, durationMs: 400 });
    const done: Job = await jobs.wait(service, { jobId: created.id, ...created.refFields }, { minDelayMs: 50, timeoutMs: 60_000, onProgress: () => void progressCalls++ });
    states[service] = done.state;
  }

  const failing = sim.createJob({ service: 'ecs', durationMs: 300, subtasks: 2, outcome: 'failure' });
  let failure: string | undefined;
  try {
    await jobs.wait('ecs', { jobId: failing.id }, { minDelayMs: 50, timeoutMs: 60_000 });
  } catch (error) {
    if (!(error instanceof JobFailedError)) throw error;
    failure = error.job.error?.code ?? error.job.state;
  }

  const running = sim.createJob({ service: 'ecs', durationMs: 60_000, subtasks: 3 });
  const client = createEcsClient({ baseUrl: sim.url, token });
  const { data, response } = await client.GET('/v1/{project_id}/jobs/{job_id}', {
    params: { path: { project_id: projectId, job_id: running.id } },
  });
  const wireStatus: string | undefined = data?.status;
  const job = await fetchJob(ecs, client, { jobId: running.id, projectId });

  console.log(JSON.stringify({ states, progressCalls, failure, http: response.status, wireStatus, fetched: { state: job.state, done: job.done } }));
} finally {
  await sim.close();
}
`;

/** Checks what the program printed (its last line). */
function checkOutput(stdout) {
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  const states = Object.entries(result.states);
  if (states.length < 5) throw new Error(`waited for ${states.length} services only: ${JSON.stringify(result.states)}`);
  const notDone = states.filter(([, state]) => state !== 'succeeded');
  if (notDone.length > 0) throw new Error(`jobs that did not succeed: ${JSON.stringify(Object.fromEntries(notDone))}`);
  if (!result.failure) throw new Error('a failed job did not reject with JobFailedError');
  if (result.http !== 200 || typeof result.wireStatus !== 'string') throw new Error(`typed client read: HTTP ${result.http}, status ${result.wireStatus}`);
  if (result.fetched.done) throw new Error(`fetchJob: a running job came back done (${result.fetched.state})`);
  return result;
}

const strict = { strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true, skipLibCheck: false, noEmitOnError: true };
const tsTools = { typescript: toolVersion('typescript'), '@types/node': toolVersion('@types/node') };
const tsc = (dir) => run(process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: dir });

await scenario('nodenext: strict TypeScript (module NodeNext) type-checks, compiles and runs', async () => {
  const dir = project('nodenext', {
    devDependencies: tsTools,
    files: {
      'src/main.ts': program,
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], outDir: 'out' }, include: ['src'] }, null, 2),
    },
  });
  tsc(dir);
  checkOutput(run(process.execPath, ['out/main.js'], { cwd: dir }));
});

await scenario('bundler: strict TypeScript (moduleResolution bundler) type-checks', async () => {
  const dir = project('bundler', {
    devDependencies: tsTools,
    files: {
      'src/main.ts': program,
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', types: ['node'], noEmit: true }, include: ['src'] }, null, 2),
    },
  });
  tsc(dir);
});

await scenario('require: a CommonJS program require()s the packages and runs', async () => {
  const dir = project('require', {
    type: 'commonjs',
    files: {
      'main.js': `'use strict';
const { startSimulator } = require('@cloud-jobs/simulator');
const { createJobs, JobFailedError } = require('@cloud-jobs/jobs');
const { createEcsClient } = require('@cloud-jobs/ecs');

(async () => {
  const sim = await startSimulator({ tokens: ['${TOKEN}'] });
  try {
    const jobs = createJobs({ baseUrl: sim.url, token: '${TOKEN}', projectId: '${PROJECT_ID}' });
    const ok = sim.createJob({ service: 'dcs', durationMs: 300 });
    const bad = sim.createJob({ service: 'ecs', durationMs: 300, outcome: 'failure' });
    const done = await jobs.wait('dcs', { jobId: ok.id }, { minDelayMs: 50, timeoutMs: 60000 });
    const failed = await jobs.wait('ecs', { jobId: bad.id }, { minDelayMs: 50, timeoutMs: 60000 }).then(() => false, (e) => e instanceof JobFailedError);
    if (typeof createEcsClient !== 'function') throw new Error('createEcsClient is not a function');
    console.log(JSON.stringify({ state: done.state, failed }));
  } finally {
    await sim.close();
  }
})().catch((err) => { console.error(err); process.exit(1); });
`,
    },
  });
  // Node 20 calls require() of ESM experimental and says so; the warning is expected here.
  const out = JSON.parse(run(process.execPath, ['--disable-warning=ExperimentalWarning', 'main.js'], { cwd: dir }).trim().split('\n').pop() ?? '');
  if (out.state !== 'succeeded' || out.failed !== true) throw new Error(`unexpected result ${JSON.stringify(out)}`);
});

await scenario('browser: an esbuild browser bundle of a client pulls in no Node built-in, and runs', async () => {
  const dir = project('browser', {
    devDependencies: { esbuild: toolVersion('esbuild') },
    files: {
      // A page's client code: one service, the waiter, fetch from the browser.
      'src/app.js': `import { createEcsClient } from '@cloud-jobs/ecs';
import { fetchJob, waitForJob } from '@cloud-jobs/jobs';
import { ecs } from '@cloud-jobs/jobs/ecs';

export async function waitInBrowser(baseUrl, token, projectId, jobId) {
  const client = createEcsClient({ baseUrl, token });
  const job = await waitForJob(({ signal }) => fetchJob(ecs, client, { jobId, projectId }, { signal }), {
    ref: { service: ecs.name, jobId, projectId },
    minDelayMs: 50,
    timeoutMs: 60000,
  });
  return job.state;
}
`,
      'build.mjs': `import { build } from 'esbuild';
const result = await build({ entryPoints: ['src/app.js'], bundle: true, platform: 'browser', format: 'esm', outfile: 'out/app.js', metafile: true, logLevel: 'error' });
const builtins = Object.keys(result.metafile.inputs).filter((file) => file.startsWith('node:') || /(^|\\/)node_modules\\/(undici|ws)\\//.test(file));
const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
if (builtins.length || imports.length) { console.error('node built-ins in the browser bundle:', [...builtins, ...imports]); process.exit(1); }
console.log(JSON.stringify({ bytes: Object.values(result.metafile.outputs)[0].bytes }));
`,
      'run.mjs': `import { startSimulator } from '@cloud-jobs/simulator';
import { waitInBrowser } from './out/app.js';
const sim = await startSimulator({ tokens: ['${TOKEN}'] });
try {
  const { id } = sim.createJob({ service: 'ecs', durationMs: 300, subtasks: 2 });
  console.log(JSON.stringify({ state: await waitInBrowser(sim.url, '${TOKEN}', '${PROJECT_ID}', id) }));
} finally {
  await sim.close();
}
`,
    },
  });
  run(process.execPath, ['build.mjs'], { cwd: dir });
  const bundle = readFileSync(join(dir, 'out', 'app.js'), 'utf8');
  const nodeImport = /\b(?:from|import|require)\s*\(?\s*["'](node:[^"']+|fs|path|http|https|net|crypto|stream|zlib)["']/.exec(bundle);
  if (nodeImport) throw new Error(`the bundle imports ${nodeImport[1]}`);
  const out = JSON.parse(run(process.execPath, ['run.mjs'], { cwd: dir }).trim().split('\n').pop() ?? '');
  if (out.state !== 'succeeded') throw new Error(`the bundled waiter ended ${out.state}`);
});

await scenario('bins: cloud-jobs-sim serves, cloud-jobs get reads one of its jobs', async () => {
  const dir = join(work, 'require'); // any project has both bins installed
  const bin = (name) => join(dir, 'node_modules', '.bin', name);
  if (!existsSync(bin('cloud-jobs-sim')) || !existsSync(bin('cloud-jobs'))) throw new Error(`bins missing in node_modules/.bin: ${readdirSync(join(dir, 'node_modules', '.bin')).join(', ')}`);
  const sim = spawn(bin('cloud-jobs-sim'), ['--seed-demo', '--token', TOKEN], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const printed = await new Promise((ok, fail) => {
      let text = '';
      const timer = setTimeout(() => fail(new Error(`cloud-jobs-sim printed no demo job in 30 s: ${text}`)), 30_000);
      sim.stdout.on('data', (chunk) => {
        text += chunk;
        if (/^\s+ecs\s+\S+\s.*http:\/\/\S+$/m.test(text)) {
          clearTimeout(timer);
          ok(text);
        }
      });
      sim.on('exit', (code) => fail(new Error(`cloud-jobs-sim exited ${code}: ${text}`)));
    });
    const url = /listening on (http:\/\/\S+)/.exec(printed)?.[1];
    const jobId = /^\s+ecs\s+(\S+)\s/m.exec(printed)?.[1];
    if (!url || !jobId) throw new Error(`could not read the URL and an ECS job from:\n${printed}`);
    const out = run(bin('cloud-jobs'), ['get', 'ecs', jobId, '--endpoint', url, '--project-id', PROJECT_ID, '--json'], {
      cwd: dir,
      env: { ...process.env, OS_AUTH_TOKEN: TOKEN, NO_COLOR: '1' },
    });
    const job = JSON.parse(out);
    if (job.id !== jobId || typeof job.state !== 'string') throw new Error(`cloud-jobs get printed ${out.slice(0, 300)}`);
  } finally {
    sim.kill('SIGTERM');
  }
});

const failed = results.filter((r) => !r.ok).length;
if (!keep) rmSync(work, { recursive: true, force: true });
console.log(`consumer test: ${results.length - failed} of ${results.length} scenarios passed${keep ? `, projects kept in ${work}` : ''}`);
process.exit(failed === 0 ? 0 : 1);

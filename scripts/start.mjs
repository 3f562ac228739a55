#!/usr/bin/env node
// `npm start`: the whole project on this machine, with no cloud account.
//   1. builds every package and the docs portal (`npx turbo run build docs`; skip with --no-build),
//   2. starts the simulator of every job API on 127.0.0.1:4010 (SIM_PORT or PORT; a free port
//      if that one is taken) and seeds the demo jobs,
//   3. serves the docs portal (site/) on 127.0.0.1:4000 (DOCS_PORT) when it was built, compressed
//      and with caching headers, its "Try it" panels calling the simulator through the docs
//      server (scripts/docs/server.mjs),
//   4. prints the URLs and a ready-to-paste `cloud-jobs wait` command on the featured demo job,
//      which runs for 10 minutes (FEATURED_MS), so it is still going when a reader gets to it.
// Ctrl-C (SIGINT), SIGTERM or SIGHUP closes both servers and exits 0; so does the end of the
// process that started this one (`npm start` gets the signal, and does not always pass it on).
// Usage: node scripts/start.mjs [--no-build] [--site <dir>] [--demo-scale <factor>]
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDocsServer } from './docs/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HOST = '127.0.0.1';

const USAGE = `Usage: npm start [-- options]   (or: node scripts/start.mjs [options])

Builds everything, starts the local simulator of the job APIs with demo jobs, serves the
docs portal, and prints a cloud-jobs command to try. Ctrl-C stops it.

Options:
  --no-build             skip \`npx turbo run build docs\` (use what is already built)
  --site <dir>           the portal to serve (default: site/)
  --demo-scale <factor>  multiply the demo jobs' durations (e.g. 0.1 for a quick run)
  -h, --help             show this help

Environment:
  SIM_PORT (or PORT)     simulator port (default 4010; 0 = any free port)
  DOCS_PORT              portal port (default 4000; 0 = any free port)`;

/** @param {string} message */
function fail(message, code = 1) {
  process.stderr.write(`npm start: ${message}\n`);
  process.exit(code);
}

// ---------------------------------------------------------------------------------------------
// Command line and environment

/** @returns {{ build: boolean, site: string, demoScale: number }} */
function readOptions() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        'no-build': { type: 'boolean' },
        site: { type: 'string' },
        'demo-scale': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`, 2);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const demoScale = values['demo-scale'] === undefined ? 1 : Number(values['demo-scale']);
  if (!Number.isFinite(demoScale) || demoScale <= 0 || demoScale > 100) fail('--demo-scale must be a number above 0 (at most 100)', 2);
  return { build: !values['no-build'], site: resolve(values.site ?? join(root, 'site')), demoScale };
}

/**
 * @param {string} name
 * @param {string | undefined} raw
 * @param {number} fallback
 */
function portFrom(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) fail(`${name} must be a port number from 0 to 65535, got ${JSON.stringify(raw)}`, 2);
  return Number(raw);
}

// ---------------------------------------------------------------------------------------------
// Build

/** Runs `npx turbo run build docs --continue`; resolves with its exit code. */
function build() {
  process.stdout.write('Building every package and the docs portal (npx turbo run build docs)...\n');
  return new Promise((resolveCode) => {
    const child = spawn(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['turbo', 'run', 'build', 'docs', '--continue'], {
      cwd: root,
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('error', (error) => {
      process.stderr.write(`npm start: could not run turbo: ${error.message}\n`);
      resolveCode(1);
    });
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Listens on HOST:port, or on a free port when that one is taken.
 * @param {import('node:http').Server} server
 * @param {number} port
 * @returns {Promise<{ port: number, moved: boolean }>}
 */
async function listen(server, port) {
  const attempt = (p) =>
    new Promise((resolveListen, reject) => {
      server.once('error', reject);
      server.listen({ port: p, host: HOST }, () => {
        server.off('error', reject);
        resolveListen(/** @type {import('node:net').AddressInfo} */ (server.address()).port);
      });
    });
  try {
    return { port: await attempt(port), moved: false };
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE' || port === 0) throw error;
    return { port: await attempt(0), moved: true };
  }
}

// ---------------------------------------------------------------------------------------------
// Main

const options = readOptions();
const simPort = portFrom(process.env.SIM_PORT !== undefined ? 'SIM_PORT' : 'PORT', process.env.SIM_PORT ?? process.env.PORT, 4010);
const docsPort = portFrom('DOCS_PORT', process.env.DOCS_PORT, 4000);

if (options.build) {
  const code = await build();
  if (code !== 0) process.stderr.write(`npm start: the build failed (exit code ${code}); starting what was built.\n`);
}

const simulatorEntry = join(root, 'packages', 'simulator', 'dist', 'index.js');
if (!existsSync(simulatorEntry)) {
  fail(`${relative(root, simulatorEntry)} is missing: build first (npm start without --no-build, or npx turbo run build)`);
}
/** @type {typeof import('../packages/simulator/dist/index.js')} */
const simulatorModule = await import(pathToFileURL(simulatorEntry).href);
const { startSimulator, seedDemoJobs, DEFAULT_PROJECT_ID } = simulatorModule;

/** @type {import('../packages/simulator/dist/index.js').Simulator} */
let sim;
let simMoved = false;
try {
  sim = await startSimulator({ port: simPort, host: HOST });
} catch (error) {
  if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EADDRINUSE' || simPort === 0) throw error;
  sim = await startSimulator({ port: 0, host: HOST });
  simMoved = true;
}

// The simulator's service modules choose the demo jobs and the featured one (it succeeds with subtasks).
const demo = seedDemoJobs(sim, { scale: options.demoScale });

// The featured job is the one the printed command waits on: made again with a long duration, so
// it is not over by the time someone reads the output and pastes the command.
const FEATURED_MS = 10 * 60_000;
const seeded = demo.find((d) => d.featured) ?? demo[0];
const featured = seeded && {
  ...seeded,
  spec: { ...seeded.spec, durationMs: Math.round(FEATURED_MS * options.demoScale), blockedMs: 0 },
  job: sim.createJob({ ...seeded.spec, durationMs: Math.round(FEATURED_MS * options.demoScale), blockedMs: 0 }),
};
if (featured) demo.push(featured);

/** One demo job per service for the docs' "Try it" panels: the featured one, else the service's first that succeeds. */
function tryItJobs() {
  /** @type {Record<string, { id: string, path: string, detail: string }>} */
  const jobs = {};
  const ordered = [...(featured ? [featured] : []), ...demo.filter((d) => (d.spec.outcome ?? 'success') === 'success'), ...demo];
  for (const { spec, job } of ordered) {
    jobs[job.service] ??= { id: job.id, path: job.path, detail: `${spec.outcome ?? 'success'}, ${Math.round((spec.durationMs ?? 0) / 1000)} s from the start` };
  }
  return jobs;
}

/** @type {import('node:http').Server | undefined} */
let docs;
let docsUrl;
let docsMoved = false;
const siteIndex = join(options.site, 'index.html');
if (existsSync(siteIndex)) {
  docs = await createDocsServer({ site: options.site, tryIt: { simulator: sim.url, jobs: tryItJobs() } });
  const listening = await listen(docs, docsPort);
  docsUrl = `http://${HOST}:${listening.port}/`;
  docsMoved = listening.moved;
}

// What to print.
const lines = [''];
lines.push('cloud-jobs is running (no cloud account needed):');
lines.push(`  simulator   ${sim.url}${simMoved ? `   (port ${simPort} was taken)` : ''}`);
lines.push(
  docsUrl
    ? `  docs portal ${docsUrl}${docsMoved ? `   (port ${docsPort} was taken)` : ''}`
    : `  docs portal not served: ${relative(root, siteIndex) || siteIndex} does not exist (build it with npm run docs)`,
);
lines.push('', 'Demo jobs (they run from now on; any X-Auth-Token is accepted):');
for (const { spec, job } of demo) {
  if (featured && spec === seeded?.spec) continue;
  const detail = `${spec.outcome ?? 'success'}${spec.blockedMs ? ', blocked first' : ''}, ${Math.round((spec.durationMs ?? 0) / 100) / 10}s`;
  lines.push(`  ${job.service.padEnd(12)} ${job.id.padEnd(40)} ${detail.padEnd(28)} ${sim.url}${job.path}`);
}

const cliBin = join(root, 'packages', 'cli', 'dist', 'bin.js');
const binShown = process.cwd() === root ? relative(root, cliBin) : cliBin;
if (featured) {
  const projectId = featured.job.projectId ?? DEFAULT_PROJECT_ID;
  lines.push('', 'Wait on a demo job with live progress (paste into another terminal):');
  lines.push(`  OS_AUTH_TOKEN=demo HUAWEICLOUD_SDK_PROJECT_ID=${projectId} node ${binShown} wait ${featured.job.service} ${featured.job.id} --endpoint ${sim.url} --interval 500ms --max-interval 2s`);
  if (!existsSync(cliBin)) lines.push(`  (${relative(root, cliBin)} is not built yet: npx turbo run build --filter=@cloud-jobs/cli...)`);
}
if (featured) {
  const another = JSON.stringify({ service: featured.spec.service, durationMs: 30000, ...(featured.spec.subtasks ? { subtasks: featured.spec.subtasks } : {}) });
  lines.push('', 'Create another job:');
  lines.push(`  curl -s ${sim.url}/_admin/jobs -H 'Content-Type: application/json' -d '${another}'`);
}
lines.push('', 'Press Ctrl-C to stop.', '');
process.stdout.write(lines.join('\n'));

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const closing = [sim.close()];
  if (docs) {
    const server = docs;
    closing.push(new Promise((resolveClose) => server.close(() => resolveClose(undefined))));
    server.closeAllConnections();
  }
  const results = await Promise.allSettled(closing);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    process.stderr.write(`npm start: could not stop cleanly: ${String(/** @type {PromiseRejectedResult} */ (failed).reason)}\n`);
    process.exit(1);
  }
  process.stdout.write(`\nStopped (${signal}).\n`);
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);

// `npm start` runs this script under npm (and a shell): a SIGINT sent to npm's own process does not
// always reach this one, which would leave both servers running with nobody to stop them. The
// processes above this one are watched; when one ends (or this one is re-parented), stop.
const watched = ancestors();
const parentAtStart = process.ppid;
const watch = setInterval(() => {
  const gone = process.ppid !== parentAtStart || watched.some((pid) => !alive(pid));
  if (gone) void stop('parent exited');
}, 500);
watch.unref();

/** @param {number} pid */
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

/** The parent and, when npm started this script through a shell, the shells up to npm's process (Linux: /proc; elsewhere the parent only). */
function ancestors() {
  const pids = [process.ppid];
  if (!process.env['npm_lifecycle_event']) return pids;
  for (let pid = process.ppid, depth = 0; depth < 4 && pid > 1; depth++) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      break;
    }
    // "pid (command) state ppid ...": the command may hold spaces and parentheses.
    const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    pids.push(pid);
    if (!/^(sh|bash|dash)$/.test(command) || !(parent > 1)) break;
    pid = parent;
  }
  return [...new Set(pids)];
}

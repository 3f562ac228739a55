#!/usr/bin/env node
// `npm start`: the whole project on this machine, with no cloud account.
//   1. builds every package and the docs portal (`npx turbo run build docs`; skip with --no-build),
//   2. starts the simulator of every job API on 127.0.0.1:4010 (SIM_PORT or PORT; a free port
//      if that one is taken) and seeds the demo jobs,
//   3. serves the docs portal (site/) on 127.0.0.1:4000 (DOCS_PORT) when it was built,
//   4. prints the URLs and a ready-to-paste `cloud-jobs wait` command on a demo job.
// Ctrl-C (SIGINT) or SIGTERM closes both servers and exits 0.
// Usage: node scripts/start.mjs [--no-build] [--site <dir>] [--demo-scale <factor>]
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

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

// ---------------------------------------------------------------------------------------------
// The docs portal: a tiny static file server

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 */
function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${text}\n`);
}

/**
 * A static server for `dir`: GET and HEAD only; a path that leaves `dir` (`..`, encoded or not,
 * or a symlink pointing out) is a 404; a directory serves its index.html.
 * @param {string} dir
 */
async function createStaticServer(dir) {
  const base = await realpath(dir);
  const inside = (path) => path === base || path.startsWith(base + sep);
  return createServer((req, res) => {
    serveFile(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   */
  async function serveFile(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return sendText(res, 400, 'bad request');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return sendText(res, 400, 'bad request');
    let file = resolve(base, `.${pathname}`);
    if (!inside(file)) return sendText(res, 404, 'not found');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return sendText(res, 301, 'moved', { Location: `${pathname}/` });
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return sendText(res, 404, 'not found');
    const real = await realpath(file);
    if (!inside(real)) return sendText(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extname(real).toLowerCase())] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(real).on('error', () => res.destroy()).pipe(res);
  }
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

/** @type {import('node:http').Server | undefined} */
let docs;
let docsUrl;
let docsMoved = false;
const siteIndex = join(options.site, 'index.html');
if (existsSync(siteIndex)) {
  docs = await createStaticServer(options.site);
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
  const detail = `${spec.outcome ?? 'success'}${spec.blockedMs ? ', blocked first' : ''}, ${Math.round((spec.durationMs ?? 0) / 100) / 10}s`;
  lines.push(`  ${job.service.padEnd(12)} ${job.id.padEnd(40)} ${detail.padEnd(28)} ${sim.url}${job.path}`);
}

const featured = demo.find((d) => d.featured) ?? demo[0];
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

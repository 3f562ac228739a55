#!/usr/bin/env node
// The one closing line CI reads, `N passed, N failed`, printed whatever happened before it.
//
//   node scripts/test-summary.mjs [--since MS] [--matrix] [--check NAME=EXIT]... [-- COMMAND ARGS...]
//
// With a command (the root `npm test` passes `turbo run test typecheck --continue --summarize`) it
// runs it first and counts only what that run wrote. It sums the vitest JSON reports
// packages/*/test-results/vitest.json (with --matrix also the Node matrix's vitest-node<N>.json),
// counts each turbo task that failed or never ran (a typecheck, a build) as one failure unless its
// own report already shows a failed test, and each --check (a release check, the consumer test) as
// one test that passed when EXIT is 0. Exits 1 when anything failed or no report was found.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { since, matrix, checks, command } = parseArgs(process.argv.slice(2));

let commandFailed = false;
let start = since;
if (command.length > 0) {
  start ??= Date.now() - 1000; // mtimes may be a little behind the clock
  const run = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  commandFailed = run.status !== 0;
  if (run.error) console.error(`could not run ${command.join(' ')}: ${run.error.message}`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;

// With a turbo `--summarize` file from this run, its test tasks say which main reports are this
// run's (a cache hit leaves the report as it was, mtime and all); without one, the file times do.
const turbo = latestTurboSummary(start);
const mainReports = new Map();
if (turbo) {
  for (const task of turbo.tasks ?? []) {
    if (task.task !== 'test' || task.command === '<NONEXISTENT>') continue;
    const file = join(root, task.directory, 'test-results', 'vitest.json');
    const fresh = existsSync(file) && (task.cache?.status === 'HIT' || statSync(file).mtimeMs >= (task.execution?.startTime ?? Infinity) - 1000);
    if (fresh) mainReports.set(task.taskId, file);
  }
}
const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'test-results');
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (name === 'vitest.json' && turbo) continue; // taken from the turbo run below
    if (name !== 'vitest.json' && !(matrix && /^vitest-node\d+\.json$/.test(name))) continue;
    if (start !== undefined && statSync(file).mtimeMs < start) continue; // left by an earlier run
    files.push({ label: `${pkg} (${name})`, file });
  }
}
for (const [taskId, file] of mainReports) files.push({ label: taskId, file, taskId });

/** Test tasks whose report has a failed test (the task's own failure is then counted already). */
const failedTasks = new Set();
for (const { label, file, taskId } of files) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports += 1;
  const failedHere = (report.numFailedTests ?? 0) + countFilesFailedWithoutTests(report);
  passed += report.numPassedTests ?? 0;
  failed += failedHere;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (failedHere > 0) {
    if (taskId) failedTasks.add(taskId);
    console.error(`${label}: ${failedHere} failed`);
  }
}

/**
 * A test file that failed with no failed test in it (it did not load, or a hook threw) counts as one
 * failure. (`numFailedTestSuites` is no help: vitest counts describe blocks as suites too.)
 */
function countFilesFailedWithoutTests(report) {
  return (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}

// Turbo tasks that failed or never ran: a broken typecheck or build fails no vitest test, but must
// still fail the run.
if (turbo) {
  for (const task of turbo.tasks ?? []) {
    if (task.command === '<NONEXISTENT>') continue; // the package has no such script
    const exit = task.execution?.exitCode;
    if (exit === 0 || failedTasks.has(task.taskId)) continue;
    failed += 1;
    console.error(`turbo task ${task.taskId} ${exit === undefined || exit === null ? 'did not run' : `failed (exit ${exit})`}`);
  }
} else if (commandFailed) {
  failed += 1;
  console.error(`${command.join(' ')} failed`);
}

for (const { name, exit } of checks) {
  if (exit === 0) passed += 1;
  else {
    failed += 1;
    console.error(`check ${name} failed (exit ${exit})`);
  }
}

if (reports === 0) {
  failed += 1;
  console.error('no vitest report found under packages/*/test-results/');
}
if (skipped > 0) console.error(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || commandFailed ? 1 : 0);

function latestTurboSummary(after) {
  if (after === undefined) return undefined;
  const dir = join(root, '.turbo', 'runs');
  if (!existsSync(dir)) return undefined;
  const newest = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ file: join(dir, name), mtime: statSync(join(dir, name)).mtimeMs }))
    .filter((f) => f.mtime >= after)
    .sort((a, b) => b.mtime - a.mtime)[0];
  return newest ? JSON.parse(readFileSync(newest.file, 'utf8')) : undefined;
}

function parseArgs(argv) {
  const out = { since: undefined, matrix: false, checks: [], command: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--') {
      out.command = argv.slice(i + 1);
      break;
    } else if (arg === '--matrix') out.matrix = true;
    else if (arg === '--since') {
      out.since = Number(argv[++i]);
      if (!Number.isFinite(out.since)) usage(`--since needs a time in milliseconds since the epoch, got ${argv[i]}`);
    } else if (arg === '--check') {
      const m = /^([^=]+)=(-?\d+)$/.exec(argv[++i] ?? '');
      if (!m) usage(`--check needs NAME=EXIT, got ${argv[i]}`);
      out.checks.push({ name: m[1], exit: Number(m[2]) });
    } else usage(`unknown option ${arg}`);
  }
  return out;
}

function usage(message) {
  console.error(`test-summary: ${message}`);
  console.log('0 passed, 1 failed');
  process.exit(2);
}

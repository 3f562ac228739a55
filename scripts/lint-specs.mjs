#!/usr/bin/env node
// Lints one service's spec (or all, with no argument) with Redocly and fails on any problem,
// warnings included. Usage: node scripts/lint-specs.mjs [service]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const service = process.argv[2];
const apis = Object.keys(parse(readFileSync(join(root, 'redocly.yaml'), 'utf8')).apis);
const api = service && apis.find((name) => name.startsWith(`${service}@`));
if (service && !api) {
  console.error(`no API for ${service} in redocly.yaml; known: ${apis.join(', ')}`);
  process.exit(2);
}
const args = [cli, 'lint', ...(api ? [api] : []), '--config', join(root, 'redocly.yaml'), '--format', 'json'];
const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...process.env } });
const start = run.stdout.indexOf('{');
if (start < 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status || 1);
}
const report = JSON.parse(run.stdout.slice(start));
const problems = report.problems ?? [];
for (const p of problems) {
  const where = p.location?.[0];
  console.error(`${p.severity} ${p.ruleId}: ${p.message}${where ? ` (${where.source?.ref ?? ''} ${where.pointer ?? ''})` : ''}`);
}
console.log(`${service ?? 'all specs'}: ${problems.length === 0 ? 'no problems' : `${problems.length} problem(s)`}`);
process.exit(problems.length === 0 && run.status === 0 ? 0 : 1);

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
// One Redocly run per API: with several, it prints one JSON report each, which one parse cannot read.
function lint(name) {
  const args = [cli, 'lint', name, '--config', join(root, 'redocly.yaml'), '--format', 'json'];
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', ...process.env } });
  const start = run.stdout.indexOf('{');
  if (start < 0) {
    process.stderr.write(run.stdout + run.stderr);
    return { ok: false, problems: [] };
  }
  const problems = JSON.parse(run.stdout.slice(start)).problems ?? [];
  return { ok: problems.length === 0 && run.status === 0, problems };
}

let ok = true;
let count = 0;
for (const name of api ? [api] : apis) {
  const result = lint(name);
  for (const p of result.problems) {
    const where = p.location?.[0];
    console.error(`${name}: ${p.severity} ${p.ruleId}: ${p.message}${where ? ` (${where.source?.ref ?? ''} ${where.pointer ?? ''})` : ''}`);
  }
  ok &&= result.ok;
  count += result.problems.length;
}
// A run that failed without a report (a spec that does not parse) is a failure, not "no problems".
const verdict = count > 0 ? `${count} problem(s)` : ok ? 'no problems' : 'lint failed (see above)';
(ok ? console.log : console.error)(`${service ?? 'all specs'}: ${verdict}`);
process.exit(ok ? 0 : 1);

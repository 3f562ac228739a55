#!/usr/bin/env node
// Proves the minimum TypeScript version the READMEs state: a strict NodeNext consumer of a client
// and of @cloud-jobs/jobs type-checks with MINIMUM and fails with the release below it (inside
// openapi-fetch's declarations). Needs the built packages and the registry (it installs both
// compilers into a temporary directory, or into --cache <dir> to reuse them). For CI:
//
//   node scripts/check-typescript-minimum.mjs [--cache <dir>]
//
// Exit 0 when both hold, 1 otherwise (with the compiler output).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The oldest TypeScript that type-checks a consumer (the READMEs' "Supported versions" say so). */
export const MINIMUM = '5.4';
/** The release below it, which must fail. */
export const BELOW = '5.3';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const cacheAt = args.indexOf('--cache');
const work = cacheAt >= 0 ? args[cacheAt + 1] : mkdtempSync(join(tmpdir(), 'cloud-jobs-tsmin-'));
if (!work) {
  console.error('usage: node scripts/check-typescript-minimum.mjs [--cache <dir>]');
  process.exit(2);
}
mkdirSync(work, { recursive: true });

const alias = (v) => `ts${v.replace('.', '')}`;
const tools = join(work, 'tools');
if (![MINIMUM, BELOW].every((v) => existsSync(join(tools, 'node_modules', alias(v), 'bin', 'tsc')))) {
  mkdirSync(tools, { recursive: true });
  writeFileSync(join(tools, 'package.json'), '{ "name": "tsmin-tools", "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const specs = [MINIMUM, BELOW].map((v) => `${alias(v)}@npm:typescript@~${v}.0`);
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...specs], { cwd: tools, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

// The consumer: our packages linked in as a registry install would place them (their own
// dependencies resolve from the repository's node_modules, as after a workspace install).
const consumer = join(work, 'consumer');
rmSync(consumer, { recursive: true, force: true });
mkdirSync(join(consumer, 'node_modules', '@cloud-jobs'), { recursive: true });
for (const name of readdirSync(join(ROOT, 'packages'))) {
  if (existsSync(join(ROOT, 'packages', name, 'dist'))) symlinkSync(join(ROOT, 'packages', name), join(consumer, 'node_modules', '@cloud-jobs', name), 'dir');
}
for (const dep of ['openapi-fetch', 'openapi-typescript-helpers', '@types']) symlinkSync(join(ROOT, 'node_modules', dep), join(consumer, 'node_modules', dep), 'dir');
writeFileSync(join(consumer, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
writeFileSync(
  join(consumer, 'tsconfig.json'),
  `${JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, skipLibCheck: false, types: ['node'] }, files: ['index.ts'] }, null, 2)}\n`,
);
writeFileSync(join(consumer, 'index.ts'), consumerProgram());

/**
 * A consumer of one client and of the facade. The client is the first (by name) whose job path takes
 * only project_id and job_id, read from the packages and specs: this script names no service.
 */
function consumerProgram() {
  for (const name of readdirSync(join(ROOT, 'packages')).sort()) {
    const manifest = join(ROOT, 'packages', name, 'package.json');
    const specFile = join(ROOT, 'specs', name, 'openapi.yaml');
    if (!existsSync(manifest) || !existsSync(specFile)) continue;
    const clientName = JSON.parse(readFileSync(manifest, 'utf8')).cloudJobs?.clientName;
    const [path, item] = Object.entries(parse(readFileSync(specFile, 'utf8')).paths ?? {})[0] ?? [];
    const params = [...(item?.parameters ?? []), ...(item?.get?.parameters ?? [])];
    const placeholders = [...(path ?? '').matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const simple = clientName && placeholders.join() === 'project_id,job_id' && !params.some((p) => p.in === 'query' && p.required);
    if (!simple) continue;
    return `import { create${clientName}Client } from '@cloud-jobs/${name}';
import { createJobs, type Job } from '@cloud-jobs/jobs';

const client = create${clientName}Client({ baseUrl: 'http://127.0.0.1:4010', token: 't' });
const { data } = await client.GET('${path}', { params: { path: { project_id: 'p', job_id: 'j' } } });
const jobs = createJobs({ baseUrl: 'http://127.0.0.1:4010', token: 't', projectId: 'p' });
const job: Job = await jobs.get('${name}', { jobId: 'j' });
console.log(data, job.state);
`;
  }
  throw new Error('no client package with a {project_id}/{job_id} job path to type-check');
}

function tsc(version) {
  const r = spawnSync(process.execPath, [join(tools, 'node_modules', alias(version), 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const min = tsc(MINIMUM);
const below = tsc(BELOW);
let ok = true;
if (!min.ok) {
  ok = false;
  console.error(`TypeScript ${MINIMUM} (the stated minimum) fails:\n${min.output}`);
}
if (below.ok) {
  ok = false;
  console.error(`TypeScript ${BELOW} passes too: the minimum is lower than ${MINIMUM}; lower it in the READMEs and here`);
} else if (!/openapi-(fetch|typescript-helpers)/.test(below.output)) {
  ok = false;
  console.error(`TypeScript ${BELOW} fails, but not in openapi-fetch's declarations:\n${below.output}`);
}
if (cacheAt < 0) rmSync(work, { recursive: true, force: true });
console.log(ok ? `typescript minimum: ${MINIMUM} passes, ${BELOW} fails (in openapi-fetch's declarations)` : 'typescript minimum: check failed');
process.exit(ok ? 0 : 1);

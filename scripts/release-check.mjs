#!/usr/bin/env node
// Everything a release needs short of publishing: build, then for every public package publint,
// @arethetypeswrong/cli (ESM-only profile), `npm publish --dry-run` (which must warn about nothing)
// and a tarball in the output folder. Never publishes: `changeset publish` is the only way to do
// that, by hand, after `changeset version`.
//
//   node scripts/release-check.mjs [--out DIR] [--no-build]     (npm run release:check)
//
// DIR defaults to test-artifacts/packs. Exits 1 when any check of any package failed.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pack, publicPackages, root } from './packages.mjs';

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const out = resolve(outIndex >= 0 ? args[outIndex + 1] ?? '' : join(root, 'test-artifacts', 'packs'));
const bin = join(root, 'node_modules', '.bin');
// A dry run all the same if a flag were lost on the way.
const env = { ...process.env, npm_config_dry_run: 'true', FORCE_COLOR: '0', NO_COLOR: '1' };

const problems = [];
function step(label, command, argv, options = {}) {
  const run = spawnSync(command, argv, { cwd: options.cwd ?? root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  const complaint = run.status !== 0 ? `exit ${run.status ?? run.signal}` : options.check?.(output);
  if (complaint) {
    problems.push(`${options.pkg ? `${options.pkg}: ` : ''}${label}: ${complaint}`);
    console.log(`  FAIL ${label} (${complaint})\n${indent(output)}`);
  } else console.log(`  ok   ${label}`);
  return output;
}
const indent = (text) => text.trimEnd().split('\n').map((line) => `       ${line}`).join('\n');

if (!args.includes('--no-build')) {
  console.log('release check: build');
  step('turbo run build', join(bin, 'turbo'), ['run', 'build', '--output-logs=errors-only']);
}
console.log('release check: changesets');
try {
  // What `changeset version` would do: reads .changeset/config.json and every pending changeset, and
  // throws on a bad config or a changeset naming an unknown package. (`changeset status` instead
  // compares with the main branch, so it says nothing on main and fails on a dirty tree.)
  const fromCli = createRequire(join(root, 'node_modules', '@changesets', 'cli', 'package.json'));
  const planModule = await import(pathToFileURL(fromCli.resolve('@changesets/get-release-plan')).href);
  const getReleasePlan = planModule.default.default ?? planModule.default;
  const plan = await getReleasePlan(root);
  const releases = plan.releases.map((r) => `${r.name} ${r.oldVersion} -> ${r.newVersion}`);
  console.log(`  ok   ${plan.changesets.length} pending changeset(s)${releases.length ? `: ${releases.join(', ')}` : ''}`);
} catch (err) {
  problems.push(`changesets: ${err.message}`);
  console.log(`  FAIL changesets (${err.message})`);
}

rmSync(out, { recursive: true, force: true });
const packages = publicPackages();
for (const pkg of packages) {
  console.log(`release check: ${pkg.name}@${pkg.version}`);
  if (!existsSync(join(pkg.dir, 'CHANGELOG.md'))) problems.push(`${pkg.name}: no CHANGELOG.md`);
  let tarball;
  try {
    tarball = pack(pkg, out);
    console.log(`  ok   npm pack -> ${relative(root, tarball)}`);
  } catch (err) {
    problems.push(`${pkg.name}: ${err.message}`);
    console.log(`  FAIL npm pack\n${indent(err.message)}`);
    continue;
  }
  step('publint --strict', join(bin, 'publint'), ['--strict'], { cwd: pkg.dir, pkg: pkg.name });
  step('attw --profile esm-only', join(bin, 'attw'), [tarball, '--profile', 'esm-only', '--no-color', '--no-emoji', '--format', 'ascii'], {
    cwd: pkg.dir,
    pkg: pkg.name,
    // attw exits 0 on a package without types: for us that is a broken build.
    check: (output) => (/does not contain types/.test(output) ? 'the tarball has no types' : undefined),
  });
  step('npm publish --dry-run', 'npm', ['publish', '--dry-run', '--ignore-scripts'], {
    cwd: pkg.dir,
    pkg: pkg.name,
    // Only a dry run's own "you would need to log in" may be a warning.
    check: (output) => {
      const warnings = output.split('\n').filter((line) => /^npm warn/i.test(line) && !/requires you to be logged in/.test(line));
      return warnings.length > 0 ? `${warnings.length} warning(s): ${warnings.join(' | ')}` : undefined;
    },
  });
}

console.log(
  problems.length === 0
    ? `release check: ${packages.length} packages ready, tarballs in ${relative(root, out)}/ (nothing published)`
    : `release check: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
);
process.exit(problems.length === 0 ? 0 : 1);

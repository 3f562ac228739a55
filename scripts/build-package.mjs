#!/usr/bin/env node
// Builds the package in the current directory: declarations by tsc, then ONE esm file per published
// entry by esbuild. Node loads one file per entry instead of one per source module (ESM start-up
// cost follows the module count); every dependency stays an import, so our packages never carry a
// copy of each other (one class per error, one secret registry).
//
//   node ../../scripts/build-package.mjs [--platform=node]
//
// Entries come from package.json: every `./dist/X.js` target in `exports` (built from `src/X.ts`),
// a subpath pattern `./dist/<dir>/*.js` (one file per `src/<dir>/<name>/index.ts`, with a
// `dist/<dir>/<name>.d.ts` beside it so the pattern's `types` resolve), and `bin` targets (made
// executable). Platform is neutral unless `--platform=node` or `"cloudJobs": { "platform": "node" }`.
// dist ends up holding only .js and .d.ts: no source maps, and so nothing points at a missing one.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
const platformArg = process.argv.slice(2).find((a) => a.startsWith('--platform='))?.slice('--platform='.length);
const platform = platformArg ?? pkg.cloudJobs?.platform ?? 'neutral';
if (!['neutral', 'node', 'browser'].includes(platform)) fail(`unknown platform "${platform}" (neutral, node or browser)`);

/** Every string target under `exports` (conditions and nested objects included). */
function exportTargets(value) {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(exportTargets);
  return [];
}

function fail(message) {
  console.error(`build-package (${pkg.name ?? cwd}): ${message}`);
  process.exit(1);
}

/** The package's bin paths, as written. */
function binFiles() {
  return typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
}

/** [{ source, out, shim? }] for every JS entry the package publishes. */
function collectEntries() {
  const targets = new Set(exportTargets(pkg.exports ?? {}));
  if (typeof pkg.main === 'string') targets.add(pkg.main.startsWith('./') ? pkg.main : `./${pkg.main}`);
  // A bin outside dist is a committed shim (npm links a bin at install only if its file exists):
  // the dist files it imports are its entries.
  for (const b of binFiles()) {
    const bin = b.startsWith('./') ? b : `./${b}`;
    if (bin.startsWith('./dist/')) targets.add(bin);
    else for (const m of readFileSync(join(cwd, bin), 'utf8').matchAll(/['"]\.\.\/(dist\/[^'"]+\.js)['"]/g)) targets.add(`./${m[1]}`);
  }
  const entries = new Map();
  for (const target of targets) {
    if (!target.endsWith('.js')) continue; // types, package.json
    const m = /^\.\/dist\/(.+)\.js$/.exec(target);
    if (!m) fail(`export target ${target} is not under ./dist/`);
    const path = m[1];
    if (path.includes('*')) {
      const star = /^(.*\/)?\*$/.exec(path);
      if (!star) fail(`pattern ${target}: only a trailing "*" file name is supported`);
      const dir = star[1] ?? '';
      const srcDir = join(cwd, 'src', dir);
      const names = existsSync(srcDir)
        ? readdirSync(srcDir).filter((n) => statSync(join(srcDir, n)).isDirectory() && existsSync(join(srcDir, n, 'index.ts')))
        : [];
      if (names.length === 0) fail(`pattern ${target} matches no src/${dir}<name>/index.ts`);
      for (const n of names.sort()) {
        entries.set(`${dir}${n}`, { source: join(srcDir, n, 'index.ts'), out: join(cwd, 'dist', `${dir}${n}.js`), shim: { file: join(cwd, 'dist', `${dir}${n}.d.ts`), to: `./${n}/index.js` } });
      }
      // The modules beside them (a registry of them, say) are built as files of their own, not
      // exported: whoever imports one imports that file, so a bundler can drop it, and the entries
      // it names, when nothing reads it.
      for (const f of readdirSync(srcDir).filter((n) => /\.ts$/.test(n) && !n.endsWith('.d.ts') && statSync(join(srcDir, n)).isFile()).sort()) {
        const base = f.slice(0, -'.ts'.length);
        entries.set(`${dir}${base}`, { source: join(srcDir, f), out: join(cwd, 'dist', `${dir}${base}.js`), support: true });
      }
    } else {
      const source = join(cwd, 'src', `${path}.ts`);
      if (!existsSync(source)) fail(`export target ${target} has no source src/${path}.ts`);
      entries.set(path, { source, out: join(cwd, 'dist', `${path}.js`) });
    }
  }
  if (entries.size === 0) fail('package.json names no ./dist/*.js entry');
  return [...entries.values()];
}

const entries = collectEntries();
rmSync(join(cwd, 'dist'), { recursive: true, force: true });

// 1. Declarations only (tsc also type-checks the sources). No declaration maps: they would point at
//    sources that are not shipped.
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--declarationMap', 'false', '--sourceMap', 'false'], { cwd, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

// 2. One esm file per entry. An entry that imports another entry's source (`env` uses the facade of
//    `.`, a registry names the per-service entries) imports that entry's built file instead of
//    carrying a second copy of it: one copy of each module at run time, and a bundler can drop a
//    whole file nobody reads.
const named = new Map(entries.map((e) => [e.source, e.out]));
function otherEntries(self) {
  return {
    name: 'other-entries-external',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const source = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        const out = named.get(source);
        if (out === undefined || out === self.out) return undefined;
        const path = relative(dirname(self.out), out);
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      });
    },
  };
}
await Promise.all(
  entries.map((e) =>
    build({
      plugins: [otherEntries(e)],
      entryPoints: [e.source],
      outfile: e.out,
      bundle: true,
      format: 'esm',
      platform,
      target: 'es2022',
      packages: 'external',
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
for (const e of entries) {
  if (e.shim) writeFileSync(e.shim.file, `export * from '${e.shim.to}';\n`);
}
for (const b of binFiles()) chmodSync(join(cwd, b), 0o755);

// 3. dist holds only what is published, and every entry has its declarations.
function walk(dir) {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}
const stray = walk(join(cwd, 'dist')).filter((f) => !f.endsWith('.js') && !f.endsWith('.d.ts'));
if (stray.length) fail(`dist holds files other than .js and .d.ts: ${stray.map((f) => relative(cwd, f)).join(', ')}`);
const noTypes = entries.filter((e) => !e.support && !existsSync(e.out.replace(/\.js$/, '.d.ts')));
if (noTypes.length) fail(`no declarations for ${noTypes.map((e) => relative(cwd, e.out)).join(', ')}`);
console.log(`build-package: ${pkg.name} -> ${entries.map((e) => relative(cwd, e.out)).join(', ')} (${platform})`);

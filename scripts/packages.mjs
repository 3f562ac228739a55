// The workspace packages that get published (every packages/* without `"private": true`), and
// packing them into tarballs. Shared by the release check and the consumer test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** `{ name, version, dir, manifest }` of each public workspace package, by folder name. */
export function publicPackages() {
  const out = [];
  for (const folder of readdirSync(join(root, 'packages')).sort()) {
    const file = join(root, 'packages', folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.private) continue;
    out.push({ name: manifest.name, version: manifest.version, dir: join(root, 'packages', folder), manifest });
  }
  return out;
}

/** Packs `pkg` into `dest` with `npm pack`; returns the tarball's absolute path. */
export function pack(pkg, dest) {
  mkdirSync(dest, { recursive: true });
  const run = spawnSync('npm', ['pack', '--json', '--pack-destination', dest], { cwd: pkg.dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`npm pack of ${pkg.name} failed (exit ${run.status}):\n${run.stderr}`);
  const [info] = JSON.parse(run.stdout.slice(run.stdout.indexOf('[')));
  return join(dest, info.filename);
}

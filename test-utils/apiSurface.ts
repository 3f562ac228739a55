// The public surface of a package, as a user's import sees it: every runtime export of every BUILT
// entry (dist), by name and kind. Packages check it against their checked-in api-surface.json so a
// change to what they export shows up in review. Regenerate after a deliberate change with
//   UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ExportEntry {
  name: string;
  /** 'class' for a class, otherwise `typeof` the value ('function', 'object', 'string'...). */
  kind: string;
}

/** Entry subpath ('.', './env', './ecs') -> its exports sorted by name. */
export type ApiSurface = Record<string, ExportEntry[]>;

function kindOf(value: unknown): string {
  if (typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value))) return 'class';
  return typeof value;
}

/** The `default`/`import` JS target of an export condition object (or string). */
function jsTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value.endsWith('.js') ? value : undefined;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    for (const key of ['import', 'default', 'node']) {
      const t = jsTarget(v[key]);
      if (t) return t;
    }
  }
  return undefined;
}

/** Subpath -> absolute file of every built entry named by package.json `exports` (patterns expanded from dist). */
export function builtEntries(packageDir: string): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> | string };
  const exportsField = typeof pkg.exports === 'string' ? { '.': pkg.exports } : (pkg.exports ?? {});
  const out: Record<string, string> = {};
  // A subpath mapped to null is not exported (e.g. an internal file a pattern would reach).
  const blocked = new Set(Object.entries(exportsField).filter(([, value]) => value === null).map(([subpath]) => subpath));
  for (const [subpath, value] of Object.entries(exportsField)) {
    const target = jsTarget(value);
    if (!target) continue;
    if (!subpath.includes('*')) {
      out[subpath] = join(packageDir, target);
      continue;
    }
    // './*' -> './dist/services/*.js': one entry per built file in that folder.
    const [before, after] = target.split('*') as [string, string];
    const dir = join(packageDir, before.slice(0, before.lastIndexOf('/') + 1));
    const prefix = before.slice(before.lastIndexOf('/') + 1);
    if (!existsSync(dir)) throw new Error(`${subpath}: ${dir} does not exist (build the package first)`);
    for (const file of readdirSync(dir).sort()) {
      if (!file.startsWith(prefix) || !file.endsWith(after) || file.endsWith('.d.ts')) continue;
      const name = file.slice(prefix.length, file.length - after.length);
      if (!blocked.has(subpath.replace('*', name))) out[subpath.replace('*', name)] = join(dir, file);
    }
  }
  return out;
}

/** Imports every built entry of the package and lists its runtime exports. */
export async function readApiSurface(packageDir: string): Promise<ApiSurface> {
  const surface: ApiSurface = {};
  for (const [subpath, file] of Object.entries(builtEntries(packageDir)).sort(([a], [b]) => a.localeCompare(b))) {
    if (!existsSync(file)) throw new Error(`${subpath}: ${file} is not built (run npm run build in the package)`);
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    surface[subpath] = Object.keys(mod)
      .sort()
      .map((name) => ({ name, kind: kindOf(mod[name]) }));
  }
  return surface;
}

/** One export per line, so a review diff shows exactly what was added or removed. */
export function formatSurface(surface: ApiSurface): string {
  const blocks = Object.entries(surface).map(
    ([subpath, list]) =>
      list.length === 0
        ? `  ${JSON.stringify(subpath)}: []`
        : `  ${JSON.stringify(subpath)}: [\n${list.map((e) => `    ${JSON.stringify({ name: e.name, kind: e.kind })}`).join(',\n')}\n  ]`,
  );
  return `{\n${blocks.join(',\n')}\n}\n`;
}

/**
 * The built surface and the checked-in one (`api-surface.json` at the package root). With
 * UPDATE_API_SURFACE=1 it first writes the file, so both are equal.
 * @example
 * const { actual, expected } = await checkApiSurface(new URL('..', import.meta.url));
 * expect(actual).toEqual(expected);
 */
export async function checkApiSurface(packageDir: string | URL): Promise<{ actual: ApiSurface; expected: ApiSurface }> {
  const dir = typeof packageDir === 'string' ? packageDir : fileURLToPath(packageDir);
  const actual = await readApiSurface(dir);
  const file = join(dir, 'api-surface.json');
  if (process.env.UPDATE_API_SURFACE === '1') writeFileSync(file, formatSurface(actual));
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts`);
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ApiSurface;
  return { actual, expected };
}

// Generic code names no service: every per-service fact lives in that service's own folder (its
// descriptor), so a new service is added there and in one registry line, and nothing generic goes
// stale. The names come from the registry, so a sixth service is covered without editing this test.
// Comments are stripped (they may give examples); test fixtures and READMEs are exempt.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { services } from '../src/serviceRegistry.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** The generic modules: [folder, what to skip under it]. */
const GENERIC: readonly { dir: string; skip?: string; ext: RegExp; deep: boolean }[] = [
  { dir: 'packages/jobs/src', skip: 'packages/jobs/src/services', ext: /\.ts$/, deep: true },
  { dir: 'packages/core/src', ext: /\.ts$/, deep: true },
  { dir: 'packages/cli/src', ext: /\.ts$/, deep: true },
  { dir: 'packages/simulator/src', skip: 'packages/simulator/src/services', ext: /\.ts$/, deep: true },
  // The consumer test is a user's program run against the packed tarballs: it names services as a user would.
  { dir: 'scripts', skip: 'scripts/consumer-test.mjs', ext: /\.mjs$/, deep: false },
];

function filesOf(dir: string, ext: RegExp, deep: boolean, skip?: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (skip !== undefined && rel === skip) return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return deep ? filesOf(rel, ext, deep, skip) : [];
    return ext.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
  });
}

/**
 * The code without its comments: a small scanner that knows strings, template literals and regular
 * expression literals well enough not to take `//` inside them for a comment.
 */
export function stripComments(code: string): string {
  let out = '';
  let i = 0;
  let lastSignificant = '';
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      while (i < code.length && code[i] !== '\n') i += 1;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end === -1 ? code.length : end + 2;
      out += ' ';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
      lastSignificant = c;
      continue;
    }
    // A regex literal can follow an operator or an opening bracket, never a value.
    if (c === '/' && /[(,=:[!&|?{};+\-*%<>~^]|^$/.test(lastSignificant)) {
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== '\n' && (inClass || code[j] !== '/')) {
        if (code[j] === '\\') j += 1;
        else if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        j += 1;
      }
      out += code.slice(i, j + 1);
      i = j + 1;
      lastSignificant = '/';
      continue;
    }
    out += c;
    if (!/\s/.test(c)) lastSignificant = c;
    i += 1;
  }
  return out;
}

/** How a service is spelled in code: its name as a word (any case), and its client identifier (`Ecs`, `ServiceStage`). */
function patternsOf(name: string): RegExp[] {
  const pkg = join(ROOT, 'packages', name, 'package.json');
  const clientName = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, 'utf8')) as { cloudJobs?: { clientName?: string } }).cloudJobs?.clientName : undefined;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [new RegExp(`(?<![A-Za-z0-9])${escape(name)}(?![A-Za-z0-9])`, 'i')];
  if (clientName) patterns.push(new RegExp(`(?<![A-Za-z])${escape(clientName)}(?![a-z])`));
  return patterns;
}

/** `file:line: text` for every line of `file` (comments stripped) that names a registered service. */
function mentions(file: string): string[] {
  const code = stripComments(readFileSync(join(ROOT, file), 'utf8'));
  const found: string[] = [];
  code.split('\n').forEach((line, index) => {
    for (const service of services) {
      if (patternsOf(service.name).some((p) => p.test(line))) found.push(`${file}:${index + 1}: ${service.name}: ${line.trim().slice(0, 140)}`);
    }
  });
  return found;
}

describe('no service is named in generic code', () => {
  it('the scanner drops comments, not strings or regular expressions', () => {
    expect(stripComments("const a = 'x // y'; // svc\n/* svc */ const b = /\\/\\/svc/;")).toBe("const a = 'x // y'; \n  const b = /\\/\\/svc/;");
    expect(patternsOf('ecs')[0]!.test("if (service === 'ecs')")).toBe(true);
    expect(patternsOf('ecs')[0]!.test('const specs = 1')).toBe(false);
  });

  it('knows every registered service', () => {
    expect(services.length).toBeGreaterThanOrEqual(5);
  });

  it.each(GENERIC.map((g) => [g.dir, g] as const))('%s', (_dir, g) => {
    const files = filesOf(g.dir, g.ext, g.deep, g.skip);
    expect(files.length, `${g.dir} has no files`).toBeGreaterThan(0);
    expect(files.flatMap(mentions), `generic modules must read descriptors, not name services (${relative(ROOT, join(ROOT, g.dir))})`).toEqual([]);
  });
});

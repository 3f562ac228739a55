// Every ```ts block of every README (the root's and packages/*/README.md) type-checks against the
// built packages, strict, as a reader would paste it (its own imports; only the values a reader
// fills in, such as jobId or token, are declared for it); every block that brings its own simulator
// runs against it; and no createJobs block waits on a service that has no endpoint on its cloud.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findService } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OUT = fileURLToPath(new URL('../test-results/readme-snippets/', import.meta.url));

/** The values a snippet leaves to its reader: declared for it unless it declares or imports them itself. */
const INPUTS: Readonly<Record<string, string>> = {
  projectId: 'string',
  jobId: 'string',
  token: 'string',
  baseUrl: 'string',
  signal: 'AbortSignal',
  controller: 'AbortController',
  username: 'string',
  password: 'string',
  domainName: 'string',
  domainId: 'string',
  accessKey: 'string',
  secretKey: 'string',
};

interface Snippet {
  readme: string;
  line: number;
  code: string;
  file: string;
}

function readmes(): string[] {
  const pkgs = readdirSync(join(ROOT, 'packages'))
    .map((p) => join('packages', p, 'README.md'))
    .filter((p) => existsSync(join(ROOT, p)));
  return ['README.md', ...pkgs.sort()];
}

function snippets(): Snippet[] {
  const out: Snippet[] = [];
  for (const readme of readmes()) {
    const lines = readFileSync(join(ROOT, readme), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i += 1) {
      if (!/^```ts\s*$/.test(lines[i]!)) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end]!)) end += 1;
      const name = `${readme.replace(/\/README\.md$|README\.md$/, '').replace(/[^a-z0-9]+/gi, '_') || 'root'}_L${start}`;
      out.push({ readme, line: start, code: lines.slice(start, end).join('\n'), file: `${name}.ts` });
      i = end;
    }
  }
  return out;
}

/** The names a snippet binds itself (declarations and imports). */
function ownNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/\b(?:const|let|var|function|class|interface|type)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1]!);
  for (const m of code.matchAll(/\b(?:const|let|var)\s*\{([^}]*)\}/g)) for (const n of m[1]!.split(',')) names.add(n.split(':').at(-1)!.trim());
  for (const m of code.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}/g)) for (const n of m[1]!.split(',')) names.add(n.replace(/^\s*type\s+/, '').split(/\s+as\s+/).at(-1)!.trim());
  return names;
}

/** True when `name` is used as a value in `code`: not in a comment, not as a property key or after a dot. */
function usesValue(code: string, name: string): boolean {
  const noComments = code.replace(/(^|[^:'"])\/\/.*$/gm, '$1');
  return new RegExp(`(?<![.\\w$])${name}(?![\\w$])(?!\\s*:(?!:))`).test(noComments);
}

function source(snippet: Snippet): string {
  const own = ownNames(snippet.code);
  const inputs = Object.entries(INPUTS)
    .filter(([name]) => !own.has(name) && usesValue(snippet.code, name))
    .map(([name, type]) => `declare const ${name}: ${type};`);
  return `${snippet.code}\n\n// The reader's values (${snippet.readme}, line ${snippet.line}):\n${inputs.join('\n')}\nexport {};\n`;
}

/** A snippet that starts its own simulator and needs no value from its reader (nor a required variable) runs as it is. */
function runnable(snippet: Snippet): boolean {
  const { code } = snippet;
  return /from '@cloud-jobs\/simulator'/.test(code) && /\bstartSimulator\(/.test(code) && !/process\.env\.\w+!/.test(code) && source(snippet).split('declare const').length === 1;
}

const all = snippets();

function write(): void {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(OUT, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], noEmit: true, skipLibCheck: false, noUnusedLocals: false }, include: ['*.ts'] }, null, 2)}\n`,
  );
  for (const s of all) writeFileSync(join(OUT, s.file), source(s));
}

describe('README snippets', () => {
  it('there are snippets in the root README and in every package README that has code', () => {
    expect(all.filter((s) => s.readme === 'README.md').length).toBeGreaterThan(2);
    expect(all.filter(runnable).length).toBeGreaterThan(3);
  });

  it('every ts block type-checks against the built packages (strict, NodeNext), with its own imports', () => {
    write();
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: OUT, encoding: 'utf8' });
    // Point each error at its README line.
    const byFile = new Map(all.map((s) => [s.file, s]));
    const errors = `${r.stdout}${r.stderr}`
      .split('\n')
      .filter((l) => /error TS\d+/.test(l))
      .map((l) => {
        const m = /^([^(]+)\((\d+),\d+\): (.*)$/.exec(l);
        const s = m ? byFile.get(m[1]!) : undefined;
        return s && m ? `${s.readme}:${s.line + Number(m[2]) - 1}: ${m[3]}` : l;
      });
    expect(errors).toEqual([]);
    expect(r.status).toBe(0);
  }, 180_000);

  it.each(all.filter(runnable).map((s) => [`${s.readme}:${s.line}`, s] as const))('%s runs against its simulator', async (_, snippet) => {
    const { build } = (await import('esbuild')) as typeof import('esbuild');
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'package.json'), '{ "type": "module", "private": true }\n');
    const file = join(OUT, snippet.file.replace(/\.ts$/, '.mjs'));
    await build({ stdin: { contents: source(snippet), loader: 'ts', resolveDir: OUT }, outfile: file, format: 'esm', platform: 'node', bundle: false, logLevel: 'silent' });
    const r = spawnSync(process.execPath, [file], { cwd: OUT, encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, stderr: r.stderr }, relative(ROOT, file)).toEqual({ status: 0, stderr: '' });
    // What it prints is a value, never a field the job does not have.
    expect(r.stdout).not.toMatch(/\bundefined\b/);
  }, 90_000);

  it('a createJobs block with a cloud waits only on services that have an endpoint there', () => {
    const problems: string[] = [];
    for (const s of all) {
      const cloud = /createJobs\(\{[^}]*cloud: '(\w+)'/.exec(s.code)?.[1];
      if (cloud === undefined) continue;
      for (const [, service] of s.code.matchAll(/jobs\.(?:get|wait)\('(\w+)'/g)) {
        const descriptor = findService(service!);
        if (!descriptor) problems.push(`${s.readme}:${s.line}: unknown service ${service}`);
        else if (!descriptor.endpoints.some((e) => e.cloud === cloud)) problems.push(`${s.readme}:${s.line}: ${service} has no endpoint on ${cloud}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

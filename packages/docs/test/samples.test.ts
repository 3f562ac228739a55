// The code samples of the reference pages (issue 14 point 1): every operation of every API has the
// typed client call, the wait through @cloud-jobs/jobs, the CLI line and curl with a token and with
// AK/SK, made at docs-build time (site/<service>/openapi.json is the copy each page is built from;
// specs/ never carries them), and every TypeScript sample compiles against the built packages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const siteDir = join(repoRoot, 'site');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const LABELS = ['Typed client', 'Wait (@cloud-jobs/jobs)', 'CLI', 'curl (token)', 'curl (AK/SK)'];

interface Sample {
  lang: string;
  label: string;
  source: string;
}

const apis = Object.entries((parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8')) as { apis: Record<string, { root: string }> }).apis).map(([api, entry]) => ({
  api,
  service: api.slice(0, api.lastIndexOf('@')),
  specFile: resolve(repoRoot, entry.root),
}));

function pageSpec(service: string): Record<string, any> {
  const file = join(siteDir, service, 'openapi.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run docs\``);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
}

function operationsOf(spec: Record<string, any>): { id: string; op: Record<string, any> }[] {
  return Object.entries<Record<string, any>>(spec['paths'] ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ id: `${m.toUpperCase()} ${path}`, op: item[m] as Record<string, any> })),
  );
}

// Inside the repository, so that `@cloud-jobs/*` and `@types/node` resolve from its node_modules.
const workDir = join(repoRoot, 'packages', 'docs', '.samples');
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('code samples (x-codeSamples)', { timeout: 180_000 }, () => {
  it('every operation of every API has the five samples, named after its descriptor', async () => {
    const jobs = (await import('@cloud-jobs/jobs')) as unknown as { services: ReadonlyArray<{ name: string; scope: string; createClient: { name: string } }> };
    for (const { service } of apis) {
      const descriptor = jobs.services.find((d) => d.name === service);
      expect(descriptor, `${service}: registered in @cloud-jobs/jobs`).toBeDefined();
      const ops = operationsOf(pageSpec(service));
      expect(ops.length, `${service}: operations`).toBeGreaterThan(0);
      for (const { id, op } of ops) {
        const samples = op['x-codeSamples'] as Sample[] | undefined;
        expect(samples?.map((s) => s.label), `${service} ${id}`).toEqual(LABELS);
        const [client, wait, cli, curlToken, curlAkSk] = samples ?? [];
        expect(client?.source).toContain(`import { ${descriptor?.createClient.name} } from '@cloud-jobs/${service}'`);
        expect(client?.source).toContain(`.${id.split(' ')[0]}('${id.split(' ')[1]}'`);
        expect(wait?.source).toContain(`jobs.wait('${service}'`);
        expect(cli?.source).toContain(`cloud-jobs wait ${service} `);
        expect(curlToken?.source).toContain('X-Auth-Token: $OS_AUTH_TOKEN');
        expect(curlAkSk?.source).toContain('SDK-HMAC-SHA256 Access=$HUAWEICLOUD_SDK_AK');
        // The documented request: every required query parameter is in the curl URL.
        const params = [...((op['parameters'] as Array<Record<string, any>> | undefined) ?? [])];
        for (const p of params.filter((q) => q['in'] === 'query' && q['required'])) expect(curlToken?.source, `${service} ${id}: ?${p['name']}=`).toContain(`${p['name']}=`);
        // Never a secret value in a sample: variables only.
        for (const s of samples ?? []) expect(s.source).not.toMatch(/X-Auth-Token: (?!\$)/);
      }
    }
  });

  it('the specs themselves carry no x-codeSamples (one source: the build)', () => {
    for (const { api, specFile } of apis) expect(readFileSync(specFile, 'utf8'), api).not.toMatch(/x-code-?[sS]amples/);
  });

  it('every TypeScript sample compiles against the built packages (tsc, strict)', () => {
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const files: string[] = [];
    for (const { service } of apis) {
      for (const [i, { op }] of operationsOf(pageSpec(service)).entries()) {
        for (const [j, s] of ((op['x-codeSamples'] as Sample[] | undefined) ?? []).entries()) {
          if (s.lang !== 'TypeScript') continue;
          const file = `${service}-${i}-${j}.ts`;
          writeFileSync(join(workDir, file), s.source);
          files.push(file);
        }
      }
    }
    expect(files.length).toBeGreaterThanOrEqual(apis.length * 2);
    writeFileSync(join(workDir, 'package.json'), '{ "type": "module", "private": true }\n');
    // The repository's own strictness (exactOptionalPropertyTypes and all), as a user's ESM project.
    writeFileSync(
      join(workDir, 'tsconfig.json'),
      `${JSON.stringify({ extends: '../../../tsconfig.base.json', compilerOptions: { noEmit: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', types: ['node'], rootDir: '.' }, include: ['*.ts'] }, null, 2)}\n`,
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], { cwd: workDir, encoding: 'utf8' });
    expect(`${run.stdout}${run.stderr}`.trim(), 'tsc output on the samples').toBe('');
    expect(run.status).toBe(0);
  });
});

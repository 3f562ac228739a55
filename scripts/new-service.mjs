#!/usr/bin/env node
// Adds a service in one command: `npm run new-service -- <name> [--title "<Service title>"] [--no-install]`.
// Creates the service's own files, with TODO markers where the real API page's facts go:
//   specs/<name>/openapi.yaml                  a skeleton spec that lints
//   packages/<name>/                           the typed client package, its tests and api-surface.json
//   packages/jobs/src/services/<name>/         descriptor, normalizer, status table, error codes, entry
//   packages/jobs/test/service-<name>.test.ts  the spec's examples normalized; get + wait over HTTP
//   packages/simulator/src/services/<name>.ts  its simulator module
// and registers it with ONE added line per registry: packages/jobs/src/services/registry.ts,
// packages/simulator/src/services/index.ts, redocly.yaml `apis` (which the docs portal reads) and
// the dependencies of packages/jobs/package.json. Then `npm install` links the new workspace
// (package-lock.json changes), unless --no-install. Exit codes: 0 done, 2 bad usage or name, 1 other.
// The templates are the service's own code, so they may name it; this file names no service.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { renderReadme, REPOSITORY } from './package-readme.mjs';

const USAGE = 'usage: npm run new-service -- <name> [--title "<Service title>"] [--no-install]';
const NAME = /^[a-z][a-z0-9]{1,30}$/;

/** Names a service cannot take: our other packages, the jobs entries and simulator modules that are not services, and JS reserved words (the name is an identifier in the generated code). */
export const RESERVED = new Set([
  'core', 'jobs', 'cli', 'simulator', 'docs', 'env', 'registry', 'index', 'service', 'services', 'shared', 'package', 'node', 'test', 'types',
  'await', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends',
  'false', 'finally', 'for', 'function', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'let', 'new', 'null', 'private',
  'protected', 'public', 'return', 'static', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
]);

class UsageError extends Error {}

/** The paths a service `name` owns (relative to the repository root). */
export function ownPaths(name) {
  return {
    spec: `specs/${name}/openapi.yaml`,
    pkg: `packages/${name}`,
    jobs: `packages/jobs/src/services/${name}`,
    jobsTest: `packages/jobs/test/service-${name}.test.ts`,
    sim: `packages/simulator/src/services/${name}.ts`,
  };
}

/** Refuses a name that is malformed, reserved or taken; returns nothing when it is free. */
export function checkName(root, name) {
  if (name === undefined) throw new UsageError(`missing the service name\n${USAGE}`);
  if (!NAME.test(name)) throw new UsageError(`bad service name ${JSON.stringify(name)}: it must match ${NAME.source} (a lower-case letter, then 1 to 30 lower-case letters or digits)`);
  if (RESERVED.has(name)) throw new UsageError(`bad service name "${name}": it is reserved (a package or entry of this repository, or a JavaScript reserved word)`);
  const taken = Object.values(ownPaths(name)).filter((p) => existsSync(join(root, p)));
  if (taken.length > 0) throw new UsageError(`service "${name}" exists already (${taken.join(', ')})`);
}

/** `abc` -> `Abc`: the identifier in exported names (`createAbcClient`); cloudJobs.clientName. */
export function clientNameOf(name) {
  return name[0].toUpperCase() + name.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Registries: one added line each, at its sorted place (or at the end where order is meaningful).

/** Inserts `line` among the lines matching `pattern` (sorted by `keyOf`), after the last one that sorts before it. */
function insertSorted(text, line, pattern, keyOf, where) {
  const lines = text.split('\n');
  const members = lines.map((l, i) => [l, i]).filter(([l]) => pattern.test(l));
  if (members.length === 0) throw new Error(`${where}: found no registry line to add to`);
  const key = keyOf(line);
  const after = members.filter(([l]) => keyOf(l) < key).at(-1);
  const at = after ? after[1] + 1 : members[0][1];
  lines.splice(at, 0, line);
  return lines.join('\n');
}

function registerTs(root, file, name, line) {
  const path = join(root, file);
  const exportLine = /^export \{ ([a-z0-9]+) \} from /;
  const text = insertSorted(readFileSync(path, 'utf8'), line, exportLine, (l) => exportLine.exec(l)?.[1] ?? '', file);
  writeFileSync(path, text);
}

/** Adds `"@cloud-jobs/<name>": "<version>",` to the dependencies of packages/jobs/package.json (never as the last key, so no other line changes). */
function registerDependency(root, name, version) {
  const file = 'packages/jobs/package.json';
  const path = join(root, file);
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^ {2}"dependencies": \{\s*$/.test(l));
  if (start < 0) throw new Error(`${file}: no "dependencies" block`);
  const end = lines.findIndex((l, i) => i > start && /^ {2}\}/.test(l));
  const entry = /^ {4}"([^"]+)": /;
  const dep = `@cloud-jobs/${name}`;
  let at = start + 1;
  for (let i = start + 1; i < end; i += 1) if ((entry.exec(lines[i])?.[1] ?? '') < dep) at = i + 1;
  if (at === end) at = start + 1; // as the last key it would need a comma on the line before
  lines.splice(at, 0, `    "${dep}": "${version}",`);
  writeFileSync(path, lines.join('\n'));
}

/** Appends `<name>@v1: { root: specs/<name>/openapi.yaml }` to redocly.yaml `apis` (its order is the portal's). */
function registerApi(root, name) {
  const path = join(root, 'redocly.yaml');
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => /^apis:\s*$/.test(l));
  if (start < 0) throw new Error('redocly.yaml: no `apis:` block');
  let last = start;
  for (let i = start + 1; i < lines.length && /^\s+\S/.test(lines[i]); i += 1) last = i;
  lines.splice(last + 1, 0, `  ${name}@v1: { root: specs/${name}/openapi.yaml }`);
  writeFileSync(path, lines.join('\n'));
}

// ---------------------------------------------------------------------------------------------
// Templates

const JOB_PATH = '/v1/{project_id}/jobs/{job_id}';

function specYaml(n, C, title) {
  return `# TODO: every fact below is a placeholder. Replace it with the real API page's, then run
# \`npm run lint:specs\` and the tests (see the README, "Adding a service").
openapi: 3.1.0
info:
  title: ${title} job status API
  # TODO: the API's version (its major is the redocly.yaml key, ${n}@v1).
  version: v1
  summary: Query the status of a ${title} asynchronous job.
  description: |
    TODO: which operations of ${title} run as asynchronous jobs, and what this API reports.

    Source: TODO: the official API reference page (title, path \`GET ${JOB_PATH}\`, the official SDK
    operation name) and the error-code appendix.
  contact:
    name: cloud-jobs
    url: https://github.com/cloud-jobs/cloud-jobs
  license:
    name: Apache-2.0
    identifier: Apache-2.0
servers:
  # TODO: the host name and the regions, from the official SDK's region table.
  - url: https://${n}.{region}.myhuaweicloud.com
    description: Huawei Cloud (TODO, the regions of the official SDK's region table)
    x-cloud: huaweicloud
    variables:
      region:
        default: ap-southeast-1
        description: Huawei Cloud region ID.
        enum: [ap-southeast-1, cn-north-4]
  # TODO: remove when Open Telekom Cloud does not offer the service.
  - url: https://${n}.{region}.otc.t-systems.com
    description: Open Telekom Cloud (TODO, the regions of the OTC regions-and-endpoints list)
    x-cloud: otc
    variables:
      region:
        default: eu-de
        description: Open Telekom Cloud region ID.
        enum: [eu-de, eu-nl]
security:
  - XAuthToken: []
  - AkSkSignature: []
tags:
  - name: Job Management
    description: TODO, the tag of the real page. Asynchronous jobs of ${title} and their results.
paths:
  # TODO: the real path (packages/jobs/src/services/${n}/descriptor.ts and the simulator module use it too).
  ${JOB_PATH}:
    get:
      # TODO: the official SDK's operation name.
      operationId: Show${C}Job
      summary: Query the status of a ${title} job
      description: |
        TODO: what the answer holds, and how to poll: which statuses are final, the back-off the
        documentation or the official tools use, what an unknown job ID gets.
      tags: [Job Management]
      parameters:
        - $ref: ../_shared/parameters/ProjectId.yaml
        - name: job_id
          in: path
          required: true
          description: |
            ID of the job, as returned by the operation that started it. TODO: its documented
            format. The client percent-encodes it.
          schema:
            type: string
            minLength: 1
          example: 0123456789abcdef0123456789abcdef
      responses:
        '200':
          description: The job. TODO, the real page's examples.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${C}Job'
              examples:
                Succeeded:
                  summary: A job that finished (TODO, the source example)
                  value:
                    job_id: 0123456789abcdef0123456789abcdef
                    job_type: createResource
                    status: SUCCESS
                    begin_time: '2024-05-01T10:00:00.000Z'
                    end_time: '2024-05-01T10:02:30.000Z'
                    error_code: null
                    fail_reason: null
                Running:
                  summary: A job still running (no end time yet)
                  value:
                    job_id: 1123456789abcdef0123456789abcdef
                    job_type: createResource
                    status: RUNNING
                    begin_time: '2024-05-01T10:00:00.000Z'
                    end_time: null
                    error_code: null
                    fail_reason: null
                Failed:
                  summary: A job that failed, with its reason (TODO, a real error code)
                  value:
                    job_id: 2123456789abcdef0123456789abcdef
                    job_type: createResource
                    status: FAIL
                    begin_time: '2024-05-01T10:00:00.000Z'
                    end_time: '2024-05-01T10:00:42.000Z'
                    error_code: ${C}.0001
                    fail_reason: Insufficient quota.
        '400':
          description: Invalid request, such as a malformed job ID. TODO, the documented codes.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${C}Error'
              examples:
                InvalidParameter:
                  summary: Invalid parameter (TODO, the documented code)
                  value:
                    error_code: ${C}.0400
                    error_msg: Invalid parameter.
        '401':
          $ref: ../_shared/responses/GatewayUnauthorized.yaml
        '404':
          description: No such job. TODO, what the service really answers for an unknown job ID.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${C}Error'
              examples:
                JobNotFound:
                  summary: Unknown job ID (TODO, the documented code)
                  value:
                    error_code: ${C}.0404
                    error_msg: The job does not exist.
        '429':
          $ref: ../_shared/responses/GatewayTooManyRequests.yaml
        '500':
          description: Internal service error; retry with back-off.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/${C}Error'
              examples:
                Internal:
                  summary: Internal service error
                  value:
                    error_code: ${C}.0500
                    error_msg: Internal service error.
components:
  securitySchemes:
    XAuthToken:
      $ref: ../_shared/security-schemes/XAuthToken.yaml
    AkSkSignature:
      $ref: ../_shared/security-schemes/AkSkSignature.yaml
  schemas:
    ${C}JobStatus:
      title: ${C}JobStatus
      description: |
        Status of the job. TODO, the documented values (keep the status table of
        packages/jobs/src/services/${n}/statusTable.ts in step):

        | value | meaning |
        |---|---|
        | \`INIT\` | the job is waiting to run |
        | \`RUNNING\` | the job is running |
        | \`SUCCESS\` | the job succeeded (final) |
        | \`FAIL\` | the job failed (final); see \`error_code\` and \`fail_reason\` |

        The list is kept open (any other string validates) so that a value added by the service does
        not break clients; treat an unknown value as "not finished, not failed".
      anyOf:
        - type: string
          enum: [INIT, RUNNING, SUCCESS, FAIL]
        - type: string
      example: RUNNING
    ${C}Job:
      title: ${C}Job
      type: object
      description: A ${title} job. TODO, the documented fields. No field is marked required; parse each defensively.
      properties:
        job_id:
          type: string
          description: ID of the job.
          example: 0123456789abcdef0123456789abcdef
        job_type:
          type: string
          description: Type of the job (the operation that started it). TODO, the documented values.
          example: createResource
        status:
          $ref: '#/components/schemas/${C}JobStatus'
        begin_time:
          type: string
          description: When the job started (TODO, the documented format; ISO 8601 UTC here).
          example: '2024-05-01T10:00:00.000Z'
        end_time:
          type: [string, 'null']
          description: When the job ended; \`null\` while it runs (TODO, the documented format).
          example: '2024-05-01T10:02:30.000Z'
        error_code:
          type: [string, 'null']
          description: Error code of a failed job; \`null\` otherwise.
        fail_reason:
          type: [string, 'null']
          description: Why the job failed; \`null\` otherwise.
    ${C}Error:
      title: ${C}Error
      description: |
        The ${title} error body: \`error_code\` and \`error_msg\` (TODO, the documented shape). The other
        properties of the shared error body are allowed too.
      allOf:
        - $ref: ../_shared/schemas/ErrorBody.yaml
        - type: object
          properties:
            error_code:
              type: string
              description: Error code (TODO, the documented form).
              example: ${C}.0400
            error_msg:
              type: string
              description: Error message.
`;
}

function packageJson(n, C, title) {
  return `${JSON.stringify(
    {
      name: `@cloud-jobs/${n}`,
      version: '0.1.0',
      description: `Typed client for the ${title} job status API of Huawei Cloud and Open Telekom Cloud`,
      license: 'Apache-2.0',
      repository: { type: 'git', url: `git+${REPOSITORY}.git`, directory: `packages/${n}` },
      homepage: `${REPOSITORY}/tree/main/packages/${n}#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
      keywords: ['huawei-cloud', 'open-telekom-cloud', 'otc', 'async-jobs', 'job-status', n, 'openapi', 'openapi-fetch', 'typescript', 'client'],
      type: 'module',
      sideEffects: false,
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './package.json': './package.json' },
      main: './dist/index.js',
      types: './dist/index.d.ts',
      files: ['dist', '!dist/**/*.map'],
      engines: { node: '>=20.19.0' },
      scripts: {
        'lint:specs': `node ../../scripts/lint-specs.mjs ${n}`,
        generate: `node ../../scripts/generate.mjs ${n} && node ../../scripts/package-readme.mjs ${n}`,
        build: 'node ../../scripts/build-package.mjs',
        typecheck: 'tsc -p tsconfig.json',
        test: 'vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json',
      },
      dependencies: { '@cloud-jobs/core': '0.1.0', 'openapi-fetch': '0.17.0' },
      cloudJobs: { clientName: C },
      publishConfig: { access: 'public' },
    },
    null,
    2,
  )}\n`;
}

function clientFiles(n, C, title) {
  const specGlob = `$TURBO_ROOT$/specs/${n}/**`;
  const task = `{ "inputs": ["$TURBO_EXTENDS$", "${specGlob}"] }`;
  return {
    'package.json': packageJson(n, C, title),
    'tsconfig.json': `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "noEmit": true },\n  "include": ["src", "test"]\n}\n`,
    'tsconfig.build.json': `{\n  "extends": "../../tsconfig.base.json",\n  "compilerOptions": { "rootDir": "src", "outDir": "dist", "noEmit": false },\n  "include": ["src"]\n}\n`,
    'turbo.json': `{
  "$schema": "https://turborepo.com/schema.json",
  "extends": ["//"],
  "tasks": {
    "lint:specs": ${task},
    "generate": ${task},
    "build": ${task},
    "typecheck": ${task},
    "test": ${task}
  }
}
`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

// Generous per-test budget: the first test of a file compiles the spec's JSON Schemas, and CI
// machines run several packages' suites at once. A budget is a hang guard, never a benchmark.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 30_000 },
});
`,
    // Exactly what the generated client exports; the api-surface test checks it against the build.
    'api-surface.json': `{\n  ".": [\n    {"name":"create${C}Client","kind":"function"},\n    {"name":"endpoints","kind":"object"}\n  ]\n}\n`,
    'src/index.ts': `/**
 * @cloud-jobs/${n}: a typed client for the ${title} job status API (\`GET ${JOB_PATH}\`).
 *
 * TODO: the facts a caller needs at a glance (time format, nullable fields), from the real page.
 *
 * @example
 * import { create${C}Client } from '@cloud-jobs/${n}';
 * const client = create${C}Client({ region: 'eu-de', cloud: 'otc', token });
 * const { data, error } = await client.GET('${JOB_PATH}', {
 *   params: { path: { project_id: projectId, job_id: jobId } },
 * });
 * if (data?.status === 'FAIL') console.error(data.error_code, data.fail_reason);
 * else if (error) console.error(error.error_code, error.error_msg);
 */
export { create${C}Client, type ${C}Client, type ${C}ClientOptions } from './generated/client.js';
export { endpoints } from './generated/endpoints.js';
export type { paths, components, operations, ${C}Job, ${C}JobStatus, ${C}Error, ErrorBody } from './generated/openapi.js';
`,
    'test/api-surface.test.ts': `// The public surface of @cloud-jobs/${n}: every runtime export of its built entry, checked against
// api-surface.json so that a change to it shows up in review. After a deliberate change:
//   npm run build && UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts
import { describe, expect, it } from 'vitest';
import { checkApiSurface } from '../../../test-utils/apiSurface.js';

describe('public surface', () => {
  it('the built entries export exactly what api-surface.json lists', async () => {
    const { actual, expected } = await checkApiSurface(new URL('..', import.meta.url));
    expect(actual).toEqual(expected);
  });
});
`,
    'test/client.test.ts': `// create${C}Client against a real HTTP server on loopback, answering the spec's examples.
// TODO: once the spec holds the real page's facts, assert them here (fields, formats, error codes).
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startLoopbackServer, sendJson, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { exampleValue, invalidExamples } from '../../../test-utils/spec.js';
import { ClientConfigError, InvalidPathParameterError } from '@cloud-jobs/core';
import { create${C}Client, endpoints, type ${C}Job } from '../src/index.js';

const PATH = '${JOB_PATH}';
const TOKEN = 'token-${n}-secret-value';

let server: LoopbackServer;
type Answer = { status: number; body: unknown; headers?: Record<string, string> };
const answers = new Map<string, Answer>();

beforeAll(async () => {
  for (const name of ['Succeeded', 'Running', 'Failed']) answers.set(name, { status: 200, body: exampleValue('${n}', '200', name) });
  answers.set('e400', { status: 400, body: exampleValue('${n}', '400', 'InvalidParameter') });
  answers.set('e401', { status: 401, body: exampleValue('${n}', '401', 'IncorrectAuth') });
  answers.set('e404', { status: 404, body: exampleValue('${n}', '404', 'JobNotFound') });
  answers.set('e429', { status: 429, body: exampleValue('${n}', '429', 'Throttled'), headers: { 'retry-after': '3' } });
  answers.set('e500', { status: 500, body: exampleValue('${n}', '500', 'Internal') });
  server = await startLoopbackServer((req, res) => {
    const id = decodeURIComponent(req.url.split('?')[0]!.split('/').pop()!);
    const answer: Answer = answers.get(id) ?? { status: 200, body: exampleValue('${n}', '200', 'Running') };
    sendJson(res, answer.status, answer.body, answer.headers);
  });
});
afterAll(() => server.close());

const client = () => create${C}Client({ baseUrl: server.url, token: TOKEN });
const get = (jobId: string, projectId = 'proj') => client().GET(PATH, { params: { path: { project_id: projectId, job_id: jobId } } });

describe('create${C}Client', () => {
  it('returns the typed job, sends X-Auth-Token and calls the exact path', async () => {
    const { data, error, response } = await get('Succeeded');
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<${C}Job | undefined>();
    expect(data).toEqual(exampleValue('${n}', '200', 'Succeeded'));
    const req = server.requests.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.url).toBe('/v1/proj/jobs/Succeeded');
    expect(req.headers['x-auth-token']).toBe(TOKEN);
  });

  it('reads a running and a failed job', async () => {
    expect((await get('Running')).data?.end_time).toBeNull();
    const failed = (await get('Failed')).data;
    expect(failed?.status).toBe('FAIL');
    expect(failed?.fail_reason).toEqual(expect.any(String));
  });

  it('percent-encodes project and job IDs so they cannot change the path', async () => {
    await get('../x?y', 'a/b c');
    expect(server.requests.at(-1)!.url).toBe('/v1/a%2Fb%20c/jobs/..%2Fx%3Fy');
  });

  it('refuses empty, "." and ".." path values before any request, naming the parameter', async () => {
    const before = server.requests.length;
    for (const jobId of ['', '.', '..']) {
      const call = get(jobId);
      await expect(call).rejects.toBeInstanceOf(InvalidPathParameterError);
      await expect(call).rejects.toMatchObject({ parameter: 'job_id' });
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ['e400', 400],
    ['e401', 401],
    ['e404', 404],
    ['e429', 429],
    ['e500', 500],
  ])('types the error body of %s', async (id, status) => {
    const { data, error, response } = await get(id);
    expect(response.status).toBe(status);
    expect(data).toBeUndefined();
    expect(error?.error_code).toEqual(expect.any(String));
    expect(error?.error_msg).toEqual(expect.any(String));
  });
});

describe('endpoints', () => {
  it("are the spec's servers: one per cloud and region", () => {
    expect(endpoints.length).toBeGreaterThan(0);
    for (const e of endpoints) expect(e.url).toBe(\`https://${n}.\${e.region}.\${e.cloud === 'otc' ? 'otc.t-systems.com' : 'myhuaweicloud.com'}\`);
  });

  it('rejects an unknown region, and plain http except on loopback, never showing the token', () => {
    expect(() => create${C}Client({ region: 'mars-1', cloud: 'otc' })).toThrow(ClientConfigError);
    expect(() => create${C}Client({ baseUrl: 'http://${n}.example.org' })).toThrow(/must use https/);
    expect(() => create${C}Client({ baseUrl: 'http://127.0.0.1:1' })).not.toThrow();
    try {
      create${C}Client({ baseUrl: 'ftp://x', token: TOKEN });
      expect.unreachable();
    } catch (err) {
      expect(String(err) + JSON.stringify(err)).not.toContain(TOKEN);
    }
  });
});

describe('spec examples', () => {
  it('every response example validates against its schema', () => {
    expect(invalidExamples('${n}')).toEqual([]);
  });
});
`,
  };
}

function jobsFiles(n, C, U, title) {
  return {
    'descriptor.ts': `// Everything the generic code needs to know about ${title} jobs, as data.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { create${C}Client, endpoints, type ${C}Client } from '@cloud-jobs/${n}';
import { jobCall, type ProjectJobRef } from '../../jobCall.js';
import { ${U}_ERROR_CODES } from './errorCodes.js';
import { normalize${C}Job } from './normalize${C}Job.js';
import { ${U}_STATUS_TABLE } from './statusTable.js';

// TODO: the real job path (the auth scope of a request URL is read from it).
const JOB_PATH = /^\\/v1\\/[^/]+\\/jobs(?:\\/|$)/;

/**
 * ${title}: \`GET ${JOB_PATH}\`, project-scoped. TODO: its quirks, from the real page.
 * @example
 * import { ${n} } from '@cloud-jobs/jobs/${n}';
 * const job = ${n}.normalize({ job_id: 'j', status: 'SUCCESS' });
 */
export const ${n}: ServiceDescriptor<'${n}', ${C}Client, ProjectJobRef> = {
  name: '${n}',
  title: '${title}',
  // TODO: 'global' when its jobs are account-wide (then set homeRegion if one region serves it).
  scope: 'project',
  // TODO: the service's own words for its subtasks, e.g. ['task', 'tasks']; ['', ''] when it has none.
  subtaskNoun: ['', ''],
  createClient: create${C}Client,
  endpoints,
  matchesUrl: (url) => url.hostname.startsWith('${n}.') || JOB_PATH.test(url.pathname),
  readJob: (client, ref, init) =>
    client.GET('${JOB_PATH}', { params: { path: { project_id: ref.projectId, job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: ${U}_ERROR_CODES.notFoundCodes,
  throttleCodes: ${U}_ERROR_CODES.throttleCodes,
  // TODO: isErrorAnswer(status, payload) if the service sends an error with a 2xx status.
  statusTable: ${U}_STATUS_TABLE,
  normalize: normalize${C}Job,
};
`,
    'errorCodes.ts': `// ${title} error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * TODO: the codes an unknown job ID gets (when not a plain 404) and the service's throttling codes
 * (the gateway's are known already), from the error-code appendix.
 * @example ${U}_ERROR_CODES.notFoundCodes.length // 0
 */
export const ${U}_ERROR_CODES: ErrorCodeLists = { notFoundCodes: [], throttleCodes: [] };
`,
    'statusTable.ts': `// ${title} job statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

// TODO: the documented statuses (the spec's ${C}JobStatus), each with its state and meaning.
const ${U}_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The job is waiting to run.'],
  ['RUNNING', 'running', 'The job is running.'],
  ['SUCCESS', 'succeeded', 'The job succeeded (final).'],
  ['FAIL', 'failed', 'The job failed (final); see error_code and fail_reason.'],
];

/**
 * ${title} status fields (field path -> rows).
 * @example ${U}_STATUS_TABLE['status']?.length // 4
 */
export const ${U}_STATUS_TABLE: ServiceStatusTable = { status: ${U}_ROWS };

/**
 * ${title} job \`status\` -> state.
 * @example ${U}_STATUS_STATES['FAIL'] // 'failed'
 */
export const ${U}_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(${U}_ROWS);
`,
    [`normalize${C}Job.ts`]: `// ${title}: GET ${JOB_PATH}.
import type { Job } from '@cloud-jobs/core';
import { buildJob, resolveJobId, type NormalizeContext } from '../../normalize/assembleJob.js';
import { businessErrorInBody } from '../../normalize/businessErrorInBody.js';
import { parseJobTime } from '../../normalize/parseJobTime.js';
import { readTextField } from '../../normalize/payloadFields.js';
import { readJobError } from '../../normalize/readJobError.js';
import { readJobStatus, requireJobPayload } from '../../normalize/readJobShape.js';
import { stateFromStatus } from '../../normalize/stateFromStatus.js';
import { ${U}_ERROR_CODES } from './errorCodes.js';
import { ${U}_STATUS_STATES } from './statusTable.js';

/**
 * Normalizes a ${title} job (\`GET ${JOB_PATH}\`). Status per {@link ${U}_STATUS_STATES};
 * times from \`begin_time\`/\`end_time\`; error from \`error_code\` + \`fail_reason\`.
 * TODO: subtasks (buildSubtask, countProgress), the resource the job works on, the real fields.
 * @throws UnexpectedResponseError when the payload is not an object or \`status\` is neither a string nor a number.
 * @throws ApiError (status 200) when the body has no status but an \`error_code\`.
 * @example
 * normalize${C}Job({ job_id: '0123456789abcdef0123456789abcdef', status: 'SUCCESS' }).state // 'succeeded'
 */
export function normalize${C}Job(payload: unknown, context?: NormalizeContext): Job {
  const body = requireJobPayload('${n}', payload);
  const status = readJobStatus('${n}', body['status'], 'status', payload);
  if (status === undefined) {
    const apiError = businessErrorInBody('${n}', body, ${U}_ERROR_CODES);
    if (apiError) throw apiError;
  }
  return buildJob('${n}', {
    id: resolveJobId(body['job_id'], context),
    type: readTextField(body, 'job_type'),
    state: status === undefined ? 'unknown' : stateFromStatus(${U}_STATUS_STATES, status),
    status: status ?? '',
    startedAt: parseJobTime(body['begin_time']),
    finishedAt: parseJobTime(body['end_time']),
    error: readJobError(body),
    subtasks: [],
    raw: payload,
  });
}
`,
    'index.ts': `/**
 * @cloud-jobs/jobs/${n}: the ${title} descriptor, normalizer and status table.
 * @example
 * import { ${n}, normalize${C}Job } from '@cloud-jobs/jobs/${n}';
 * normalize${C}Job({ job_id: 'j', status: 'RUNNING' }).state // 'running'
 */
export { ${n} } from './descriptor.js';
export { normalize${C}Job } from './normalize${C}Job.js';
export { ${U}_STATUS_TABLE, ${U}_STATUS_STATES } from './statusTable.js';
export { ${U}_ERROR_CODES } from './errorCodes.js';
`,
    // This entry's public surface (packages/jobs/test/api-surface.test.ts checks it against the build).
    'api-surface.json': surfaceJson(`./${n}`, [n, `normalize${C}Job`, `${U}_STATUS_TABLE`, `${U}_STATUS_STATES`, `${U}_ERROR_CODES`], (name) => (name === n ? 'object' : name.startsWith('normalize') ? 'function' : 'object')),
  };
}

/** The api-surface.json text of one entry, in the order and format of test-utils/apiSurface.ts. */
function surfaceJson(subpath, names, kindOf) {
  const rows = [...names].sort().map((name) => `    ${JSON.stringify({ name, kind: kindOf(name) })}`);
  return `{\n  ${JSON.stringify(subpath)}: [\n${rows.join(',\n')}\n  ]\n}\n`;
}

function jobsTest(n, C, U, title) {
  return `// ${title} in @cloud-jobs/jobs: the spec's examples normalized, and get + wait over real HTTP
// against the simulator (its module packages/simulator/src/services/${n}.ts).
// TODO: once the spec holds the real page's examples, assert their fields here.
import { describe, expect, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { findService } from '../src/index.js';
import { ${n}, normalize${C}Job, ${U}_STATUS_STATES, ${U}_STATUS_TABLE } from '../src/services/${n}/index.js';
import { describeServiceScenarios, PROJECT } from './serviceScenarios.js';

describe('normalize${C}Job: the spec examples', () => {
  it('a finished job', () => {
    const raw = exampleValue('${n}', '200', 'Succeeded');
    const job = normalize${C}Job(raw);
    expect(job).toMatchObject({ service: '${n}', id: raw.job_id, type: raw.job_type, state: 'succeeded', done: true, status: 'SUCCESS', subtasks: [] });
    expect(job.startedAt).toEqual(new Date(raw.begin_time));
    expect(job.finishedAt).toEqual(new Date(raw.end_time));
    expect(job.error).toBeUndefined();
    expect(job.raw).toBe(raw);
  });

  it('a running job', () => {
    const job = normalize${C}Job(exampleValue('${n}', '200', 'Running'));
    expect(job).toMatchObject({ state: 'running', done: false, status: 'RUNNING' });
    expect(job.finishedAt).toBeUndefined();
  });

  it('a failed job, with its reason', () => {
    const raw = exampleValue('${n}', '200', 'Failed');
    const job = normalize${C}Job(raw);
    expect(job).toMatchObject({ state: 'failed', done: true, error: { code: raw.error_code, message: raw.fail_reason } });
  });

  it('every status row maps to its state; the descriptor is registered', () => {
    for (const [status, state] of ${U}_STATUS_TABLE['status'] ?? []) expect(${U}_STATUS_STATES[status]).toBe(state);
    expect(findService('${n}')).toBe(${n});
  });
});

// get + wait to success, a failure, 404-until-visible, a 500, a 429 with Retry-After, a dropped
// connection and the not-found answer (serviceScenarios.ts); only this service's facts are here.
describeServiceScenarios({
  service: '${n}',
  seed: 1,
  success: {
    title: 'get reads a running job; wait follows it to success',
    job: { durationMs: 30_000, outcome: 'success' },
    path: (created) => \`/v1/\${PROJECT}/jobs/\${created.id}\`,
    first: {},
    last: { status: 'SUCCESS' },
  },
  failure: {
    noun: 'job',
    job: {},
    expected: { status: 'FAIL', error: { code: '${C}.0001', message: 'Insufficient quota.' } },
  },
  // TODO: once the spec has the service's own job path, add its not-found answer (404 ${C}.0404 from
  // the simulator): notFound: { title, answers: [{ ref: { jobId }, status: 404, code: '${C}.0404' }] }.
  // On the template's path, which other services share, an unknown ID gets the first one's answer.
});
`;
}

function simModule(n, C, title) {
  return `// ${title}: GET ${JOB_PATH} — INIT -> RUNNING -> SUCCESS | FAIL, ISO 8601 times.
// TODO: the real answers (the spec's examples): statuses, fields, subtasks, error bodies.
import type { Answer } from '../answer.js';
import { backendUnavailable } from '../gateway.js';
import type { IdSource } from '../ids.js';
import type { SimJob, Timeline } from '../jobModel.js';
import type { SimState } from '../types.js';
import { fillRoute, ID_FORM, isoTime, type ServiceModule } from './service.js';

const STATUS: Record<SimState, string> = {
  blocked: 'INIT',
  pending: 'INIT',
  running: 'RUNNING',
  succeeded: 'SUCCESS',
  failed: 'FAIL',
};

/** The failure every failing job reports (the spec's Failed example). */
const FAILURE = { code: '${C}.0001', reason: 'Insufficient quota.' };

function ${n}Error(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message } };
}

function render(job: SimJob, t: Timeline): Answer {
  const failed = t.state === 'failed';
  return {
    status: 200,
    body: {
      job_id: job.id,
      job_type: job.jobType,
      status: STATUS[t.state],
      begin_time: isoTime(t.createdAt),
      end_time: t.done ? isoTime(t.endsAt) : null,
      error_code: failed ? FAILURE.code : null,
      fail_reason: failed ? FAILURE.reason : null,
    },
  };
}

/**
 * The ${title} job API: 32-hex job IDs, ISO 8601 times, \`error_code\` + \`fail_reason\` on failure.
 * @example
 * ${n}.render(job, timelineAt(job, now), new URLSearchParams()).body; // { status: 'SUCCESS', ... }
 */
export const ${n}: ServiceModule<'${n}'> = {
  name: '${n}',
  title: '${title}',
  route: '${JOB_PATH}',
  projectScoped: true,
  defaultJobType: 'createResource',
  defaultSubtasks: 0,
  hasSubtasks: false,
  canBlock: false,
  // The jobs \`npm start\` and \`--seed-demo\` create (every service has at least one).
  demoJobs: [{ durationMs: 20_000, outcome: 'success' }],
  newJobId: (ids: IdSource) => ids.hex(32),
  isWellFormedId: (id) => ID_FORM.test(id),
  jobPath: (job) => fillRoute(${n}.route, { project_id: job.projectId ?? '', job_id: job.id }),
  readRef: (params) => ({ projectId: params['project_id'], jobId: params['job_id'] }),
  statusOf: (state) => STATUS[state],
  render,
  badRequest: () => ${n}Error(400, '${C}.0400', 'Invalid parameter.'),
  notFound: () => ${n}Error(404, '${C}.0404', 'The job does not exist.'),
  serverError: (status, requestId) => (status === 500 ? ${n}Error(500, '${C}.0500', 'Internal service error.') : backendUnavailable(status, requestId)),
};
`;
}

// ---------------------------------------------------------------------------------------------

function write(root, rel, text, created) {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  created.push(rel);
}

function parseArgs(argv) {
  let name;
  let title;
  let install = true;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--no-install') install = false;
    else if (a === '--title') {
      title = argv[(i += 1)];
      if (!title || !/^[A-Za-z0-9][A-Za-z0-9 ,()&/-]{0,79}$/.test(title)) throw new UsageError(`--title needs a plain title (letters, digits, spaces, up to 80 characters)\n${USAGE}`);
    } else if (a === '--help' || a === '-h') throw new UsageError(USAGE);
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (name !== undefined) throw new UsageError(`one service name only (got ${JSON.stringify(name)} and ${JSON.stringify(a)})\n${USAGE}`);
    else name = a;
  }
  return { name, title, install };
}

/** Creates and registers service `name` under `root`; returns the created and changed paths. */
export function createService(root, name, title) {
  checkName(root, name);
  title ??= `${name.toUpperCase()} (TODO service title)`;
  const C = clientNameOf(name);
  const U = name.toUpperCase();
  const own = ownPaths(name);
  const created = [];
  write(root, own.spec, specYaml(name, C, title), created);
  for (const [file, text] of Object.entries(clientFiles(name, C, title))) write(root, `${own.pkg}/${file}`, text, created);
  for (const [file, text] of Object.entries(jobsFiles(name, C, U, title))) write(root, `${own.jobs}/${file}`, text, created);
  write(root, own.jobsTest, jobsTest(name, C, U, title), created);
  write(root, own.sim, simModule(name, C, title), created);
  // Its registry page (made from the spec, remade by its `generate`) and the license every tarball ships.
  write(root, `${own.pkg}/README.md`, renderReadme(name, root), created);
  write(root, `${own.pkg}/LICENSE`, readFileSync(join(root, 'LICENSE'), 'utf8'), created);
  const version = JSON.parse(readFileSync(join(root, own.pkg, 'package.json'), 'utf8')).version;
  registerTs(root, 'packages/jobs/src/services/registry.ts', name, `export { ${name} } from './${name}/index.js';`);
  registerTs(root, 'packages/simulator/src/services/index.ts', name, `export { ${name} } from './${name}.js';`);
  registerApi(root, name);
  registerDependency(root, name, version);
  const registered = ['packages/jobs/src/services/registry.ts', 'packages/simulator/src/services/index.ts', 'redocly.yaml', 'packages/jobs/package.json'];
  return { created, registered };
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  let args;
  let result;
  try {
    args = parseArgs(process.argv.slice(2));
    result = createService(root, args.name, args.title);
  } catch (err) {
    console.error(`new-service: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  }
  const { name } = args;
  console.log(`new-service: created ${name}:\n  ${result.created.join('\n  ')}`);
  console.log(`registered it (one line each) in:\n  ${result.registered.join('\n  ')}`);
  if (args.install) {
    console.log('linking the workspace: npm install --no-audit --no-fund');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const run = spawnSync(npm, ['install', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) {
      console.error('new-service: npm install failed; run it yourself to link the new package');
      process.exit(1);
    }
  }
  const rel = (p) => relative(process.cwd(), join(root, p)) || '.';
  console.log(`
Next steps:
  1. Fill in every TODO from the service's real API page: ${rel(ownPaths(name).spec)} first (path, servers and
     regions, statuses, examples, error codes), then the descriptor, normalizer, status table and error
     codes in ${rel(ownPaths(name).jobs)}/, and the simulator module ${rel(ownPaths(name).sim)}.
     If you change the path, change it in all three, and in the client test.
  2. npm run lint:specs && npm run build
  3. npm test (or per package: cd packages/${name} && npx vitest run; cd packages/jobs && npx vitest run test/service-${name}.test.ts)
  4. Title or exports changed? UPDATE_API_SURFACE=1 npx vitest run test/api-surface.test.ts (in the package) after a build.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();

// Checks of issue 12 shared by every spec: a validator accepts the API gateway's real answers on
// every status, and what comes from no source is marked the same way everywhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createValidator, loadSpec, repoRoot } from './spec.js';

/** The schema a client must validate an answer with: the exact status, else `4XX`/`5XX`, else `default`. */
export function responseSchemaFor(operation: Record<string, any>, status: number): Record<string, unknown> | undefined {
  const responses = operation['responses'] ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default'];
  return response?.content?.['application/json']?.schema;
}

/** Realistic API gateway answers (APIG codes on every status it uses), from the gateway's error-code list. */
export const GATEWAY_ANSWERS: ReadonlyArray<readonly [status: number, body: Record<string, unknown>]> = [
  [400, { error_code: 'APIG.0201', error_msg: 'Bad request.', request_id: 'a1' }],
  [401, { error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail', request_id: 'a2' }],
  [401, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'a3' }],
  [401, { error_code: 'APIG.0307', error_msg: 'The token must be updated.', request_id: 'a4' }],
  [404, { error_code: 'APIG.0101', error_msg: 'The API does not exist or has not been published in the environment.', request_id: 'a5' }],
  [413, { error_code: 'APIG.0201', error_msg: 'Request entity too large.', request_id: 'a6' }],
  [414, { error_code: 'APIG.0201', error_msg: 'Request-URI too large.', request_id: 'a7' }],
  [429, { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached.', request_id: 'a8' }],
  [494, { error_code: 'APIG.0201', error_msg: 'Request header too large.', request_id: 'a9' }],
  [500, { error_code: 'APIG.0201', error_msg: 'Internal server error.', request_id: 'b1' }],
  [502, { error_code: 'APIG.0201', error_msg: 'Backend unavailable.', request_id: 'b2' }],
  [504, { error_code: 'APIG.0201', error_msg: 'Backend timeout.', request_id: 'b3' }],
];

/** One line per gateway answer the service's job operation(s) would reject or leave untyped. */
export function gatewayAnswerProblems(service: string): string[] {
  const spec = loadSpec(service);
  const validate = createValidator();
  const problems: string[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(spec['paths'] ?? {})) {
    for (const [method, operation] of Object.entries<Record<string, any>>(item)) {
      if (!operation?.['responses']) continue;
      for (const [status, body] of GATEWAY_ANSWERS) {
        const schema = responseSchemaFor(operation, status);
        const where = `${method.toUpperCase()} ${path} ${status} ${String(body['error_code'])}`;
        if (!schema) problems.push(`${where}: no response covers it`);
        else problems.push(...validate(schema, body).map((m) => `${where}: ${m}`));
      }
    }
  }
  return problems;
}

type Node = null | boolean | number | string | Node[] | { [key: string]: Node };

/** Every object of a YAML tree, with its JSON path. */
function* objects(node: Node, path: string): Generator<[string, Record<string, Node>]> {
  if (Array.isArray(node)) for (const [i, n] of node.entries()) yield* objects(n, `${path}/${i}`);
  else if (node !== null && typeof node === 'object') {
    yield [path, node];
    for (const [k, v] of Object.entries(node)) yield* objects(v, `${path}/${k}`);
  }
}

/**
 * The convention of issue 12 point 6, in the spec file as written (and the shared files):
 * - a statement from no source says so in a sentence starting `Inferred:` of its `description`,
 *   and its object carries `x-inferred: true` (and an object marked so has such a sentence);
 *   the word "inferred" appears nowhere else;
 * - an example is either made up, its summary starting `Illustrative:`, or quoted, with `x-source`
 *   naming where from: exactly one of the two.
 */
export function conventionProblems(file: string): string[] {
  const doc = parse(readFileSync(join(repoRoot, file), 'utf8')) as Node;
  const problems: string[] = [];
  for (const [path, node] of objects(doc, '')) {
    const description = typeof node['description'] === 'string' ? node['description'] : '';
    const marked = node['x-inferred'] === true;
    if (/\binferred\b/i.test(description) && !marked) problems.push(`${file}${path}: says "inferred" without x-inferred: true`);
    if (marked && !/\bInferred: /.test(description)) problems.push(`${file}${path}: x-inferred without an "Inferred: ..." sentence`);
    if (/\(inferred\b/i.test(description)) problems.push(`${file}${path}: "(inferred...)" instead of an "Inferred: ..." sentence`);
    if (/\/examples\/[^/]+$/.test(path) && 'value' in node) {
      const illustrative = typeof node['summary'] === 'string' && node['summary'].startsWith('Illustrative:');
      const sourced = typeof node['x-source'] === 'string' && node['x-source'].length > 0;
      if (illustrative === sourced) problems.push(`${file}${path}: needs exactly one of an "Illustrative:" summary or x-source`);
    }
  }
  return problems;
}

/**
 * Issue 12 point 7: what a package's entry must export besides its client: every root alias of a
 * schema of the generated openapi.ts (EcsJob, EcsTime, GatewayError...) and every constant of values.ts.
 * Returns the names src/index.ts misses.
 */
export function missingEntryExports(packageDir: string): string[] {
  const generated = readFileSync(join(packageDir, 'src/generated/openapi.ts'), 'utf8');
  const aliases = [...generated.matchAll(/^export type (\w+) = (?:components\['schemas'\]|.*\(\w+ & \{\}\);$)/gm)].map((m) => m[1]!);
  const values = readFileSync(join(packageDir, 'src/generated/values.ts'), 'utf8');
  const constants = [...values.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]!);
  const entry = readFileSync(join(packageDir, 'src/index.ts'), 'utf8');
  const exportsAllValues = entry.includes("export * from './generated/values.js';");
  return [
    ...aliases.filter((name) => !new RegExp(`^\\s*(?:type\\s+)?${name},?$`, 'm').test(entry)),
    ...(exportsAllValues ? [] : constants),
  ];
}

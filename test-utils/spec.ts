// Loads a hand-written spec with every $ref inlined, lists its examples and validates them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pointer(doc: Json, path: string): Json {
  let node: Json = doc;
  for (const raw of path.split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') throw new Error(`bad pointer ${path}`);
    node = (node as Record<string, Json>)[key] as Json;
    if (node === undefined) throw new Error(`unresolved pointer ${path}`);
  }
  return node;
}

/** Returns the spec of `service` with every local and cross-file `$ref` replaced by its target. */
export function loadSpec(service: string): Record<string, any> {
  const cache = new Map<string, Json>();
  const load = (file: string): Json => {
    if (!cache.has(file)) cache.set(file, parse(readFileSync(file, 'utf8')) as Json);
    return cache.get(file) as Json;
  };
  const inline = (node: Json, file: string, seen: string[]): Json => {
    if (Array.isArray(node)) return node.map((n) => inline(n, file, seen));
    if (node === null || typeof node !== 'object') return node;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      const [target = '', frag = ''] = ref.split('#');
      const targetFile = target ? resolve(dirname(file), target) : file;
      const key = `${targetFile}#${frag}`;
      if (seen.includes(key)) throw new Error(`circular $ref ${key}`);
      return inline(pointer(load(targetFile), frag), targetFile, [...seen, key]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, file, seen)]));
  };
  const file = join(repoRoot, 'specs', service, 'openapi.yaml');
  return inline(load(file), file, []) as Record<string, any>;
}

export interface SpecExample {
  path: string;
  method: string;
  status: string;
  name: string;
  value: unknown;
  schema: Record<string, unknown>;
}

/** Every response example of every operation, with the schema it must satisfy. */
export function responseExamples(spec: Record<string, any>): SpecExample[] {
  const out: SpecExample[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (typeof op !== 'object' || !op.responses) continue;
      for (const [status, response] of Object.entries<any>(op.responses)) {
        for (const media of Object.values<any>(response.content ?? {})) {
          for (const [name, ex] of Object.entries<any>(media.examples ?? {})) {
            out.push({ path, method, status, name, value: ex.value, schema: media.schema });
          }
          if ('example' in media) out.push({ path, method, status, name: 'example', value: media.example, schema: media.schema });
        }
      }
    }
  }
  return out;
}

/** A JSON Schema 2020-12 validator for a spec's schemas (OpenAPI keywords such as `example` allowed). */
export function createValidator(): (schema: Record<string, unknown>, value: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const cache = new WeakMap<object, ReturnType<typeof ajv.compile>>();
  return (schema, value) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      cache.set(schema, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
  };
}

/** Validates every response example of a service's spec; returns one line per failure. */
export function invalidExamples(service: string): string[] {
  const spec = loadSpec(service);
  const validate = createValidator();
  return responseExamples(spec).flatMap((ex) =>
    validate(ex.schema, ex.value).map((msg) => `${ex.method.toUpperCase()} ${ex.path} ${ex.status} ${ex.name}: ${msg}`),
  );
}

/** The named example's value of a response, for serving it from a test server. */
export function exampleValue(service: string, status: string, name: string): any {
  const found = responseExamples(loadSpec(service)).find((e) => e.status === status && e.name === name);
  if (!found) throw new Error(`${service}: no example ${name} for status ${status}`);
  return structuredClone(found.value);
}

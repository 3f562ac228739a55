// The APIs of redocly.yaml and their specs: one list of APIs, each spec with its $refs inlined,
// its operations and the enums of its status fields.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const configFile = join(root, 'redocly.yaml');

/**
 * @typedef {{ api: string, service: string, version: string, specFile: string }} Api
 * @typedef {{ method: string, path: string, summary: string, operationId?: string }} Operation
 * @typedef {{ field: string, path: string, values: (string | number | boolean)[] }} StatusEnum
 */

/**
 * The major version of an `info.version` such as `v2.0`, `2.1.3` or `v3`: `v2`, `v2`, `v3`.
 * @param {unknown} version
 */
export function majorVersion(version) {
  const m = /^v?(\d+)(?:[.\-+].*)?$/i.exec(String(version ?? '').trim());
  return m ? `v${Number(m[1])}` : undefined;
}

/** The APIs of redocly.yaml, in its order. @returns {Api[]} */
export function readApis() {
  const config = parse(readFileSync(configFile, 'utf8'));
  return Object.entries(config?.apis ?? {}).map(([api, entry]) => {
    const at = api.lastIndexOf('@');
    return {
      api,
      service: at > 0 ? api.slice(0, at) : api,
      version: at > 0 ? api.slice(at + 1) : '',
      specFile: resolve(root, /** @type {{ root: string }} */ (entry).root),
    };
  });
}

/** Follows a JSON pointer (`/a/b~1c`) into `doc`. */
function pointer(doc, frag, where) {
  let node = doc;
  for (const raw of frag.split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`unresolved $ref ${where}`);
    node = node[key];
  }
  return node;
}

/** The spec with every local and cross-file `$ref` inlined (a circular one is left as is). */
export function loadSpec(file) {
  const files = new Map();
  const load = (f) => {
    if (!files.has(f)) files.set(f, parse(readFileSync(f, 'utf8')));
    return files.get(f);
  };
  const inline = (node, f, seen) => {
    if (Array.isArray(node)) return node.map((n) => inline(n, f, seen));
    if (node === null || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const [target = '', frag = ''] = node.$ref.split('#');
      const targetFile = target ? resolve(dirname(f), target) : f;
      const key = `${targetFile}#${frag}`;
      if (seen.includes(key)) return node;
      return inline(pointer(load(targetFile), frag, `${node.$ref} in ${relative(root, f)}`), targetFile, [...seen, key]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, f, seen)]));
  };
  return inline(load(file), file, []);
}

export const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of a spec, in document order. @returns {(Operation & { op: any, pathItem: any })[]} */
export function operations(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => ({
      method: m.toUpperCase(),
      path,
      summary: String(item[m].summary ?? ''),
      operationId: item[m].operationId,
      op: item[m],
      pathItem: item,
    })),
  );
}

/** Every property that carries an enum (or const) in the schema, by dotted path (`data.status`, `tasks[].status`). */
function collectEnums(schema, path, out, depth = 0) {
  if (schema === null || typeof schema !== 'object' || depth > 32) return;
  const values = [...(Array.isArray(schema.enum) ? schema.enum : []), ...('const' in schema ? [schema.const] : [])];
  const scalars = values.filter((v) => v !== null && typeof v !== 'object');
  if (scalars.length > 0) {
    const key = path.join('.').replace(/\.\[\]/g, '[]');
    const known = out.get(key) ?? [];
    out.set(key, [...known, ...scalars.filter((v) => !known.includes(v))]);
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) collectEnums(s, path, out, depth + 1);
  for (const [name, s] of Object.entries(schema.properties ?? {})) collectEnums(s, [...path, name], out, depth + 1);
  if (schema.items) collectEnums(schema.items, [...path, '[]'], out, depth + 1);
}

/**
 * The enum of the status field `field` (a statusTable key such as `status`, `data.status` or
 * `tasks[].TASK_STATUS`) in the success responses of the spec.
 * @returns {StatusEnum}
 */
export function statusEnum(spec, service, field) {
  const enums = new Map();
  for (const { op } of operations(spec)) {
    for (const [code, response] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(code)) continue;
      for (const media of Object.values(response?.content ?? {})) collectEnums(media?.schema, [], enums);
    }
  }
  // An index (`tasks[0].status`: the job is the one element of a list) reads as any element.
  const norm = (p) => p.replace(/\[\d*\]/g, '');
  const wanted = norm(field);
  const exact = [...enums.keys()].filter((p) => norm(p) === wanted);
  const suffix = [...enums.keys()].filter((p) => norm(p).endsWith(`.${wanted}`)).sort((a, b) => a.split('.').length - b.split('.').length);
  const candidates = exact.length > 0 ? exact : suffix;
  const first = candidates[0];
  if (first === undefined) {
    throw new Error(
      `${service} statusTable has field "${field}", but no property of that name with an enum is in the success responses of ` +
        `specs/${service}/openapi.yaml (properties with an enum there: ${[...enums.keys()].join(', ') || 'none'})`,
    );
  }
  const values = enums.get(first);
  const differing = candidates.filter((p) => JSON.stringify(enums.get(p)) !== JSON.stringify(values));
  if (differing.length > 0) {
    throw new Error(`${service} statusTable.${field} is ambiguous in specs/${service}/openapi.yaml: ${[first, ...differing].join(', ')} have different enums; use the full path as the key`);
  }
  return { field, path: first, values };
}

// What a reader sees of a status field on a reference page. The specs model an open enum as
// `anyOf: [{type: string, enum: [...]}, {type: string}]` (right for validators and generated
// types), which Redoc renders as an "Any of: string | string" switcher. The page gets one schema
// instead: the known values, a sentence saying the list is open, and next to each value the
// normalized Job state it maps to (from the descriptor's statusTable). Only the copy of the spec
// the page is built from changes; specs/ stays as it is.

export const OPEN_ENUM_NOTE = 'The list is open: the service may send other values (cloud-jobs treats an unknown one as `unknown`, not final).';

/** Whether `branch` is a bare `{ type }` (maybe with a description): the "any other value" branch. */
function bareType(branch) {
  if (branch === null || typeof branch !== 'object') return false;
  return Object.keys(branch).every((k) => k === 'type' || k === 'description' || k === 'title') && typeof branch.type === 'string';
}

/**
 * Replaces, everywhere in `node`, an `anyOf`/`oneOf` of `{ type: T, enum }` and a bare `{ type: T }`
 * by one `{ type: T, enum, x-open-enum: true }` schema whose description says the list is open.
 * Returns the number of schemas collapsed.
 */
export function collapseOpenEnums(node, depth = 0) {
  if (node === null || typeof node !== 'object' || depth > 64) return 0;
  let count = 0;
  if (Array.isArray(node)) {
    for (const n of node) count += collapseOpenEnums(n, depth + 1);
    return count;
  }
  for (const key of ['anyOf', 'oneOf']) {
    const branches = node[key];
    if (!Array.isArray(branches) || branches.length !== 2) continue;
    const known = branches.find((b) => b && typeof b === 'object' && Array.isArray(b.enum));
    const other = branches.find((b) => b !== known);
    if (!known || !bareType(other) || other.type !== known.type) continue;
    delete node[key];
    node.type = known.type;
    node.enum = [...known.enum];
    node['x-open-enum'] = true;
    const said = [node.description, known.description].filter(Boolean).join('\n\n');
    node.description = said ? `${said}\n\n${OPEN_ENUM_NOTE}` : OPEN_ENUM_NOTE;
    count += 1;
  }
  for (const value of Object.values(node)) count += collapseOpenEnums(value, depth + 1);
  return count;
}

/** The schemas at a dotted path such as `data.status` or `tasks[].status` under `schema` (through allOf/anyOf/oneOf). */
function schemasAt(schema, segments, out, depth = 0) {
  if (schema === null || typeof schema !== 'object' || depth > 64) return;
  for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) schemasAt(s, segments, out, depth + 1);
  if (segments.length === 0) {
    out.add(schema);
    return;
  }
  const [head = '', ...rest] = segments;
  if (head === '[]') {
    if (schema.items) schemasAt(schema.items, rest, out, depth + 1);
    return;
  }
  if (schema.properties && head in schema.properties) schemasAt(schema.properties[head], rest, out, depth + 1);
}

/** `tasks[].status` (or `tasks[0].status`: the job is the one element of a list) -> ['tasks', '[]', 'status']. */
function segmentsOf(path) {
  return path
    .split('.')
    .flatMap((part) => {
      const indexed = /^(.*?)\[\d*\]$/.exec(part);
      return indexed ? [indexed[1], '[]'] : [part];
    })
    .filter(Boolean);
}

/**
 * Puts next to every status value of the success responses the normalized state it maps to, as
 * Redoc's `x-enumDescriptions` (a table under the field): `state (final) - meaning`.
 * @param {any} spec the page's copy of the spec, $refs inlined
 * @param {{ path: string, rows: { value: unknown, state: string, meaning: string }[] }[]} tables
 * @param {ReadonlySet<string>} terminal
 * @param {(spec: any) => { op: any }[]} operations
 * @returns {number} how many schemas were annotated
 */
export function annotateStates(spec, tables, terminal, operations) {
  let count = 0;
  for (const { op } of operations(spec)) {
    for (const [code, response] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(code)) continue;
      for (const media of Object.values(response?.content ?? {})) {
        for (const table of tables) {
          const found = new Set();
          schemasAt(media?.schema, segmentsOf(table.path), found);
          for (const schema of found) {
            if (!Array.isArray(schema.enum) && !('const' in schema)) continue;
            schema['x-enumDescriptions'] = Object.fromEntries(
              table.rows.map((r) => [String(r.value), `normalized state **${r.state}**${terminal.has(r.state) ? ' (final)' : ''}${r.meaning ? `: ${r.meaning}` : ''}`]),
            );
            count += 1;
          }
        }
      }
    }
  }
  return count;
}

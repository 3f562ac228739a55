// The portal's search across every API: operations, response fields, status values and error
// codes, each with a relative link to where it is documented. Built into the portal page (no
// fetch, so it works from file://); searched by a small inline script.

/** Redoc 3's route of an operation: `/<tag slug>/<operationId, lowercased>`. */
export function operationRoute(op, tagOf) {
  const slug = (s) => String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const tag = tagOf ?? op.op.tags?.[0];
  return tag && op.operationId ? `/${slug(tag)}/${String(op.operationId).toLowerCase()}` : '/';
}

/** Every property path of a schema (`data.status`, `entities.sub_jobs[].job_id`) with its first description line. */
function fields(schema, path, out, depth = 0) {
  if (schema === null || typeof schema !== 'object' || depth > 24) return;
  for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) fields(s, path, out, depth + 1);
  for (const [name, s] of Object.entries(schema.properties ?? {})) {
    const p = path ? `${path}.${name}` : name;
    if (!out.has(p)) out.set(p, String(s?.description ?? s?.title ?? '').split(/\n/)[0]?.replace(/[`*_]/g, '') ?? '');
    fields(s, p, out, depth + 1);
  }
  if (schema.items) fields(schema.items, `${path}[]`, out, depth + 1);
}

/** Error codes in the examples of a response: `error_code`/`code` values, with the message next to them. */
function errorCodes(value, out, depth = 0) {
  if (value === null || typeof value !== 'object' || depth > 16) return;
  const code = value.error_code ?? value.errorCode ?? value.code;
  if (typeof code === 'string' && /^[A-Za-z][\w-]*\.\w+$/.test(code) && !out.has(code)) {
    out.set(code, String(value.error_msg ?? value.errorMessage ?? value.message ?? value.error_message ?? ''));
  }
  for (const v of Object.values(value)) errorCodes(v, out, depth + 1);
}

/**
 * @typedef {{ kind: 'operation' | 'field' | 'status' | 'error', service: string, title: string, detail: string, href: string }} SearchEntry
 * @param {{ api: { service: string }, spec: any, tables: { path: string, rows: { value: unknown, state: string, meaning: string }[] }[], operations: any[] }[]} services
 * @returns {SearchEntry[]}
 */
export function searchEntries(services) {
  /** @type {SearchEntry[]} */
  const entries = [];
  for (const { api, spec, tables, operations } of services) {
    const service = api.service;
    const page = `${encodeURIComponent(service)}/index.html`;
    for (const op of operations) {
      const href = `${page}#${operationRoute(op)}`;
      entries.push({ kind: 'operation', service, title: `${op.method} ${op.path}`, detail: op.summary, href });
      const found = new Map();
      const codes = new Map();
      for (const [code, response] of Object.entries(op.op.responses ?? {})) {
        for (const media of Object.values(response?.content ?? {})) {
          if (/^2/.test(code)) fields(media?.schema, '', found);
          for (const ex of [media?.example, ...Object.values(media?.examples ?? {}).map((e) => e?.value)]) errorCodes(ex, codes);
        }
      }
      for (const [path, description] of found) entries.push({ kind: 'field', service, title: path, detail: description, href });
      for (const [code, message] of codes) entries.push({ kind: 'error', service, title: code, detail: message, href });
    }
    for (const table of tables) {
      for (const row of table.rows) {
        entries.push({ kind: 'status', service, title: `${table.path} = ${String(row.value)}`, detail: `${row.state}${row.meaning ? `: ${row.meaning}` : ''}`, href: `index.html#${encodeURIComponent(service)}` });
      }
    }
  }
  return entries;
}

/** The inline script of the portal's search box (reads the JSON index next to it). */
export const SEARCH_SCRIPT = `
(() => {
  const KINDS = ['status', 'operation', 'error', 'field'];
  const input = document.getElementById('cj-search');
  const list = document.getElementById('cj-results');
  const count = document.getElementById('cj-count');
  const index = JSON.parse(document.getElementById('cj-search-index').textContent);
  document.getElementById('search').hidden = false;
  const show = () => {
    const words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    list.textContent = '';
    if (words.length === 0) { count.textContent = index.length + ' entries: operations, fields, status values and error codes of every API.'; return; }
    const hits = index.filter((e) => { const text = (e.service + ' ' + e.kind + ' ' + e.title + ' ' + e.detail).toLowerCase(); return words.every((w) => text.includes(w)); });
    // Hits whose name matches first (a status value before the fields that mention it), then by kind.
    const rank = (e) => { const name = (e.service + ' ' + e.title).toLowerCase(); return (words.every((w) => name.includes(w)) ? 0 : 10) + KINDS.indexOf(e.kind); };
    hits.sort((a, b) => rank(a) - rank(b));
    count.textContent = hits.length === 0 ? 'No match.' : hits.length + (hits.length === 1 ? ' match' : ' matches') + (hits.length > 50 ? ' (first 50 shown)' : '');
    for (const e of hits.slice(0, 50)) {
      const li = document.createElement('li');
      li.dataset.kind = e.kind; li.dataset.service = e.service;
      const a = document.createElement('a'); a.href = e.href; a.textContent = e.title;
      const meta = document.createElement('span'); meta.className = 'hit-meta'; meta.textContent = e.service + ' · ' + e.kind;
      const detail = document.createElement('span'); detail.className = 'hit-detail'; detail.textContent = e.detail;
      li.append(meta, a, detail); list.append(li);
    }
  };
  input.addEventListener('input', show);
  const q = new URLSearchParams(location.search).get('q');
  if (q) input.value = q;
  show();
})();
`;

#!/usr/bin/env node
// Builds site/, the offline documentation portal:
//   site/<service>/index.html  one Redoc page per API of redocly.yaml (`redocly build-docs --inlineBundle`),
//   site/index.html            the portal: every service with its endpoints, a one-line summary, and its
//                              status values (from the spec's status enum) with their normalized state
//                              and meaning (from the service descriptor's statusTable in the built
//                              @cloud-jobs/jobs registry), in the order of redocly.yaml.
// Nothing on any page loads from the network. Every API of redocly.yaml must have its spec: a missing
// one fails the build (`--allow-missing` skips it instead, for local work while a spec is being written;
// the portal then says which). An API's key must carry its spec's major version (`<service>@v<N>`
// for info.version vN or vN.x). Run through turbo: `npm run docs` (the docs task depends on ^build,
// which builds @cloud-jobs/jobs). Usage: node scripts/build-docs.mjs [--allow-missing]
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const siteDir = join(root, 'site');
const configFile = join(root, 'redocly.yaml');
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const started = performance.now();
const USAGE = 'usage: node scripts/build-docs.mjs [--allow-missing]';
const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--allow-missing') {
    console.error(`build-docs: error: unknown argument ${a}\n${USAGE}`);
    process.exit(2);
  }
}
const allowMissing = args.includes('--allow-missing');

/** @param {string} message */
function fail(message) {
  console.error(`build-docs: error: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Specs

/**
 * @typedef {{ api: string, service: string, version: string, specFile: string }} Api
 * @typedef {{ method: string, path: string, summary: string, operationId?: string }} Operation
 * @typedef {{ field: string, path: string, values: (string | number | boolean)[] }} StatusEnum
 */

/**
 * The major version of an `info.version` such as `v2.0`, `2.1.3` or `v3`: `v2`, `v2`, `v3`.
 * @param {unknown} version
 */
function majorVersion(version) {
  const m = /^v?(\d+)(?:[.\-+].*)?$/i.exec(String(version ?? '').trim());
  return m ? `v${Number(m[1])}` : undefined;
}

/** The APIs of redocly.yaml, in its order. @returns {Api[]} */
function readApis() {
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
function loadSpec(file) {
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

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of a spec, in document order. @returns {(Operation & { op: any })[]} */
function operations(spec) {
  return Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => ({
      method: m.toUpperCase(),
      path,
      summary: String(item[m].summary ?? ''),
      operationId: item[m].operationId,
      op: item[m],
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
function statusEnum(spec, service, field) {
  const enums = new Map();
  for (const { op } of operations(spec)) {
    for (const [code, response] of Object.entries(op.responses ?? {})) {
      if (!/^2/.test(code)) continue;
      for (const media of Object.values(response?.content ?? {})) collectEnums(media?.schema, [], enums);
    }
  }
  const norm = (p) => p.replace(/\[\]/g, '');
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

// ---------------------------------------------------------------------------------------------
// Status tables from @cloud-jobs/jobs

/** The status tables of the registered services (and the terminal states) of the built @cloud-jobs/jobs, resolved from packages/docs. */
async function loadJobs() {
  const from = createRequire(join(root, 'packages', 'docs', 'package.json'));
  let mod;
  try {
    mod = await import(pathToFileURL(from.resolve('@cloud-jobs/jobs')).href);
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    throw new Error(
      `cannot load the built @cloud-jobs/jobs (${e.code ?? ''} ${e.message.split('\n')[0]}). ` +
        'Build it first: `npx turbo run build --filter=@cloud-jobs/jobs` (`npm run docs` does this through the docs task\'s dependsOn ^build).',
    );
  }
  const registry = mod.services;
  if (!Array.isArray(registry) || typeof mod.findService !== 'function') {
    throw new Error(
      '@cloud-jobs/jobs does not export services / findService (its registry of service descriptors, packages/jobs/src/services/registry.ts). ' +
        'The portal takes every normalized state from the descriptors\' status tables; rebuild @cloud-jobs/jobs once it is there.',
    );
  }
  /** @type {Record<string, unknown>} service -> field -> [raw value, state, meaning][] */
  const tables = Object.fromEntries(registry.map((descriptor) => [descriptor.name, descriptor.statusTable]));
  /** @type {ReadonlySet<string>} */
  const terminal = mod.TERMINAL_STATES instanceof Set ? mod.TERMINAL_STATES : new Set();
  return { tables, terminal };
}

/**
 * @typedef {{ value: string | number | boolean, state: string, meaning: string, documented: boolean }} StatusRow
 * @typedef {{ field: string, path: string, rows: StatusRow[] }} StatusTable
 */

/** Joins the spec's enum of each field with the status table of the service's descriptor. @returns {StatusTable[]} */
function statusTables(spec, service, tables) {
  const byField = tables[service];
  if (byField === null || typeof byField !== 'object' || Object.keys(byField).length === 0) {
    throw new Error(`no registered service "${service}" with a status table in @cloud-jobs/jobs (registered: ${Object.keys(tables).join(', ') || 'none'}); name the API <service>@v<N> after a registered service`);
  }
  return Object.entries(byField).map(([field, entries]) => {
    if (!Array.isArray(entries)) throw new Error(`${service} statusTable.${field} is not an array of [raw value, state, meaning]`);
    const known = entries.map((row, i) => {
      if (!Array.isArray(row) || row.length < 2 || typeof row[1] !== 'string') {
        throw new Error(`${service} statusTable.${field}[${i}] is not a [raw value, state, meaning] tuple: ${JSON.stringify(row)}`);
      }
      return { value: row[0], state: row[1], meaning: row[2] === undefined || row[2] === null ? '' : String(row[2]) };
    });
    const { path, values } = statusEnum(spec, service, field);
    const find = (v) => known.find((k) => String(k.value) === String(v));
    const missing = values.filter((v) => !find(v));
    if (missing.length > 0) {
      throw new Error(
        `specs/${service}/openapi.yaml documents ${path} = ${missing.map((v) => JSON.stringify(v)).join(', ')}, ` +
          `which ${service} statusTable.${field} does not map to a state`,
      );
    }
    const extra = known.filter((k) => !values.some((v) => String(v) === String(k.value)));
    if (extra.length > 0) {
      console.warn(
        `build-docs: warning: ${service} statusTable.${field} maps ${extra.map((k) => JSON.stringify(k.value)).join(', ')}, ` +
          `not in the enum of ${path} in specs/${service}/openapi.yaml (shown as undocumented)`,
      );
    }
    const rows = [
      ...values.map((v) => ({ .../** @type {StatusRow} */ (find(v)), value: v, documented: true })),
      ...extra.map((k) => ({ ...k, documented: false })),
    ];
    return { field, path, rows };
  });
}

// ---------------------------------------------------------------------------------------------
// Redoc pages

// Redoc 3 shows an "API docs by Redocly" badge whose image it loads from Redocly's CDN. The pages
// must not reach the network, so the two image URLs become inline SVGs (the link stays).
const LOGO_FULL =
  '<svg xmlns="http://www.w3.org/2000/svg" width="54" height="16" viewBox="0 0 54 16"><text x="1" y="12.5" font-family="system-ui,sans-serif" font-size="12" font-weight="600" fill="#0044D4">Redocly</text></svg>';
const LOGO_MINI =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#0044D4"/><text x="8" y="12" text-anchor="middle" font-family="system-ui,sans-serif" font-size="11" font-weight="700" fill="#fff">R</text></svg>';
const dataUri = (svg) => `data:image/svg+xml,${encodeURIComponent(svg)}`;
const LOGOS = [
  ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', dataUri(LOGO_FULL)],
  ['https://cdn.redoc.ly/redoc/logo-mini.svg', dataUri(LOGO_MINI)],
];
// No favicon request either (a browser asks for /favicon.ico, which the site does not have).
const NO_FAVICON = '<link rel="icon" href="data:,">';
// Redoc lets code in a narrow Markdown table column break anywhere (`RUNNIN|G`): keep values whole;
// the table's wrapper scrolls sideways when it has to.
const REDOC_CSS = '<style>table.md td code { white-space: nowrap; word-break: normal; overflow-wrap: normal; }</style>';

/** Runs `node <redocly cli> ...args`; resolves with its output, rejects with it on failure. */
function redocly(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      // Telemetry off for the CLI and for the page it writes (Redoc reads the same setting).
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`redocly ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Attributes that make the browser fetch something: every src, and href of <link>. Scripts' text is not markup. */
function externalResources(html) {
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
  const found = [];
  for (const m of markup.matchAll(/<([a-z][\w-]*)\b[^>]*?\s(src|href|srcset|poster|data)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const [, tag = '', attr = ''] = m;
    const value = (m[4] ?? m[5] ?? m[6] ?? '').trim();
    const loads = attr.toLowerCase() !== 'href' || tag.toLowerCase() === 'link';
    if (loads && /^(https?:)?\/\//i.test(value)) found.push(`<${tag} ${attr}="${value}">`);
  }
  return found;
}

/** Builds site/<service>/index.html with Redoc and makes it self-contained. */
async function buildPage(api) {
  const out = join(siteDir, api.service, 'index.html');
  await redocly(['build-docs', api.api, '--inlineBundle', '--config', configFile, '-o', out]);
  let html = readFileSync(out, 'utf8');
  if (/"disableTelemetry"\s*:\s*false/.test(html)) throw new Error(`${relative(root, out)}: Redoc telemetry is on despite REDOCLY_TELEMETRY=off`);
  for (const [url, replacement] of LOGOS) html = html.split(url).join(replacement);
  if (!/<head>/i.test(html)) throw new Error(`${relative(root, out)}: no <head> in the Redoc page`);
  html = html.replace(/<head>/i, `<head>\n  ${NO_FAVICON}\n  ${REDOC_CSS}`);
  const external = externalResources(html);
  if (external.length > 0) throw new Error(`${relative(root, out)} loads from the network: ${external.join(', ')}`);
  writeFileSync(out, html);
  return out;
}

/** Runs `task` over `items`, at most `limit` at a time. */
async function pool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// Portal

/** @param {unknown} value */
function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The first sentence or line of a description, for when a spec has no `info.summary`. */
function firstLine(text) {
  const line = String(text ?? '').trim().split(/\n\s*\n|\n/)[0] ?? '';
  return line.replace(/[`*_]/g, '');
}

const CSS = `
:root { color-scheme: light dark; --bg: #f7f8fa; --card: #fff; --fg: #1b1f24; --muted: #5b6470; --line: #dde1e6; --accent: #0b5cad; --code: #eef1f4; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181c; --card: #1e2227; --fg: #e6e8eb; --muted: #a0a8b3; --line: #343a42; --accent: #6cb0f5; --code: #2a2f36; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.top, main, footer { max-width: 68rem; margin: 0 auto; padding: 0 1.25rem; }
header.top { padding-top: 2.25rem; }
h1 { font-size: 2rem; margin: 0 0 .35rem; }
.lead { color: var(--muted); margin: 0 0 1rem; max-width: 48rem; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; margin: 0 0 1.5rem; }
nav a { display: inline-block; padding: .2rem .7rem; border: 1px solid var(--line); border-radius: 999px; background: var(--card); color: var(--accent); text-decoration: none; font-size: .9rem; }
a { color: var(--accent); }
a:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
section.service { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem 1.4rem; margin: 0 0 1.5rem; }
section.service h2 { font-size: 1.35rem; margin: 0; display: flex; flex-wrap: wrap; align-items: baseline; gap: .6rem; }
section.service h2 a { text-decoration: none; }
section.service h2 a:hover { text-decoration: underline; }
.api { font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); border: 1px solid var(--line); border-radius: 4px; padding: .05rem .4rem; }
.summary { margin: .4rem 0 .9rem; }
h3 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem 0 .4rem; }
ul.endpoints { list-style: none; padding: 0; margin: 0; }
ul.endpoints li { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem; margin: .2rem 0; }
.method { font: 700 .75rem/1 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; padding: .3rem .45rem; border-radius: 4px; background: #1f7a3d; color: #fff; }
.method.post { background: #b25b00; } .method.put, .method.patch { background: #6b4fb3; } .method.delete { background: #b3261e; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--code); border-radius: 4px; padding: .1rem .3rem; overflow-wrap: anywhere; }
.op-summary { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .2rem 0 0; font-size: .95rem; }
table.statuses { table-layout: fixed; } table.statuses col.c-value { width: 13rem; } table.statuses col.c-state { width: 12rem; }
@media (max-width: 40rem) { table.statuses { table-layout: auto; } td:first-child { white-space: normal; } }
caption { text-align: left; color: var(--muted); font-size: .9rem; padding: 0 0 .35rem; }
th, td { text-align: left; vertical-align: top; padding: .4rem .6rem; border-bottom: 1px solid var(--line); }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td:first-child { white-space: nowrap; }
.state { display: inline-block; font-size: .85rem; font-weight: 600; padding: .05rem .5rem; border-radius: 999px; border: 1px solid currentColor; white-space: nowrap; }
.state-pending { color: #6b7280; } .state-running { color: #1d6fd1; } .state-blocked { color: #a15c00; }
.state-succeeded { color: #1f7a3d; } .state-failed { color: #b3261e; } .state-canceled { color: #7a4bb0; } .state-unknown { color: #6b7280; }
@media (prefers-color-scheme: dark) {
  .state-pending, .state-unknown { color: #a8b0bb; } .state-running { color: #6cb0f5; } .state-blocked { color: #e0a04a; }
  .state-succeeded { color: #5cc983; } .state-failed { color: #f2867d; } .state-canceled { color: #b99ae8; }
}
.final { font-size: .75rem; color: var(--muted); margin-left: .35rem; }
.undocumented { font-size: .75rem; color: var(--muted); margin-left: .35rem; font-style: italic; }
.open { display: inline-block; margin-top: 1rem; font-weight: 600; }
.skipped { color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2.5rem; }
`;

/**
 * @param {{ api: Api, spec: any, tables: StatusTable[] }[]} services
 * @param {Api[]} skipped
 * @param {ReadonlySet<string>} terminal
 */
function portalHtml(services, skipped, terminal) {
  const section = ({ api, spec, tables }) => {
    const href = `${encodeURIComponent(api.service)}/index.html`;
    const title = spec.info?.title ?? api.service;
    const summary = spec.info?.summary ?? firstLine(spec.info?.description);
    const ops = operations(spec)
      .map(
        (o) =>
          `<li><span class="method ${esc(o.method.toLowerCase())}">${esc(o.method)}</span> <code class="path">${esc(o.path)}</code>` +
          (o.summary ? ` <span class="op-summary">${esc(o.summary)}</span>` : '') +
          '</li>',
      )
      .join('\n        ');
    // Fields with the same rows (a job's status and its sub-jobs', say) share one table.
    const groups = [];
    for (const t of tables) {
      const key = JSON.stringify(t.rows);
      const group = groups.find((g) => g.key === key);
      if (group) group.tables.push(t);
      else groups.push({ key, rows: t.rows, tables: [t] });
    }
    const statusTable = (g) => `
      <table class="statuses" data-fields="${esc(g.tables.map((t) => t.field).join(' '))}">
        <caption>Values of ${g.tables.map((t) => `<code>${esc(t.path)}</code>`).join(' and ')} in the response</caption>
        <colgroup><col class="c-value"><col class="c-state"><col></colgroup>
        <thead><tr><th scope="col">value</th><th scope="col">normalized state</th><th scope="col">meaning</th></tr></thead>
        <tbody>
          ${g.rows
            .map(
              (r) =>
                `<tr data-value="${esc(r.value)}" data-state="${esc(r.state)}"><td><code>${esc(r.value)}</code>` +
                (r.documented ? '' : '<span class="undocumented">not in the spec</span>') +
                `</td><td><span class="state state-${esc(r.state)}">${esc(r.state)}</span>` +
                (terminal.has(r.state) ? '<span class="final">final</span>' : '') +
                `</td><td>${esc(r.meaning)}</td></tr>`,
            )
            .join('\n          ')}
        </tbody>
      </table>`;
    return `
    <section class="service" id="${esc(api.service)}" data-service="${esc(api.service)}" aria-labelledby="${esc(api.service)}-title">
      <h2 id="${esc(api.service)}-title"><a href="${esc(href)}">${esc(title)}</a> <span class="api">${esc(api.api)}</span></h2>
      <p class="summary">${esc(summary)}</p>
      <h3>Endpoint</h3>
      <ul class="endpoints">
        ${ops}
      </ul>
      <h3>Status values</h3>${groups.map(statusTable).join('')}
      <a class="open" href="${esc(href)}">Open the ${esc(title)} reference &rarr;</a>
    </section>`;
  };
  const nav = services.map(({ api, spec }) => `<li><a href="#${esc(api.service)}">${esc(spec.info?.title ?? api.service)}</a></li>`).join('');
  const skippedNote =
    skipped.length > 0
      ? `\n    <p class="skipped">Not built yet (no spec): ${skipped.map((a) => `<code>${esc(a.api)}</code>`).join(', ')}.</p>`
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cloud-jobs API reference</title>
  ${NO_FAVICON}
  <style>${CSS}</style>
</head>
<body>
  <header class="top">
    <h1>cloud-jobs API reference</h1>
    <p class="lead">The asynchronous job status APIs that cloud-jobs understands: each service's endpoint, the status
      values its spec documents, and the state every value is normalized to. Each reference page is built from
      the service's OpenAPI spec and works offline.</p>
    <nav aria-label="Services"><ul>${nav}</ul></nav>
  </header>
  <main>${services.map(section).join('\n')}${skippedNote}
  </main>
  <footer>Built from <code>specs/&lt;service&gt;/openapi.yaml</code> and the service descriptors' status tables of <code>@cloud-jobs/jobs</code>.</footer>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const apis = readApis();
  if (apis.length === 0) fail(`no apis in ${relative(root, configFile)}`);
  const present = apis.filter((a) => existsSync(a.specFile));
  const skipped = apis.filter((a) => !existsSync(a.specFile));
  if (skipped.length > 0 && !allowMissing) {
    fail(
      `${relative(root, configFile)} lists ${skipped.length === 1 ? 'an API whose spec does' : 'APIs whose specs do'} not exist: ` +
        skipped.map((a) => `${a.api} (${relative(root, a.specFile)})`).join(', ') +
        '. Every API needs its page: add the spec, or pass --allow-missing to build the others for a local look.',
    );
  }
  for (const a of skipped) {
    console.warn(`build-docs: warning: ${relative(root, a.specFile)} does not exist: skipping ${a.api} (--allow-missing; no site/${a.service}/ page)`);
  }
  if (present.length === 0) fail(`none of the specs of ${relative(root, configFile)} exists`);

  // Everything the portal needs is checked before anything is built.
  const { tables, terminal } = await loadJobs();
  // In the order of redocly.yaml: that file is the one list of APIs.
  const services = present.map((api) => {
    const spec = loadSpec(api.specFile);
    const major = majorVersion(spec.info?.version);
    if (api.version !== '' && major !== undefined && api.version !== major) {
      throw new Error(`${relative(root, configFile)} names ${api.api}, but ${relative(root, api.specFile)} has info.version ${spec.info.version}: name it ${api.service}@${major}`);
    }
    return { api, spec, tables: statusTables(spec, api.service, tables) };
  });

  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(siteDir, { recursive: true });
  const limit = Math.max(1, Math.min(2, availableParallelism()));
  const pages = await pool(present, limit, buildPage);

  const portal = join(siteDir, 'index.html');
  writeFileSync(portal, portalHtml(services, skipped, terminal));
  const external = externalResources(readFileSync(portal, 'utf8'));
  if (external.length > 0) throw new Error(`site/index.html loads from the network: ${external.join(', ')}`);

  const kib = (f) => `${Math.round(statSync(f).size / 1024)} KiB`;
  for (const f of [portal, ...pages]) console.log(`build-docs: ${relative(root, f)} (${kib(f)})`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`build-docs: ${pages.length + 1} pages in ${seconds} s${skipped.length ? ` (${skipped.length} API(s) skipped: no spec yet)` : ''}`);
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));

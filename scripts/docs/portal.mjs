// site/index.html, the portal: a search across every API, the guides, and every service with its
// endpoint, version, summary and status values with their normalized state and meaning, in the
// order of redocly.yaml. Plain server-rendered HTML: it reads without JavaScript (only the search
// box needs it, and says so).
import { HEADER_CSS, NO_FAVICON, esc, siteHeader } from './layout.mjs';
import { PAGE_CSS } from './pageCss.mjs';
import { SEARCH_SCRIPT, operationRoute } from './searchIndex.mjs';

/** The first sentence or line of a description, for when a spec has no `info.summary`. */
export function firstLine(text) {
  const line = String(text ?? '').trim().split(/\n\s*\n|\n/)[0] ?? '';
  return line.replace(/[`*_]/g, '');
}

/** The endpoint as a reader types it: the path with its required query parameters (`?job_id={job_id}`). */
export function endpointOf(op) {
  const params = [...(op.pathItem?.parameters ?? []), ...(op.op.parameters ?? [])];
  const query = params.filter((p) => p?.in === 'query' && p.required).map((p) => `${p.name}={${p.name}}`);
  return query.length ? `${op.path}?${query.join('&')}` : op.path;
}

/** JSON for a <script type="application/json">: no `</script>` can end it early. */
export function scriptJson(value) {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * @param {{ services: { api: any, spec: any, tables: any[], operations: any[] }[], skipped: any[], terminal: ReadonlySet<string>, guides: { name: string, title: string, summary: string }[], search: unknown[], header: { service: string, title: string }[] }} input
 */
export function portalHtml({ services, skipped, terminal, guides, search, header }) {
  const section = ({ api, spec, tables, operations }) => {
    const href = `${encodeURIComponent(api.service)}/index.html`;
    const title = spec.info?.title ?? api.service;
    const summary = spec.info?.summary ?? firstLine(spec.info?.description);
    const ops = operations
      .map(
        (o) =>
          `<li><span class="method ${esc(o.method.toLowerCase())}">${esc(o.method)}</span> <a class="op" href="${esc(href)}#${esc(operationRoute(o))}"><code class="path">${esc(endpointOf(o))}</code></a>` +
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
    // The version as the spec says it (`v2.0`), as its reference page shows it.
    const version = spec.info?.version === undefined ? '' : String(spec.info.version);
    return `
    <section class="service" id="${esc(api.service)}" data-service="${esc(api.service)}" aria-labelledby="${esc(api.service)}-title">
      <h2 id="${esc(api.service)}-title"><a href="${esc(href)}">${esc(title)}</a> <span class="api" title="${esc(api.api)} in redocly.yaml">${esc(api.service)} ${esc(version)}</span></h2>
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
  const guideList = guides.map((g) => `<li><a href="guides/${esc(g.name)}.html">${esc(g.title)}</a><p>${esc(g.summary)}</p></li>`).join('\n      ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>cloud-jobs API reference</title>
  ${NO_FAVICON}
  <style>${PAGE_CSS}${HEADER_CSS}</style>
</head>
<body>
${siteHeader({ prefix: '', current: 'portal', services: header })}
  <header class="top">
    <h1>cloud-jobs API reference</h1>
    <p class="lead">The asynchronous job status APIs that cloud-jobs understands: each service's endpoint, the status
      values its spec documents, and the state every value is normalized to. Each reference page is built from
      the service's OpenAPI spec and works offline.</p>
    <nav aria-label="Services"><ul>${nav}</ul></nav>
  </header>
  <main>
    <section id="search" aria-labelledby="search-title" hidden>
      <h2 id="search-title">Search all APIs</h2>
      <input id="cj-search" type="search" placeholder="operation, field, status value or error code (e.g. SUCCESS, job_id, APIG.0101)" aria-label="Search all APIs" autocomplete="off">
      <p id="cj-count" aria-live="polite"></p>
      <ol id="cj-results"></ol>
    </section>
    <noscript><p class="skipped">The search across all APIs needs JavaScript; everything it finds is on this page and the reference pages below.</p></noscript>
    <h2>Guides</h2>
    <ul class="guides">
      ${guideList}
    </ul>
    <h2>APIs</h2>${services.map(section).join('\n')}${skippedNote}
  </main>
  <footer>Built from <code>specs/&lt;service&gt;/openapi.yaml</code>, <code>docs/guides/*.md</code> and the service descriptors' status tables of <code>@cloud-jobs/jobs</code>.</footer>
  <script type="application/json" id="cj-search-index">${scriptJson(search)}</script>
  <script>${SEARCH_SCRIPT}</script>
</body>
</html>
`;
}

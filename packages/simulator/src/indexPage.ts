// `GET /`: the URL `npm start` prints. A browser gets a small HTML page (the job APIs served here,
// the jobs and where to read them); an API client keeps the gateway's JSON 404, as for any path
// that is no API (content negotiation on Accept).
import { apiNotFound } from './gateway.js';
import type { Handler } from './handler.js';
import { sendAnswer } from './http.js';
import type { SimulatorJobs } from './jobRegistry.js';
import { SERVICES } from './registry.js';

const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Whether the client prefers HTML to JSON (a browser's navigation sends `text/html` first). */
function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html !== -1 && (json === -1 || html < json);
}

/**
 * The handler of `GET /`: HTML for a browser, the gateway's JSON 404 for anything else.
 * @example
 * router.add('GET', '/', indexPage(jobs));
 */
export function indexPage(jobs: SimulatorJobs): Handler {
  return ({ req, res, requestId }) => {
    if (!wantsHtml(req.headers.accept)) return sendAnswer(res, apiNotFound(requestId));
    const apis = Object.values(SERVICES)
      .map((m) => `<tr><td><code>${escapeHtml(m.name)}</code></td><td>${escapeHtml(m.title)}</td><td><code>GET ${escapeHtml(m.route)}</code></td></tr>`)
      .join('');
    const list = jobs
      .list()
      .map((j) => `<tr><td><code>${escapeHtml(j.service)}</code></td><td><a href="${escapeHtml(j.path)}">${escapeHtml(j.id)}</a></td><td>${escapeHtml(j.state)}</td></tr>`)
      .join('');
    const body = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>cloud-jobs simulator</title><link rel="icon" href="data:,">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}code{overflow-wrap:anywhere}</style>
</head><body>
<h1>cloud-jobs simulator</h1>
<p>The job status APIs of every registered service, on this machine, with no cloud account. Requests need an
<code>X-Auth-Token</code> header (any value unless the simulator was started with tokens) and answer JSON like the cloud does.</p>
<h2>APIs</h2><table><thead><tr><th>service</th><th>title</th><th>route</th></tr></thead><tbody>${apis}</tbody></table>
<h2>Jobs</h2>${list ? `<table><thead><tr><th>service</th><th>job (its status request)</th><th>state</th></tr></thead><tbody>${list}</tbody></table>` : '<p>No jobs yet.</p>'}
<p>Create one: <code>POST /_admin/jobs</code> with a JSON body such as <code>{"service":"${escapeHtml(Object.values(SERVICES)[0]?.name ?? '')}","durationMs":30000}</code>; list them: <code>GET /_admin/jobs</code>.</p>
</body></html>`;
    sendAnswer(res, { status: 200, body, contentType: 'text/html; charset=utf-8', headers: { 'Cache-Control': 'no-store' } });
  };
}

// The pieces every page of the site shares: escaping, the site header (portal, every service,
// guides, search), and its styles. Every link is relative (`../<service>/index.html`), so the same
// pages work from file://, from any server path, and in a new tab.

/** @param {unknown} value */
export function esc(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

// No favicon request (a browser asks for /favicon.ico, which the site does not have).
export const NO_FAVICON = '<link rel="icon" href="data:,">';

/** Styles of the header, scoped under `.cj-site` so they neither take nor give Redoc's styles. */
export const HEADER_CSS = `
.cj-site { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; background: #0b2540; color: #fff; }
.cj-site * { box-sizing: border-box; }
.cj-site nav { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem .9rem; max-width: 100%; padding: .55rem 1rem; margin: 0; }
.cj-site a { color: #cfe3ff; text-decoration: none; }
.cj-site a:hover, .cj-site a:focus-visible { color: #fff; text-decoration: underline; }
.cj-site a[aria-current="page"] { color: #fff; font-weight: 700; }
.cj-site .cj-home { font-weight: 700; color: #fff; margin-right: .4rem; }
.cj-site ul { display: flex; flex-wrap: wrap; gap: .2rem .75rem; list-style: none; margin: 0; padding: 0; }
.cj-site .cj-apis a { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.cj-site .cj-label { color: #8fb0d6; font-size: .8em; text-transform: uppercase; letter-spacing: .05em; }
`;

/**
 * The site header.
 * @param {{ prefix: string, current: string, services: { service: string, title: string }[] }} options
 *   prefix: the way back to site/ (`''` on the portal, `'../'` one level down); current: the page's
 *   key (`portal`, `guides`, or a service name).
 */
export function siteHeader({ prefix, current, services }) {
  const here = (key) => (key === current ? ' aria-current="page"' : '');
  const apis = services
    .map((s) => `<li><a href="${esc(prefix)}${encodeURIComponent(s.service)}/index.html" title="${esc(s.title)}" data-service="${esc(s.service)}"${here(s.service)}>${esc(s.service)}</a></li>`)
    .join('');
  return `<header class="cj-site" data-cj-header>
  <nav aria-label="Site">
    <a class="cj-home" href="${esc(prefix)}index.html"${here('portal')}>cloud-jobs docs</a>
    <span class="cj-label">APIs</span><ul class="cj-apis">${apis}</ul>
    <a href="${esc(prefix)}guides/index.html"${here('guides')}>Guides</a>
    <a href="${esc(prefix)}index.html#search">Search all APIs</a>
  </nav>
</header>`;
}

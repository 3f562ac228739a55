// One Redoc reference page per API. `redocly build-docs` (without --inlineBundle) pre-renders the
// page and hydrates it with Redoc from Redocly's CDN as an ES module; the site instead ships Redoc
// once (site/assets/redoc.standalone.js, ~2.3 MB shared by every page instead of inlined in each)
// and loads it as a classic script by relative path: module scripts are refused from file://.
// The pre-rendered links are path-style (`/<tag>`), which a new tab, copy-link or
// file:// turn into "not found"; Redoc hydrates with its hash router (no `router: 'history'`
// option), so they become `#/<tag>`, which work everywhere and match what Redoc renders.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { HEADER_CSS, NO_FAVICON, esc, siteHeader } from './layout.mjs';
import { root } from './specs.mjs';

const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
/** Where the site keeps Redoc, relative to site/. */
export const REDOC_ASSET = 'assets/redoc.standalone.js';

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
// Redoc lets code in a narrow Markdown table column break anywhere (`RUNNIN|G`): keep values whole;
// the table's wrapper scrolls sideways when it has to.
const REDOC_CSS = 'table.md td code { white-space: nowrap; word-break: normal; overflow-wrap: normal; }';

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

/**
 * Writes site/assets/redoc.standalone.js: the Redoc build that @redocly/cli inlines with
 * --inlineBundle, turned from an ES module into a classic script that sets `window.Redoc`.
 * @param {string} siteDir
 */
export function writeRedocAsset(siteDir) {
  const source = join(dirname(cli), '..', 'lib', 'chunks', 'redoc.standalone.js');
  let code = readFileSync(source, 'utf8');
  const exported = /export\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*;?\s*$/;
  if (!exported.test(code)) throw new Error(`${relative(root, source)} no longer ends with export{RedocStandalone,hydrate,init}: update scripts/docs/redocPage.mjs`);
  const declared = /^(\s*(?:\/\*\*[\s\S]*?\*\/\s*)?)const\s*\{\s*RedocStandalone\s*,\s*hydrate\s*,\s*init\s*\}\s*=/;
  if (!declared.test(code)) throw new Error(`${relative(root, source)} no longer starts with const{RedocStandalone,hydrate,init}=: update scripts/docs/redocPage.mjs`);
  // Not global `const`s (a page's own script could not name `hydrate`): one window.Redoc object.
  code = code.replace(declared, '$1window.Redoc=').replace(exported, '\n');
  // `import.meta` is a syntax error in a classic script; Redoc uses it only on Node (worker path).
  code = code.split('import.meta').join('({})');
  for (const [url, replacement] of LOGOS) code = code.split(url).join(replacement);
  const out = join(siteDir, REDOC_ASSET);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, code);
  return out;
}

/**
 * Builds site/<service>/index.html from the page's copy of the spec (samples, collapsed enums and
 * states in it), written next to it as openapi.json.
 * @param {{ siteDir: string, service: string, title: string, spec: any, header: Parameters<typeof siteHeader>[0], extraHead?: string, extraBody?: string }} page
 */
export async function buildRedocPage({ siteDir, service, title, spec, header, extraHead = '', extraBody = '' }) {
  const dir = join(siteDir, service);
  mkdirSync(dir, { recursive: true });
  const specFile = join(dir, 'openapi.json');
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  const out = join(dir, 'index.html');
  // Redoc 3 shows only the x-codeSamples whose label is one of its `codeSamples.languages`: the
  // page's own config lists those of the spec (in their order), and nothing else.
  const languages = [];
  for (const item of Object.values(spec.paths ?? {})) {
    for (const op of Object.values(item ?? {})) {
      for (const sample of op?.['x-codeSamples'] ?? []) {
        if (!languages.some((l) => l.label === sample.label)) languages.push({ lang: sample.lang, label: sample.label });
      }
    }
  }
  const config = join(dir, '.redocly.yaml');
  writeFileSync(config, `${JSON.stringify({ openapi: { codeSamples: { languages } } }, null, 2)}\n`);
  try {
    await redocly(['build-docs', specFile, '--config', config, '--lint-config', 'off', '--title', title, '-o', out]);
  } finally {
    rmSync(config, { force: true });
  }
  let html = readFileSync(out, 'utf8');
  const where = relative(root, out);
  if (/"disableTelemetry"\s*:\s*false/.test(html)) throw new Error(`${where}: Redoc telemetry is on despite REDOCLY_TELEMETRY=off`);
  for (const [url, replacement] of LOGOS) html = html.split(url).join(replacement);

  // The module script that imports hydrate from the CDN becomes a classic script using window.Redoc.
  const moduleScript = /<script type="module">\s*import\s*\{\s*hydrate\s*\}\s*from\s*"[^"]+";/;
  if (!moduleScript.test(html)) throw new Error(`${where}: the page no longer imports hydrate from Redoc's bundle as a module: update scripts/docs/redocPage.mjs`);
  html = html.replace(moduleScript, `<script src="../${REDOC_ASSET}"></script>\n    <script>\n      const { hydrate } = window.Redoc;`);

  // The CDN preload goes (the page loads Redoc from the site).
  html = html.replace(/<link rel="modulepreload"[^>]*>/g, '');

  // Path-style links of the pre-rendered markup become hash routes (what the hash router renders).
  html = html.replace(/(<a\b[^>]*?\shref=")\/(?!\/)([^"]*)"/g, (_, start, path) => `${start}#/${path}"`);

  if (!/<head>/i.test(html) || !/<body>/i.test(html)) throw new Error(`${where}: no <head> or <body> in the Redoc page`);
  html = html.replace(/<head>/i, `<head>\n  ${NO_FAVICON}\n  <style>${REDOC_CSS}${HEADER_CSS}</style>${extraHead}`);
  html = html.replace(/<body>/i, `<body>\n${siteHeader(header)}${extraBody}`);
  html = html.replace(/<title>[^<]*<\/title>/i, `<title>${esc(title)} · cloud-jobs</title>`);
  writeFileSync(out, html);
  return out;
}

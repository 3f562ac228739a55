// The documentation portal as a product (issue 14), in Chromium: one header on every page and
// navigation across them, a search across every API, links that work from file:// and from the
// served site in a new tab, no horizontal overflow at 390 px, status fields as one schema with the
// normalized states, page weight and time to first render (reported, not asserted), pages that read
// without JavaScript, and "Try it" against the simulator of `npm start` (whose server, simulator
// index page and demo job are checked here too). The served site is `npm start`'s own
// (scripts/start.mjs --no-build, ports chosen by the system). Screenshots go to test-artifacts/docs/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chromiumArgs, findChromium } from '../../../test-utils/browser.js';
import { loadSpec } from '../../../test-utils/spec.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const siteDir = join(repoRoot, 'site');
const artifactsDir = join(process.env['CLOUD_JOBS_ARTIFACTS'] ? resolve(process.env['CLOUD_JOBS_ARTIFACTS']) : join(repoRoot, 'test-artifacts'), 'docs');
const services = Object.keys((parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8')) as { apis: Record<string, unknown> }).apis).map((api) => api.slice(0, api.lastIndexOf('@')));
const guides = existsSync(join(siteDir, 'guides')) ? readdirSync(join(siteDir, 'guides')).filter((f) => f.endsWith('.html') && f !== 'index.html') : [];
const fileUrl = (path: string): string => `${pathToFileURL(siteDir).href}/${path}`;
/** Every page of the site, relative to site/. */
const pages = ['index.html', ...services.map((s) => `${s}/index.html`), 'guides/index.html', ...guides.map((g) => `guides/${g}`)];

interface SearchEntry {
  kind: string;
  service: string;
  title: string;
  detail: string;
  href: string;
}

let start: ChildProcess | undefined;
let startOutput = '';
let docsUrl = '';
let simUrl = '';
let browser: Browser;
let setupError: Error | undefined;

/** Starts `npm start`'s script with no build and system-chosen ports; resolves once it printed its URLs. */
async function startServers(): Promise<void> {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'start.mjs'), '--no-build'], {
    cwd: repoRoot,
    env: { ...process.env, SIM_PORT: '0', DOCS_PORT: '0', PORT: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  start = child;
  child.stdout.on('data', (c: Buffer) => (startOutput += c.toString()));
  child.stderr.on('data', (c: Buffer) => (startOutput += c.toString()));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start printed no URLs in 60 s:\n${startOutput}`)), 60_000);
    const check = (): void => {
      if (!startOutput.includes('Press Ctrl-C')) return;
      clearTimeout(timer);
      ok();
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => fail(new Error(`npm start exited with ${code}:\n${startOutput}`)));
  });
  simUrl = /simulator\s+(http:\/\/\S+)/.exec(startOutput)?.[1] ?? '';
  docsUrl = /docs portal\s+(http:\/\/\S+)/.exec(startOutput)?.[1] ?? '';
  if (!simUrl || !docsUrl) throw new Error(`no simulator or docs URL in:\n${startOutput}`);
}

beforeAll(async () => {
  try {
    if (!existsSync(join(siteDir, 'index.html'))) throw new Error('site/index.html is missing: run `npm run docs`');
    mkdirSync(artifactsDir, { recursive: true });
    await startServers();
    browser = await chromium.launch({ executablePath: await findChromium(), args: [...chromiumArgs] });
  } catch (err) {
    setupError = err instanceof Error ? err : new Error(String(err));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  start?.kill('SIGTERM');
});

/** A fresh context (no cache) whose requests may go to 127.0.0.1 and file:// only; off-host ones are recorded and refused. */
async function newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; offHost: string[] }> {
  if (setupError) throw setupError;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const offHost: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|blob):/.test(url) || url.startsWith('http://127.0.0.1:')) return route.continue();
    offHost.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, offHost };
}

/** Waits until Redoc has hydrated (its search box is interactive) or the page is not a Redoc page. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  if ((await page.locator('#redoc').count()) > 0) await page.waitForFunction(() => !document.body.innerText.includes('Loading...'), undefined, { timeout: 30_000 });
}

/** Redoc's not-found screen for an unknown route. */
const REDOC_NOT_FOUND = 'No page at this address';

describe('the documentation portal as a product', { timeout: 300_000 }, () => {
  it('every page has the same header: the portal, every API, the guides and the search', async () => {
    if (setupError) throw setupError;
    for (const page of pages) {
      const html = readFileSync(join(siteDir, page), 'utf8');
      const prefix = page.includes('/') ? '../' : '';
      const header = /<header class="cj-site"[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
      expect(header, `site/${page}: header`).not.toBe('');
      expect(header).toContain(`href="${prefix}index.html"`);
      expect(header).toContain(`href="${prefix}guides/index.html"`);
      expect(header).toContain(`href="${prefix}index.html#search"`);
      for (const s of services) expect(header, `site/${page}: link to ${s}`).toContain(`href="${prefix}${s}/index.html"`);
    }
  });

  it("the portal shows each endpoint with its required query parameters and each API's version as its spec says", () => {
    if (setupError) throw setupError;
    const portal = readFileSync(join(siteDir, 'index.html'), 'utf8');
    for (const s of services) {
      const spec = loadSpec(s);
      const section = new RegExp(`<section class="service"[^>]*data-service="${s}"[\\s\\S]*?</section>`).exec(portal)?.[0] ?? '';
      expect(section, `${s}: version`).toContain(`>${s} ${String(spec['info']['version'])}</span>`);
      for (const [path, item] of Object.entries<Record<string, any>>(spec['paths'] ?? {})) {
        const params = [...((item['parameters'] as unknown[]) ?? []), ...((item['get']?.['parameters'] as unknown[]) ?? [])] as Array<Record<string, any>>;
        const query = params.filter((p) => p['in'] === 'query' && p['required']).map((p) => `${p['name']}={${p['name']}}`);
        const shown = query.length ? `${path}?${query.join('&amp;')}` : path;
        expect(section, `${s}: endpoint`).toContain(`<code class="path">${shown.replace(/</g, '&lt;')}</code>`);
      }
    }
  });

  it('the portal, served, above the fold: test-artifacts/docs/portal-top.png (and docs/portal.png, the README\'s, with UPDATE_PORTAL_SCREENSHOT=1)', async () => {
    const { context } = await newContext({ viewport: { width: 1100, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${docsUrl}index.html`);
    await page.locator('#cj-search').fill('SUCCESS');
    await page.locator('#cj-results li').first().waitFor({ state: 'visible' });
    const shot = await page.screenshot({ path: join(artifactsDir, 'portal-top.png') });
    expect(shot.length).toBeGreaterThan(10_000);
    if (process.env['UPDATE_PORTAL_SCREENSHOT'] === '1') writeFileSync(join(repoRoot, 'docs', 'portal.png'), shot);
    await context.close();
  });

  it('the header navigates across pages (portal -> every API in turn -> guides -> portal), served and from file://', async () => {
    const { context, offHost } = await newContext();
    for (const base of [docsUrl, fileUrl('')]) {
      const page = await context.newPage();
      await page.goto(`${base}index.html`);
      for (const s of services) {
        await page.locator(`header.cj-site a[data-service="${s}"]`).click();
        await page.waitForURL(`${base}${s}/index.html`);
        await settled(page);
        await expect.poll(() => page.locator('header.cj-site a[aria-current="page"]').innerText()).toBe(s);
        expect(await page.getByRole('heading', { level: 1 }).first().isVisible()).toBe(true);
      }
      await page.locator('header.cj-site a', { hasText: 'Guides' }).click();
      await page.waitForURL(`${base}guides/index.html`);
      await page.locator('header.cj-site a.cj-home').click();
      await page.waitForURL(`${base}index.html`);
      await page.close();
    }
    await context.close();
    expect(offHost).toEqual([]);
  });

  it('the portal searches every API: operations, fields, status values and error codes, and each hit leads to its place', async () => {
    const { context, offHost } = await newContext();
    const page = await context.newPage();
    await page.goto(`${docsUrl}index.html#search`);
    const index = JSON.parse((await page.locator('#cj-search-index').textContent()) ?? '[]') as SearchEntry[];
    for (const s of services) {
      for (const kind of ['operation', 'field', 'status']) expect(index.some((e) => e.service === s && e.kind === kind), `${s}: ${kind} entries`).toBe(true);
    }
    expect(index.some((e) => e.kind === 'error'), 'error code entries').toBe(true);
    const box = page.locator('#cj-search');
    await expect.poll(() => box.isVisible()).toBe(true);
    for (const s of services) {
      const status = index.find((e) => e.service === s && e.kind === 'status');
      const operation = index.find((e) => e.service === s && e.kind === 'operation');
      for (const entry of [status, operation]) {
        await box.fill(`${s} ${entry?.title ?? ''}`);
        await page.locator(`#cj-results li[data-service="${s}"][data-kind="${entry?.kind}"]`).first().waitFor({ state: 'visible' });
      }
      // The operation hit opens its reference page with the operation on screen.
      await page.locator(`#cj-results li[data-service="${s}"][data-kind="operation"] a`).first().click();
      await page.waitForURL(new RegExp(`/${s}/index\\.html#/`));
      await settled(page);
      await expect.poll(() => page.evaluate(() => document.body.innerText.includes('No page at this address'))).toBe(false);
      const summary = operation?.detail ?? '';
      await page.getByRole('heading', { name: summary }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await page.goto(`${docsUrl}index.html#search`);
    }
    const error = index.find((e) => e.kind === 'error');
    await box.fill(error?.title ?? '');
    await page.locator('#cj-results li[data-kind="error"]').first().waitFor({ state: 'visible' });
    await page.screenshot({ path: join(artifactsDir, 'search.png') });
    await context.close();
    expect(offHost).toEqual([]);
  });

  it('every link and anchor works from file:// and from the served site, opened in a new tab', async () => {
    const { context, offHost } = await newContext();
    const broken: string[] = [];
    for (const base of [fileUrl(''), docsUrl]) {
      const targets = new Map<string, string>();
      for (const path of pages) {
        const page = await context.newPage();
        await page.goto(`${base}${path}`);
        await settled(page);
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of hrefs) if (href.startsWith(base) && !targets.has(href)) targets.set(href, path);
        await page.close();
      }
      expect(targets.size, `links found from ${base}`).toBeGreaterThan(pages.length);
      for (const [href, from] of targets) {
        const tab = await context.newPage();
        const response = await tab.goto(href).catch((err: Error) => err);
        if (response instanceof Error || (response && response.status() >= 400)) {
          broken.push(`${href} (from ${from}): ${response instanceof Error ? response.message : response.status()}`);
        } else {
          await settled(tab);
          const hash = new URL(href).hash;
          if (hash.startsWith('#/')) {
            // A Redoc route: the page shows it (not its not-found screen), with a heading on screen.
            if (await tab.evaluate((text) => document.body.innerText.includes(text), REDOC_NOT_FOUND)) broken.push(`${href} (from ${from}): Redoc's not-found page`);
            else if (hash.split('/').length > 2 && !(await tab.locator('h1, h2').filter({ visible: true }).count())) broken.push(`${href}: no heading visible`);
          } else if (hash.length > 1) {
            const id = decodeURIComponent(hash.slice(1));
            if ((await tab.locator(`[id="${id}"]`).count()) === 0) broken.push(`${href} (from ${from}): no element with id ${id}`);
          }
        }
        await tab.close();
      }
    }
    await context.close();
    expect(broken).toEqual([]);
    expect(offHost).toEqual([]);
  });

  it('no page overflows sideways at 390 px (portal, every reference page, every guide)', async () => {
    const { context } = await newContext({ viewport: { width: 390, height: 844 } });
    const wide: string[] = [];
    for (const path of pages) {
      const page = await context.newPage();
      await page.goto(`${docsUrl}${path}`);
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${path}: ${width} px`);
      if (path === 'index.html') await page.screenshot({ path: join(artifactsDir, 'portal-390.png'), fullPage: true });
      if (path === `${services[0]}/index.html`) await page.screenshot({ path: join(artifactsDir, `${services[0]}-390.png`) });
      await page.close();
    }
    await context.close();
    expect(wide).toEqual([]);
  });

  it('status fields: one schema with the known values, a note that the list is open, and each value\'s normalized state', async () => {
    const { context } = await newContext();
    for (const s of services) {
      const spec = readFileSync(join(siteDir, s, 'openapi.json'), 'utf8');
      expect(spec, `${s}: normalized states`).toContain('x-enumDescriptions');
      // The operation's own route (the portal links it), where its response schema is.
      const route = new RegExp(`href="${s}/index\\.html(#/[^"]+)"`).exec(readFileSync(join(siteDir, 'index.html'), 'utf8'))?.[1] ?? '';
      expect(route, `${s}: the portal links its operation`).not.toBe('');
      const page = await context.newPage();
      await page.goto(`${docsUrl}${s}/index.html${route}`);
      await settled(page);
      // A status nested in an object (`data.status`, `tasks[].status`) shows once its object is opened, as a reader would.
      const more = page.getByText(/^\+?\s*Show \d+ (array )?propert(y|ies)$/); // objects and arrays of objects
      for (let i = 0; i < 12 && (await more.count()) > 0; i++) await more.first().click({ timeout: 5_000 }).catch(() => undefined);
      await page.getByText('normalized state').first().waitFor({ state: 'attached', timeout: 20_000 }).catch(() => undefined);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text, `${s}: Redoc's anyOf switcher`).not.toContain('Any of');
      expect(text, `${s}: states next to the values`).toContain('normalized state');
      if (/"x-open-enum": true/.test(spec)) expect(text, `${s}: open list`).toContain('The list is open');
      await page.close();
    }
    await context.close();
  });

  it('reports page weight and time to first render of every page, served by npm start (compressed, Redoc shipped once)', async () => {
    const report: { page: string; requests: number; transferredBytes: number; htmlBytes: number; firstContentfulPaintMs: number | null; loadMs: number }[] = [];
    const redocLoads: string[] = [];
    for (const path of pages) {
      // A fresh context each: a first visit, nothing cached.
      const { context } = await newContext();
      const page = await context.newPage();
      const finished: Promise<number>[] = [];
      page.on('requestfinished', (request) => {
        if (request.url().endsWith('/assets/redoc.standalone.js')) redocLoads.push(path);
        finished.push(request.sizes().then((sz) => sz.responseBodySize + sz.responseHeadersSize));
      });
      const began = Date.now();
      await page.goto(`${docsUrl}${path}`, { waitUntil: 'load' });
      const loadMs = Date.now() - began;
      await settled(page);
      const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
      const sizes = await Promise.all(finished);
      report.push({
        page: path,
        requests: sizes.length,
        transferredBytes: sizes.reduce((a, b) => a + b, 0),
        htmlBytes: readFileSync(join(siteDir, path)).length,
        firstContentfulPaintMs: paint === null ? null : Math.round(paint),
        loadMs,
      });
      await context.close();
    }
    writeFileSync(join(artifactsDir, 'performance.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      ['page weight and time to first render (served by npm start, first visit):', ...report.map((r) => `  ${r.page.padEnd(32)} ${String(Math.round(r.transferredBytes / 1024)).padStart(6)} KiB over ${r.requests} requests, HTML ${Math.round(r.htmlBytes / 1024)} KiB, first paint ${r.firstContentfulPaintMs ?? '?'} ms, load ${r.loadMs} ms`)].join('\n'),
    );
    // Not timings: the shape. Redoc is one shared file, not inlined in each page (2.29 MB each before).
    for (const s of services) {
      const html = readFileSync(join(siteDir, s, 'index.html'), 'utf8');
      expect(html.length, `${s}: page size`).toBeLessThan(1024 * 1024);
      expect(html).toContain('<script src="../assets/redoc.standalone.js"></script>');
      expect(redocLoads, `${s}: loads the shared Redoc`).toContain(`${s}/index.html`);
    }
    const redoc = report.find((r) => r.page === `${services[0]}/index.html`);
    expect(redoc?.transferredBytes, 'compressed transfer of a reference page with Redoc').toBeLessThan(readFileSync(join(siteDir, 'assets', 'redoc.standalone.js')).length);
  });

  it('the portal and the guides read without JavaScript (server-rendered)', async () => {
    const { context } = await newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(fileUrl('index.html'));
    for (const s of services) {
      await page.locator(`section[data-service="${s}"] table.statuses tbody tr`).first().waitFor({ state: 'visible' });
    }
    expect(await page.locator('#search').isVisible()).toBe(false);
    expect(await page.locator('body').innerText()).toContain('The search across all APIs needs JavaScript');
    for (const g of guides) {
      await page.goto(fileUrl(`guides/${g}`));
      await page.locator('article.guide h1').waitFor({ state: 'visible' });
      expect((await page.locator('article.guide p').first().innerText()).length, `guides/${g}: text`).toBeGreaterThan(40);
    }
    await page.goto(fileUrl('guides/index.html'));
    expect(await page.locator('ul.guides li').count()).toBe(guides.length);
    await context.close();
  });

  it('try it, offline from file://: the panel explains how to start the simulator', async () => {
    const { context } = await newContext();
    const page = await context.newPage();
    await page.goto(fileUrl(`${services[0]}/index.html`));
    await page.locator('#try-it summary').click();
    const offline = page.locator('#try-it .cj-tryit-offline');
    await offline.waitFor({ state: 'visible' });
    expect(await offline.innerText()).toContain('npm start');
    expect(await page.locator('#try-it form').isVisible()).toBe(false);
    await context.close();
  });

  it('try it, served by npm start: every page sends the documented request for a demo job and shows the live answer', async () => {
    const { context, offHost } = await newContext();
    for (const s of services) {
      const page = await context.newPage();
      await page.goto(`${docsUrl}${s}/index.html`);
      await page.locator('#try-it summary').click();
      const form = page.locator('#try-it form');
      await form.waitFor({ state: 'visible' });
      const path = await page.locator('#cj-tryit-path').inputValue();
      expect(path, `${s}: the demo job's request`).toMatch(/^\//);
      await page.locator('#try-it button[type="submit"]').click();
      const answer = page.locator('#try-it .cj-tryit-answer');
      await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toBe('200');
      // The same request straight to the simulator: the page showed the simulator's answer.
      const direct = (await (await fetch(`${simUrl}${path}`, { headers: { 'X-Auth-Token': 'demo', Accept: 'application/json' } })).json()) as Record<string, unknown>;
      const shown = await answer.innerText();
      const someKey = Object.keys(direct)[0] ?? '';
      expect(shown, `${s}: the live answer`).toContain(`"${someKey}"`);
      if (s === services[0]) await page.screenshot({ path: join(artifactsDir, 'try-it.png') });
      await page.close();
    }
    await context.close();
    expect(offHost).toEqual([]);
  });

  it("npm start's docs server compresses (br, gzip) and sends caching headers (ETag, 304, Cache-Control)", async () => {
    if (setupError) throw setupError;
    const br = await fetch(docsUrl, { headers: { 'Accept-Encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const etag = br.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(br.headers.get('cache-control')).toBe('no-cache');
    expect(await br.text()).toContain('cloud-jobs API reference');
    const gz = await fetch(`${docsUrl}assets/redoc.standalone.js`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toMatch(/max-age=\d+/);
    await gz.arrayBuffer();
    const again = await fetch(docsUrl, { headers: { 'If-None-Match': etag ?? '' } });
    expect(again.status).toBe(304);
    // The try-it proxy reaches the job APIs only, never the simulator's admin API.
    expect((await fetch(`${docsUrl}_try/sim/_admin/jobs`)).status).toBe(404);
  });

  it('the simulator URL npm start prints answers a browser with an HTML index; API clients keep their JSON 404', async () => {
    if (setupError) throw setupError;
    const json = await fetch(simUrl, { headers: { Accept: 'application/json' } });
    expect(json.status).toBe(404);
    expect(((await json.json()) as Record<string, unknown>)['error_code']).toBe('APIG.0101');
    const { context } = await newContext();
    const page = await context.newPage();
    const response = await page.goto(simUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toContain('text/html');
    expect(await page.title()).toBe('cloud-jobs simulator');
    const text = await page.locator('body').innerText();
    for (const s of services) expect(text).toContain(s);
    await context.close();
  });

  it("npm start's featured demo job (the printed wait command) runs for minutes, not 60 s", async () => {
    if (setupError) throw setupError;
    const command = /wait (\S+) (\S+) --endpoint/.exec(startOutput);
    expect(command, startOutput).not.toBeNull();
    const answer = await fetch(`${simUrl}/_admin/jobs`, { headers: { Accept: 'application/json' } });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { jobs?: Array<{ id: string; durationMs: number; state: string }> } | Array<{ id: string; durationMs: number; state: string }>;
    const jobs = Array.isArray(body) ? body : (body.jobs ?? []);
    const featured = jobs.find((j) => j.id === command?.[2]);
    expect(featured?.durationMs, 'featured job duration').toBeGreaterThanOrEqual(5 * 60_000);
    expect(featured?.state).not.toMatch(/succeeded|failed|canceled/);
  });
});

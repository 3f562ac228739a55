// Opens the built site/ (npm run docs) in Chromium, served from 127.0.0.1, and checks that
// the portal and every Redoc page render what the specs say, log no console error and make no
// request off 127.0.0.1. Saves a full-page screenshot of each page under test-artifacts/docs/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chromiumArgs, findChromium } from '../../../test-utils/browser.js';
import { loadSpec } from '../../../test-utils/spec.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const siteDir = join(repoRoot, 'site');
const artifactsDir = join(process.env['CLOUD_JOBS_ARTIFACTS'] ? resolve(process.env['CLOUD_JOBS_ARTIFACTS']) : join(repoRoot, 'test-artifacts'), 'docs');
// Redoc's own attribution link: an <a href>, a link to follow, never fetched.
const REDOC_ATTRIBUTION = 'https://redocly.com/redoc/';

type Row = readonly [raw: string | number, state: string, meaning?: string];
type StatusTables = Record<string, Record<string, readonly Row[]>>;

interface Expected {
  method: string;
  path: string;
  summary: string;
  codes: string[];
  /** A `"key": value` line of the first success example, as the JSON viewer prints it. */
  example: RegExp;
}

interface Service {
  api: string;
  service: string;
  specFile: string;
  spec: Record<string, any>;
  operations: Expected[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The shallowest scalar of an example (breadth first), as a `"key": value` pattern. */
function exampleLine(value: unknown): RegExp {
  let level: [string, unknown][] = Object.entries(value !== null && typeof value === 'object' ? value : {});
  while (level.length > 0) {
    const scalar = level.find(([, v]) => v === null || typeof v !== 'object');
    if (scalar) return new RegExp(`${escapeRegExp(JSON.stringify(scalar[0]))}:\\s*${escapeRegExp(JSON.stringify(scalar[1]))}`);
    level = level.flatMap(([, v]) => Object.entries(v as object));
  }
  return new RegExp(escapeRegExp(JSON.stringify(value)));
}

function expectedOperations(spec: Record<string, any>): Expected[] {
  return Object.entries<Record<string, any>>(spec['paths'] ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => {
      const op = item[m] as Record<string, any>;
      const responses = Object.entries<Record<string, any>>(op['responses'] ?? {});
      const media = responses.filter(([code]) => code.startsWith('2')).flatMap(([, r]) => Object.values<Record<string, any>>(r['content'] ?? {}));
      const first = media.flatMap((mt) => [
        ...Object.values<Record<string, any>>(mt['examples'] ?? {}).map((ex) => ex['value'] as unknown),
        ...('example' in mt ? [mt['example'] as unknown] : []),
      ])[0];
      if (first === undefined) throw new Error(`${m.toUpperCase()} ${path}: no example in a success response`);
      return { method: m.toUpperCase(), path, summary: String(op['summary']), codes: responses.map(([code]) => code), example: exampleLine(first) };
    }),
  );
}

/** Every API of redocly.yaml: the service name and where its spec should be. */
function apis(): Pick<Service, 'api' | 'service' | 'specFile'>[] {
  const config = parse(readFileSync(join(repoRoot, 'redocly.yaml'), 'utf8')) as { apis: Record<string, { root: string }> };
  return Object.entries(config.apis).map(([api, entry]) => ({
    api,
    service: api.slice(0, api.lastIndexOf('@')),
    specFile: resolve(repoRoot, entry.root),
  }));
}

/** The APIs whose spec exists, with what their page must show (a missing spec fails its own test below). */
function services(): Service[] {
  return apis()
    .filter((s) => existsSync(s.specFile))
    .map((s) => {
      const spec = loadSpec(s.service);
      return { ...s, spec, operations: expectedOperations(spec) };
    });
}

/** The enum values of a schema and of its anyOf/oneOf/allOf branches. */
function enumsHere(schema: unknown, out: Set<string>): void {
  if (schema === null || typeof schema !== 'object') return;
  const obj = schema as Record<string, unknown>;
  if (Array.isArray(obj['enum'])) for (const v of obj['enum']) if (v !== null) out.add(String(v));
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(obj[k])) for (const b of obj[k]) enumsHere(b, out);
}

/** Every enum value of the status field `field` (a statusTable key) in the success responses of a spec. */
function statusValues(spec: Record<string, any>, field: string): Set<string> {
  // The field's own path from the response body's root (`status`, `data.status`, `tasks[].status`,
  // `tasks[0].status`): a property of the same name elsewhere (IMS results[].status) is another field.
  const segments = field.split('.').flatMap((part) => {
    const m = /^(.*?)\[\d*\]$/.exec(part);
    return m ? [m[1]!, '[]'] : [part];
  });
  const out = new Set<string>();
  const at = (node: unknown, rest: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const schema = node as Record<string, any>;
    for (const k of ['allOf', 'anyOf', 'oneOf']) for (const s of schema[k] ?? []) at(s, rest);
    if (rest.length === 0) return enumsHere(schema, out);
    const [head, ...tail] = rest;
    if (head === '[]') at(schema['items'], tail);
    else at(schema['properties']?.[head!], tail);
  };
  for (const item of Object.values<Record<string, any>>(spec['paths'] ?? {})) {
    for (const m of METHODS) {
      for (const [code, r] of Object.entries<Record<string, any>>(item[m]?.['responses'] ?? {})) {
        if (code.startsWith('2')) for (const media of Object.values<Record<string, any>>(r['content'] ?? {})) at(media['schema'], segments);
      }
    }
  }
  return out;
}

/** Serves site/ on 127.0.0.1 and records every path asked for. */
async function serveSite(): Promise<{ server: Server; origin: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(siteDir, path));
    if (!file.startsWith(siteDir + sep) || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Attribute values of the markup (script and style bodies left out) that hold an absolute http(s) URL. */
function absoluteUrls(html: string): { tag: string; attr: string; url: string }[] {
  const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/gi, '$1$2').replace(/<style\b[^>]*>[\s\S]*?<\/style>/gi, '');
  return [...markup.matchAll(/<([a-z][\w-]*)\b[^>]*?\s(src|href|srcset|poster|data|action)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)]
    .map((m) => ({ tag: (m[1] ?? '').toLowerCase(), attr: (m[2] ?? '').toLowerCase(), url: (m[4] ?? m[5] ?? m[6] ?? '').trim() }))
    .filter((a) => /^(https?:)?\/\//i.test(a.url));
}

/** service -> its descriptor's status table, for every service the built @cloud-jobs/jobs registers. */
async function registeredStatusTables(): Promise<StatusTables> {
  const jobs = (await import('@cloud-jobs/jobs')) as Record<string, unknown>;
  const registry = jobs['services'] as Array<{ name: string; statusTable: StatusTables[string] }> | undefined;
  if (!Array.isArray(registry)) throw new Error('@cloud-jobs/jobs does not export services (its registry of descriptors)');
  return Object.fromEntries(registry.map((d) => [d.name, d.statusTable]));
}

const all = services();
let context: BrowserContext;
let origin = '';
let server: Server | undefined;
let userDataDir = '';
let statusTables: StatusTables = {};
/** Every request the route below blocked (not to the site), from any page or worker of the context. */
const blocked: string[] = [];

/** Whether a request stays on the site served from 127.0.0.1 (or needs no network: data:, blob:). */
function local(url: string): boolean {
  return url.startsWith(`${origin}/`) || /^(data|blob):/.test(url);
}

/** Why the browser could not be set up: every test then fails with it (a failed beforeAll would only skip them). */
let setupError: Error | undefined;

function ready(): void {
  if (setupError) throw setupError;
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (err) {
    setupError = err instanceof Error ? err : new Error(String(err));
  }
}, 60_000);

async function setUp(): Promise<void> {
  // CHROMIUM_PATH, else the Chromium that npm installed (test-utils/browser.ts). Never skips.
  const chromiumPath = await findChromium();
  if (!existsSync(join(siteDir, 'index.html'))) throw new Error(`${siteDir}/index.html is missing: run \`npm run docs\` (turbo runs docs before this test)`);
  statusTables = await registeredStatusTables();
  mkdirSync(artifactsDir, { recursive: true });
  ({ server, origin } = await serveSite());
  userDataDir = mkdtempSync(join(tmpdir(), 'cloud-jobs-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [...chromiumArgs],
    viewport: { width: 1280, height: 900 },
  });
  // Nothing may leave 127.0.0.1: anything else is recorded and refused (each page also records
  // every request it makes, see open()).
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
}

afterAll(async () => {
  await context?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** Console errors and uncaught exceptions of the page. */
  errors: string[];
  /** Every request of the page that did not go to 127.0.0.1, and every one the route blocked meanwhile. */
  offHost: () => string[];
}

/** Opens `path` in a new tab, recording its requests, console errors and uncaught exceptions. */
async function open(path: string): Promise<Opened> {
  ready();
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const blockedBefore = blocked.length;
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  const response = await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  expect(response?.status(), `GET ${path}`).toBe(200);
  return { page, errors, offHost: () => [...new Set([...requests.filter((url) => !local(url)), ...blocked.slice(blockedBefore)])] };
}

describe('docs site (site/)', { timeout: 120_000 }, () => {
  it('finds Chromium', () => {
    ready();
  });

  it('has the portal and one page per API of redocly.yaml', () => {
    const missing = apis().filter((a) => !existsSync(a.specFile));
    expect(
      missing.map((a) => `${a.api}: ${a.specFile}`),
      'APIs of redocly.yaml without a spec (build-docs refuses to build without them)',
    ).toEqual([]);
    expect(all.length, 'no spec found at all').toBeGreaterThan(0);
    expect(existsSync(join(siteDir, 'index.html')), 'site/index.html').toBe(true);
    for (const s of all) expect(existsSync(join(siteDir, s.service, 'index.html')), `site/${s.service}/index.html`).toBe(true);
  });

  it("names every API of redocly.yaml <service>@v<major of the spec's info.version>, one per registered service", () => {
    const registered = Object.keys(statusTables);
    for (const s of all) {
      const version = String(s.spec['info']['version']);
      const major = /^v?(\d+)/.exec(version)?.[1];
      expect(s.api, `${s.api}: info.version ${version}`).toBe(`${s.service}@v${major}`);
    }
    expect(apis().map((a) => a.service).sort(), 'APIs of redocly.yaml vs services registered in @cloud-jobs/jobs').toEqual([...registered].sort());
  });

  it('portal lists the services in the order of redocly.yaml', () => {
    ready();
    const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
    const order = [...html.matchAll(/<section class="service"[^>]*data-service="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(all.map((s) => s.service));
  });

  it('loads nothing from outside: no absolute URL in src/href except links to follow', () => {
    for (const file of ['index.html', ...all.map((s) => `${s.service}/index.html`)]) {
      const html = readFileSync(join(siteDir, file), 'utf8');
      const spec = all.find((s) => file.startsWith(`${s.service}/`));
      const specText = spec ? readFileSync(spec.specFile, 'utf8') : '';
      for (const { tag, attr, url } of absoluteUrls(html)) {
        // An <a href> is only fetched if someone clicks it: allowed for the spec's own links and Redoc's attribution.
        const link = tag === 'a' && attr === 'href' && (specText.includes(url) || url === REDOC_ATTRIBUTION);
        expect(link, `site/${file}: <${tag} ${attr}="${url}">`).toBe(true);
      }
    }
  });

  it('portal lists every service with its endpoint, summary, status values and states, and links to its page', async () => {
    const { page, errors, offHost } = await open('/');
    expect(await page.title()).toBe('cloud-jobs API reference');
    for (const s of all) {
      const section = page.locator(`section[data-service="${s.service}"]`);
      await section.waitFor({ state: 'visible' });
      const text = await section.innerText();
      expect(text).toContain(String(s.spec['info']['title']));
      // The one-line summary: the spec's info.summary, or the first line of its description.
      const summary = (await section.locator('p.summary').innerText()).trim();
      expect(summary, `${s.service}: one-line summary`).not.toBe('');
      expect(String(s.spec['info']['summary'] ?? s.spec['info']['description'] ?? '').replace(/[`*_]/g, '')).toContain(summary);
      for (const op of s.operations) {
        expect(text).toContain(op.method);
        expect(text).toContain(op.path);
      }
      // Every row of the descriptor's status table with its state; every value the spec documents among them.
      const tables = statusTables[s.service];
      expect(tables, `statusTable of ${s.service}`).toBeDefined();
      for (const [field, rows] of Object.entries(tables ?? {})) {
        const shown = await section
          .locator(`table[data-fields~="${field}"] tbody tr`)
          .evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-value')}=${tr.getAttribute('data-state')}`));
        expect(shown.sort(), `${s.service} ${field}`).toEqual(rows.map(([raw, state]) => `${raw}=${state}`).sort());
        const values = statusValues(s.spec, field);
        expect(values.size, `${s.service} ${field}: the spec documents its values`).toBeGreaterThan(0);
        for (const value of values) {
          expect(shown, `${s.service} ${field}: spec value ${value}`).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegExp(value)}=`)));
        }
      }
      expect(await section.locator(`a[href="${s.service}/index.html"]`).count()).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(artifactsDir, 'portal.png'), fullPage: true });
    // The links work in the browser.
    for (const s of all) {
      await page.locator(`section[data-service="${s.service}"] a.open`).click();
      await page.waitForURL(`${origin}/${s.service}/index.html`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
      expect(await page.getByRole('heading', { level: 1 }).first().innerText()).toContain(String(s.spec['info']['title']));
      await page.goto(`${origin}/`);
    }
    await page.close();
    expect(offHost(), 'requests that left 127.0.0.1').toEqual([]);
    expect(errors, 'console errors on the portal').toEqual([]);
  });

  for (const s of all) {
    it(`${s.service}: Redoc renders the operation, path, response codes and an example`, async () => {
      const { page, errors, offHost } = await open(`/${s.service}/`);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
      // Redoc 3 renders the first screen and, as one scrolls down, a "+ Show" button for each section
      // further down: scroll and click, as a reader would, until every operation is there.
      const more = page.getByRole('button', { name: '+ Show', exact: true });
      // The heading's accessible name is "link to <summary> <summary>" (Redoc puts a deep link in it).
      const headings = s.operations.map((op) => page.getByRole('heading', { name: op.summary }));
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
        const shown = await Promise.all(headings.map((h) => h.first().isVisible()));
        if (shown.every(Boolean) && (await more.count()) === 0) break;
        // The button is gone as soon as its section expands (or Redoc re-renders it): a short click
        // attempt, then look again, rather than waiting on a button that will not come back.
        if ((await more.count()) > 0) await more.first().click({ timeout: 2_000 }).catch(() => undefined);
        else await page.mouse.wheel(0, 800);
        await page.waitForTimeout(250);
      }
      for (const [i, op] of s.operations.entries()) {
        await headings[i]?.first().waitFor({ state: 'visible', timeout: 5_000 });
        await page.getByText(op.path).first().waitFor({ state: 'visible' });
        for (const code of op.codes) {
          await page.getByRole('tab', { name: code, exact: true }).first().waitFor({ state: 'visible' });
        }
        await page.locator('pre').filter({ hasText: op.example }).first().waitFor({ state: 'visible' });
      }
      await page.screenshot({ path: join(artifactsDir, `${s.service}.png`), fullPage: true });
      await page.close();
      expect(offHost(), `requests of /${s.service}/ that left 127.0.0.1`).toEqual([]);
      expect(errors, `console errors on /${s.service}/`).toEqual([]);
    });
  }
});

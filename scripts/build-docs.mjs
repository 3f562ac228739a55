#!/usr/bin/env node
// Builds site/, the offline documentation portal:
//   site/index.html              the portal: a search across every API (operations, fields, status
//                                values, error codes), the guides, and every service with its
//                                endpoint, version, summary and status values with their
//                                normalized state and meaning, in the order of redocly.yaml;
//   site/<service>/index.html    one Redoc page per API (`redocly build-docs`), from a copy of the
//                                spec with code samples (x-codeSamples), open enums shown as one
//                                schema and each status value's normalized state; next to it the
//                                copy itself (openapi.json);
//   site/guides/*.html           the guides of docs/guides/*.md;
//   site/assets/                 Redoc (once, for every page) and the pages' "Try it" script.
// Every page has the same header (portal, every service, guides, search), links relatively and
// loads nothing from the network, so the site works from file:// and from any server. The lists
// come from redocly.yaml and the registry of the built @cloud-jobs/jobs; nothing names a service.
// An API's key must carry its spec's major version (`<service>@v<N>`); a missing spec fails the
// build (`--allow-missing` skips it instead). Run through turbo: `npm run docs`.
// Modules: scripts/docs/ (one concept each). Usage: node scripts/build-docs.mjs [--allow-missing]
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addCodeSamples, clientOf } from './docs/codeSamples.mjs';
import { readGuides, writeGuides } from './docs/guides.mjs';
import { annotateStates, collapseOpenEnums } from './docs/openEnums.mjs';
import { portalHtml } from './docs/portal.mjs';
import { buildRedocPage, writeRedocAsset } from './docs/redocPage.mjs';
import { searchEntries } from './docs/searchIndex.mjs';
import { configFile, loadSpec, majorVersion, METHODS, operations, readApis, root } from './docs/specs.mjs';
import { loadJobs, statusTables } from './docs/statusTables.mjs';
import { OFFLINE_CONFIG, TRYIT_ASSET, TRYIT_CSS, TRYIT_SCRIPT, tryItPanel } from './docs/tryIt.mjs';

const siteDir = join(root, 'site');
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

  // Everything the site needs is checked before anything is built.
  const { tables, terminal, descriptors } = await loadJobs();
  const fromDocs = createRequire(join(root, 'packages', 'docs', 'package.json'));
  const importPackage = (name) => import(pathToFileURL(fromDocs.resolve(name)).href);
  // In the order of redocly.yaml: that file is the one list of APIs.
  const services = await Promise.all(
    present.map(async (api) => {
      const spec = loadSpec(api.specFile);
      const major = majorVersion(spec.info?.version);
      if (api.version !== '' && major !== undefined && api.version !== major) {
        throw new Error(`${relative(root, configFile)} names ${api.api}, but ${relative(root, api.specFile)} has info.version ${spec.info.version}: name it ${api.service}@${major}`);
      }
      const descriptor = descriptors.find((d) => d.name === api.service);
      const serviceTables = statusTables(spec, api.service, tables);
      if (!descriptor) throw new Error(`no registered service "${api.service}" in @cloud-jobs/jobs`);
      const client = await clientOf(descriptor, importPackage);
      // The page's copy: samples, one schema per open enum, the state of every status value.
      const page = structuredClone(spec);
      addCodeSamples(page, { descriptor, ...client }, METHODS);
      collapseOpenEnums(page);
      annotateStates(page, serviceTables, terminal, operations);
      return { api, spec, page, tables: serviceTables, operations: operations(spec) };
    }),
  );
  const header = services.map(({ api, spec }) => ({ service: api.service, title: String(spec.info?.title ?? api.service) }));
  const guides = readGuides();

  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(join(siteDir, 'assets'), { recursive: true });
  const redoc = writeRedocAsset(siteDir);
  writeFileSync(join(siteDir, TRYIT_ASSET), TRYIT_SCRIPT);
  mkdirSync(join(siteDir, '_try'), { recursive: true });
  writeFileSync(join(siteDir, '_try', 'config.json'), `${JSON.stringify(OFFLINE_CONFIG)}\n`);
  const limit = Math.max(1, Math.min(2, availableParallelism()));
  const pages = await pool(services, limit, (s) =>
    buildRedocPage({
      siteDir,
      service: s.api.service,
      title: String(s.spec.info?.title ?? s.api.service),
      spec: s.page,
      header: { prefix: '../', current: s.api.service, services: header },
      extraHead: `<style>${TRYIT_CSS}</style>`,
      extraBody: tryItPanel({ service: s.api.service }),
    }),
  );
  const guidePages = writeGuides(siteDir, guides, header);

  const portal = join(siteDir, 'index.html');
  writeFileSync(portal, portalHtml({ services, skipped, terminal, guides, search: searchEntries(services), header }));
  for (const file of [portal, ...pages, ...guidePages]) {
    const external = externalResources(readFileSync(file, 'utf8'));
    if (external.length > 0) throw new Error(`${relative(root, file)} loads from the network: ${external.join(', ')}`);
  }

  const kib = (f) => `${Math.round(statSync(f).size / 1024)} KiB`;
  for (const f of [portal, redoc, ...pages]) console.log(`build-docs: ${relative(root, f)} (${kib(f)})`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `build-docs: ${pages.length + 1} pages and ${guidePages.length} guide pages in ${seconds} s${skipped.length ? ` (${skipped.length} API(s) skipped: no spec yet)` : ''}`,
  );
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));

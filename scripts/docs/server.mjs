// The local docs server of `npm start`: serves site/ with compression (br or gzip, by
// Accept-Encoding) and caching headers (a strong ETag per file, answered with 304; assets may be
// cached, pages are revalidated), and backs the reference pages' "Try it" panel:
//   GET /_try/config.json   the simulator's URL and one demo job per service
//   GET /_try/sim/<path>    the same GET, sent to the simulator (same-origin, so the simulator
//                           needs no CORS; only GET/HEAD and never its /_admin API).
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { request as httpRequest, createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** Worth compressing: text, scripts, JSON, SVG. */
const COMPRESSIBLE = /^(text\/|application\/(json|yaml)|image\/svg)/;

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${text}\n`);
}

/** The encoding to answer with: br over gzip when both are accepted (q=0 refuses one). */
export function pickEncoding(header) {
  const accepted = new Map();
  for (const part of String(header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

/**
 * @typedef {{ simulator: string, jobs: Record<string, { id: string, path: string, detail: string }> }} TryItConfig
 * @param {{ site: string, tryIt?: TryItConfig }} options
 * @returns {Promise<import('node:http').Server>}
 */
export async function createDocsServer({ site, tryIt }) {
  const base = await realpath(site);
  const inside = (path) => path === base || path.startsWith(base + sep);
  /** path -> { mtimeMs, size, body, etag, encoded: Map } (the site is small; it changes only on rebuild). */
  const cache = new Map();

  async function load(file, info) {
    const known = cache.get(file);
    if (known && known.mtimeMs === info.mtimeMs && known.size === info.size) return known;
    const body = await readFile(file);
    const entry = { mtimeMs: info.mtimeMs, size: info.size, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`, encoded: new Map() };
    cache.set(file, entry);
    return entry;
  }

  async function encoded(entry, encoding) {
    if (!entry.encoded.has(encoding)) {
      // Quality 5: ~as small as gzip -9 for text, and fast enough to do on the first request.
      const work =
        encoding === 'br'
          ? brotli(entry.body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_SIZE_HINT]: entry.body.length } })
          : gzipAsync(entry.body, { level: 6 });
      entry.encoded.set(encoding, work);
    }
    return entry.encoded.get(encoding);
  }

  async function serveFile(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return sendText(res, 400, 'bad request');
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return sendText(res, 400, 'bad request');
    let file = resolve(base, `.${pathname}`);
    if (!inside(file)) return sendText(res, 404, 'not found');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      if (!pathname.endsWith('/')) return sendText(res, 301, 'moved', { Location: `${pathname}/` });
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return sendText(res, 404, 'not found');
    const real = await realpath(file);
    if (!inside(real)) return sendText(res, 404, 'not found');
    const entry = await load(real, info);
    const type = CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream';
    const headers = {
      'Content-Type': type,
      ETag: entry.etag,
      // Pages revalidate (cheap with the ETag); the shared scripts under assets/ may be kept a while.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=3600' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
    };
    const match = String(req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (match.includes(entry.etag) || match.includes('*')) {
      res.writeHead(304, headers);
      return res.end();
    }
    const encoding = COMPRESSIBLE.test(type) && entry.body.length > 1024 ? pickEncoding(req.headers['accept-encoding']) : undefined;
    const body = encoding ? await encoded(entry, encoding) : entry.body;
    res.writeHead(200, { ...headers, ...(encoding ? { 'Content-Encoding': encoding } : {}), 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** Sends the same GET to the simulator; answers with its status, type and body. */
  function proxy(req, res, path) {
    if (!tryIt) return sendText(res, 404, 'not found');
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    if (!path.startsWith('/') || path.startsWith('//') || /^\/_admin(\/|$|\?)/.test(path)) return sendText(res, 404, 'not found');
    const target = new URL(path, tryIt.simulator);
    const forwarded = {};
    for (const name of ['accept', 'x-auth-token', 'x-project-id', 'x-domain-id']) if (req.headers[name] !== undefined) forwarded[name] = req.headers[name];
    const upstream = httpRequest(target, { method: req.method, headers: forwarded, timeout: 15_000 }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, {
        'Content-Type': answer.headers['content-type'] ?? 'application/octet-stream',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      answer.pipe(res);
    });
    upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.on('error', (error) => {
      if (!res.headersSent) sendText(res, 502, `the simulator at ${tryIt.simulator} did not answer (${error.message})`);
      else res.destroy();
    });
    upstream.end();
  }

  return createServer((req, res) => {
    const raw = req.url ?? '/';
    const run = async () => {
      if (raw === '/_try/config.json' && tryIt) {
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        return res.end(JSON.stringify(tryIt));
      }
      if (raw.startsWith('/_try/sim/')) return proxy(req, res, raw.slice('/_try/sim'.length));
      return serveFile(req, res);
    };
    run().catch(() => {
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  });
}

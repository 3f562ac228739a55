// Keeps web pages out of the admin API: a page cannot read it through DNS rebinding (foreign Host),
// post to it from another origin (Origin), or send it a "simple" cross-origin form or text/plain
// body (Content-Type), since a browser sends none of those without a CORS preflight the simulator
// never answers.
import type { IncomingMessage } from 'node:http';
import type { Answer } from './answer.js';
import { isLoopbackHost } from './loopback.js';

/** `host` of a `Host` header value `host[:port]` / `[v6][:port]`, or `undefined` when malformed. */
function hostOfAuthority(authority: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:[\]\s]+)(?::[0-9]{1,5})?$/.exec(authority);
  return match?.[1];
}

/** True for `http(s)://<loopback host>[:port]` (not `null`, not another scheme). */
function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}

/** True when the request announces a body, or is a POST (whose empty body still acts). */
function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.method === 'POST' || req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const shown = (value: string) => JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
const refuse = (status: number, error: string): Answer => ({ status, body: { error } });

/**
 * Why an admin request is refused, or `undefined` when it may go on:
 * - 403 when `Host` is not a loopback name (`127.0.0.0/8`, `localhost`, `[::1]`, any port);
 * - 403 when an `Origin` header is present and is not such a host over http(s);
 * - 415 when a request with a body (every POST) is not `Content-Type: application/json`.
 * @example
 * const refusal = adminRefusal(req); // { status: 415, body: { error: 'the admin API takes Content-Type: application/json ...' } }
 */
export function adminRefusal(req: IncomingMessage): Answer | undefined {
  const host = req.headers.host ?? '';
  const name = hostOfAuthority(host);
  if (name === undefined || !isLoopbackHost(name)) {
    return refuse(403, `the admin API answers loopback Host headers only (127.0.0.0/8, localhost, [::1]); got ${shown(host)}`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return refuse(403, `the admin API refuses requests from web pages of other origins; got Origin ${shown(origin)}`);
  }
  if (hasBody(req)) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return refuse(415, `the admin API takes Content-Type: application/json bodies only; got ${shown(req.headers['content-type'] ?? 'none')}`);
    }
  }
  return undefined;
}

// Request authentication as the API gateway checks it: tokens, and AK/SK signatures (recomputed only
// when the simulator knows the secret keys).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Why a request was refused, worded as the gateway completes its `APIG.0301` message, or `null`
 * when it is accepted.
 * @example
 * const verdict: AuthVerdict = 'x-auth-token not found';
 */
export type AuthVerdict = string | null;

const SIGNATURE = /^SDK-HMAC-SHA256\s+Access=([^\s,]+),\s*SignedHeaders=([A-Za-z0-9_;-]+),\s*Signature=([0-9a-fA-F]{64})$/;
const SDK_DATE = /^[0-9]{8}T[0-9]{6}Z$/;

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * What it takes to verify AK/SK signatures: the known keys (access key ID -> secret key) and the
 * request as received (method, raw request target, body).
 * @example
 * const aksk: AkSkCheck = { credentials: new Map([['AK1', 'SK1']]), method: 'GET', target: '/v1/p/jobs/j?x=1' };
 */
export interface AkSkCheck {
  credentials: ReadonlyMap<string, string>;
  method: string;
  /** The request target exactly as received (`req.url`): path and query, still percent-encoded. */
  target: string;
  /** The body bytes (default none). */
  body?: Uint8Array | string;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function encode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/**
 * Recomputes the SDK-HMAC-SHA256 signature of a request the way the gateway does: canonical URI
 * (decoded path, each segment re-encoded, trailing `/`), sorted encoded query, the signed headers as
 * received (lowercase name, trimmed value), hex SHA-256 of the body (or `UNSIGNED-PAYLOAD`), then
 * HMAC-SHA256 with the secret key over `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<sha256 of the canonical request>`.
 * Returns `null` when a signed header is missing.
 * @example
 * const signature = expectedSignature('SK1', 'GET', '/v1/p/jobs/j', { host: '127.0.0.1:4010', 'x-sdk-date': '20240101T000000Z' }, ['host', 'x-sdk-date']);
 */
export function expectedSignature(
  secretKey: string,
  method: string,
  target: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  signedHeaders: readonly string[],
  body: Uint8Array | string = '',
): string | null {
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  let uri = decodeOrKeep(path).split('/').map(encode).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const pairs = [...new URLSearchParams(q === -1 ? '' : target.slice(q + 1))];
  pairs.sort((a, b) => byBytes(a[0], b[0]) || byBytes(a[1], b[1]));
  const query = pairs.map(([k, v]) => encode(k) + '=' + encode(v)).join('&');
  let canonicalHeaders = '';
  for (const name of signedHeaders) {
    const value = header(headers, name);
    if (value === undefined) return null;
    canonicalHeaders += name + ':' + value.trim() + '\n';
  }
  const payload = header(headers, 'x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD' ? 'UNSIGNED-PAYLOAD' : createHash('sha256').update(body).digest('hex');
  const canonical = [method.toUpperCase(), uri, query, canonicalHeaders, signedHeaders.join(';'), payload].join('\n');
  const date = header(headers, 'x-sdk-date') ?? '';
  const toSign = 'SDK-HMAC-SHA256\n' + date + '\n' + createHash('sha256').update(canonical).digest('hex');
  return createHmac('sha256', secretKey).update(toSign).digest('hex');
}

/**
 * Accepts a request carrying `X-Auth-Token` (any non-empty value, or one of `tokens` when given),
 * or a well-formed AK/SK signature: `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
 * Signature=<64 hex>` whose signed headers include `x-sdk-date`, plus an `X-Sdk-Date` of the form
 * `YYYYMMDDTHHMMSSZ`. Without `aksk` the signature itself is not verified; with it, the access key
 * must be known and the signature must be the one {@link expectedSignature} computes.
 * @example
 * checkAuth({ 'x-auth-token': 'abc' }, undefined); // null (accepted)
 * checkAuth({}, undefined); // 'x-auth-token not found'
 */
export function checkAuth(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  tokens: ReadonlySet<string> | undefined,
  aksk?: AkSkCheck,
): AuthVerdict {
  const token = header(headers, 'x-auth-token');
  if (token !== undefined && token !== '') {
    return !tokens || tokens.has(token) ? null : 'decrypt token fail';
  }
  const authorization = header(headers, 'authorization');
  if (authorization === undefined || authorization === '') return 'x-auth-token not found';
  const match = SIGNATURE.exec(authorization.trim());
  const date = header(headers, 'x-sdk-date');
  const signed = (match?.[2] ?? '').toLowerCase().split(';');
  if (!match || !date || !SDK_DATE.test(date) || !signed.includes('x-sdk-date')) {
    return 'verify aksk signature fail';
  }
  if (aksk === undefined) return null;
  const secretKey = aksk.credentials.get(match[1] ?? '');
  if (secretKey === undefined) return 'verify aksk signature fail';
  const expected = expectedSignature(secretKey, aksk.method, aksk.target, headers, signed, aksk.body);
  const given = Buffer.from((match[3] ?? '').toLowerCase(), 'utf8');
  if (expected === null || !timingSafeEqual(Buffer.from(expected, 'utf8'), given)) return 'verify aksk signature fail';
  return null;
}

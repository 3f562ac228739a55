// Request authentication as the API gateway checks it: tokens, and AK/SK signatures recomputed with
// the secret keys the simulator was given.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from './types.js';

/**
 * Why a request was refused, worded as the gateway completes its `APIG.0301` message, or `null`
 * when it is accepted.
 * @example
 * const verdict: AuthVerdict = 'x-auth-token not found';
 */
export type AuthVerdict = string | null;

// The access key is echoed in the unknown-key message, so only a plain form is accepted as well formed.
const SIGNATURE = /^SDK-HMAC-SHA256\s+Access=([A-Za-z0-9_-]{1,128}),\s*SignedHeaders=([A-Za-z0-9_;-]+),\s*Signature=([0-9a-fA-F]{64})$/;
const SDK_DATE = /^[0-9]{8}T[0-9]{6}Z$/;

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
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
 * Who the simulator lets in. With neither `tokens` nor `credentials` it is open (a demo): any
 * non-empty token and any well-formed signature pass. Once either is set, only what was configured
 * passes: a token must be one of `tokens` (none when only AK/SK is set), a signature must verify with
 * the secret key of a known access key and carry an `X-Sdk-Date` within `maxClockSkewMs` of `clock`.
 * @example
 * const policy: AuthPolicy = { tokens: new Set(['t']), credentials: new Map([['AK1', 'SK1']]), maxClockSkewMs: 900_000, clock: Date.now };
 */
export interface AuthPolicy {
  tokens: ReadonlySet<string> | undefined;
  /** Access key ID -> secret key. */
  credentials: ReadonlyMap<string, string> | undefined;
  maxClockSkewMs: number;
  clock: Clock;
}

/**
 * The request as received, for recomputing its signature.
 * @example
 * const request: SignedTarget = { method: 'GET', target: '/v1/p/jobs/j?x=1' };
 */
export interface SignedTarget {
  method: string;
  /** The request target exactly as received (`req.url`): path and query, still percent-encoded. */
  target: string;
  /** The body bytes (default none). */
  body?: Uint8Array | string;
}

/**
 * Gateway signing window: `X-Sdk-Date` must be within 15 minutes of the gateway's clock (reference 10b).
 * @example
 * startSimulator({ maxClockSkewMs: DEFAULT_MAX_CLOCK_SKEW_MS });
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** `YYYYMMDDTHHMMSSZ` as epoch ms, or `undefined` when it names no real instant (month 13...). */
function sdkDateMs(date: string): number | undefined {
  const n = (from: number, to: number) => Number(date.slice(from, to));
  const ms = Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(9, 11), n(11, 13), n(13, 15));
  const back = new Date(ms);
  return back.getUTCMonth() === n(4, 6) - 1 && back.getUTCDate() === n(6, 8) && back.getUTCHours() === n(9, 11) && back.getUTCMinutes() === n(11, 13)
    ? ms
    : undefined;
}

// The reasons complete "Incorrect IAM authentication information: ..." (401 APIG.0301), worded as the
// gateway's FAQ pages quote them (API Gateway apig-faq-0003, OCR ocr_01_0063, SIS sis_04_0087).
const NO_TOKEN = 'x-auth-token not found';
const BAD_TOKEN = 'decrypt token fail';
const BAD_SIGNATURE = 'verify aksk signature fail';
const EXPIRED = 'calc ak sk signature fail:signature expired';
const unknownKey = (accessKey: string) => `Get secretKey failed,ak:${accessKey},err:ak not exist`;

/**
 * Decides whether a request may pass, as the gateway does before the service sees it: an
 * `X-Auth-Token` is checked against `policy.tokens`; otherwise an `Authorization: SDK-HMAC-SHA256
 * Access=..., SignedHeaders=...;x-sdk-date;..., Signature=<64 hex>` with an `X-Sdk-Date` of the form
 * `YYYYMMDDTHHMMSSZ` is checked for form and, unless the policy is open, verified: known access key,
 * date within the window, signature equal to the one {@link expectedSignature} computes.
 * Returns the refusal reason, or `null` when the request passes.
 * @example
 * const open: AuthPolicy = { tokens: undefined, credentials: undefined, maxClockSkewMs: 900_000, clock: Date.now };
 * checkAuth({ 'x-auth-token': 'abc' }, open, { method: 'GET', target: '/' }); // null (accepted)
 * checkAuth({}, open, { method: 'GET', target: '/' }); // 'x-auth-token not found'
 */
export function checkAuth(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  policy: AuthPolicy,
  request: SignedTarget,
): AuthVerdict {
  const open = policy.tokens === undefined && policy.credentials === undefined;
  const token = header(headers, 'x-auth-token');
  if (token !== undefined && token !== '') {
    if (open) return null;
    return policy.tokens?.has(token) ? null : BAD_TOKEN;
  }
  const authorization = header(headers, 'authorization');
  if (authorization === undefined || authorization === '') return NO_TOKEN;
  const match = SIGNATURE.exec(authorization.trim());
  const date = header(headers, 'x-sdk-date');
  const signed = (match?.[2] ?? '').toLowerCase().split(';');
  if (!match || !date || !SDK_DATE.test(date) || !signed.includes('x-sdk-date')) return BAD_SIGNATURE;
  if (open) return null;
  const accessKey = match[1] ?? '';
  const secretKey = policy.credentials?.get(accessKey);
  if (secretKey === undefined) return unknownKey(accessKey);
  const signedAt = sdkDateMs(date);
  if (signedAt === undefined) return BAD_SIGNATURE;
  if (Math.abs(signedAt - policy.clock()) > policy.maxClockSkewMs) return EXPIRED;
  const expected = expectedSignature(secretKey, request.method, request.target, headers, signed, request.body);
  const given = Buffer.from((match[3] ?? '').toLowerCase(), 'utf8');
  if (expected === null || !timingSafeEqual(Buffer.from(expected, 'utf8'), given)) return BAD_SIGNATURE;
  return null;
}

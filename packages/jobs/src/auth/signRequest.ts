// SDK-HMAC-SHA256: the AK/SK request signature of Huawei Cloud's API gateway, as the official SDKs
// compute it. Pure and synchronous (plain-TypeScript SHA-256, so it runs in browsers too); the
// middleware in createAkSkAuth.ts uses it.
import { hmacSha256, sha256, toBytes, toHex } from './sha256.js';
import { AuthConfigError } from './errors.js';
import { REDACTED } from './redact.js';

/**
 * The algorithm name, first word of the `Authorization` header and first line of the string to sign.
 * @example SDK_SIGNING_ALGORITHM // 'SDK-HMAC-SHA256'
 */
export const SDK_SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/**
 * The body hash a signer may use instead of hashing the body, announced in `X-Sdk-Content-Sha256`.
 * @example headers['X-Sdk-Content-Sha256'] = UNSIGNED_PAYLOAD;
 */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

const SDK_DATE = /^\d{8}T\d{6}Z$/;
/** Headers whose values are secrets: signed as they are, shown as `[REDACTED]` in `canonicalRequest`. */
const SECRET_HEADERS = new Set(['x-security-token', 'x-auth-token']);

/**
 * What {@link signRequest} signs. The headers are the ones the request is sent with; all of them are
 * signed (names lowercased) unless `signedHeaders` picks some, except names containing `_`, which the
 * gateway drops and the SDKs never sign. `Host` is signed only when it is among the headers (the
 * middleware adds it).
 * @example
 * const input: SignRequestInput = {
 *   method: 'GET', url: 'https://ecs.eu-de.otc.t-systems.com/v1/p/jobs/j',
 *   headers: { Host: 'ecs.eu-de.otc.t-systems.com', 'X-Sdk-Date': '20240101T000000Z' },
 *   accessKey, secretKey,
 * };
 */
export interface SignRequestInput {
  /** HTTP method, any case. */
  method: string;
  /** Absolute URL; its path and query are canonicalized, its host is not read (sign a `Host` header). */
  url: string | URL;
  /** Headers sent with the request. */
  headers?: Headers | Readonly<Record<string, string>> | undefined;
  /** The exact body bytes (a string is UTF-8 encoded); none = empty. */
  body?: string | Uint8Array | ArrayBuffer | null | undefined;
  /** Access key ID (AK), put in the `Authorization` header. */
  accessKey: string;
  /** Secret access key (SK), the HMAC key. Never returned. */
  secretKey: string;
  /** Names of the headers to sign (any case); default every header given. */
  signedHeaders?: readonly string[] | undefined;
  /** Signing time used when the headers carry no `X-Sdk-Date` (default now). */
  date?: Date | number | undefined;
}

/**
 * The result of {@link signRequest}: the headers to add, and the intermediate strings for debugging a
 * signature mismatch (none of them contains the secret key).
 * @example
 * const signed = signRequest(input);
 * for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
 */
export interface SignedRequest {
  /** `Authorization`, plus `X-Sdk-Date` when the input headers had none. */
  headers: Record<string, string>;
  /** `SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...` */
  authorization: string;
  /** Lowercase hex HMAC-SHA256. */
  signature: string;
  /** The signed header names, lowercase, sorted, `;`-joined, e.g. `host;x-sdk-date`. */
  signedHeaders: string;
  /** The `X-Sdk-Date` signed, `YYYYMMDDTHHMMSSZ`. */
  sdkDate: string;
  /**
   * The canonical request, for comparing with the gateway's when a signature is refused. The values
   * of `X-Security-Token` and `X-Auth-Token`, if signed, read `[REDACTED]` here (the signature is
   * computed over the real values).
   */
  canonicalRequest: string;
  stringToSign: string;
}

/**
 * A time as `X-Sdk-Date` wants it: UTC `YYYYMMDDTHHMMSSZ`.
 * @example formatSdkDate(Date.UTC(2019, 10, 15, 3, 36, 55)) // '20191115T033655Z'
 */
export function formatSdkDate(date: Date | number): string {
  const iso = new Date(date).toISOString(); // 2019-11-15T03:36:55.000Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** RFC 3986 percent-encoding of the UTF-8 bytes: unreserved characters stay, the rest is `%XX` (upper case). */
function encode(text: string): string {
  let out = '';
  for (const byte of toBytes(text)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** decodeURIComponent, or the text unchanged when it holds a malformed escape. */
function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function compareUtf8(a: string, b: string): number {
  const x = toBytes(a);
  const y = toBytes(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/**
 * The canonical URI: the path decoded, split at `/`, each segment encoded again, always ending in `/`
 * (as the official signers do: `/v1/p/jobs/j` and `/v1/p/jobs/j/` sign alike).
 */
function canonicalUri(pathname: string): string {
  const uri = decode(pathname).split('/').map(encode).join('/');
  return uri.endsWith('/') ? uri : `${uri}/`;
}

/** The canonical query: decoded pairs (`+` is a space), each encoded, sorted by name then value (UTF-8 bytes). */
function canonicalQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)];
  pairs.sort(([ak, av], [bk, bv]) => compareUtf8(ak, bk) || compareUtf8(av, bv));
  return pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

function bodyBytes(body: SignRequestInput['body']): Uint8Array {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (typeof body === 'string') return toBytes(body);
  return body instanceof ArrayBuffer ? new Uint8Array(body) : body;
}

const sha256Hex = (data: string | Uint8Array): string => toHex(sha256(data));

/**
 * Signs a request with SDK-HMAC-SHA256 (Huawei Cloud / Open Telekom Cloud AK/SK authentication):
 * canonical request (method, canonical URI with a trailing `/`, sorted encoded query, sorted lowercase
 * signed headers, hex SHA-256 of the body), string to sign (`SDK-HMAC-SHA256`, `X-Sdk-Date`, hex
 * SHA-256 of the canonical request), HMAC-SHA256 keyed with the SK. Reproduces the official SDKs'
 * published vectors.
 * @example
 * const { authorization } = signRequest({
 *   method: 'GET',
 *   url: 'https://example.huaweicloud.com/path?limit=1',
 *   headers: { 'X-Sdk-Date': '20060102T150405Z' },
 *   accessKey: 'AccessKey',
 *   secretKey: 'SecretKey',
 * });
 * // 'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c...'
 */
export function signRequest(input: SignRequestInput): SignedRequest {
  if (typeof input.accessKey !== 'string' || input.accessKey.trim() === '') {
    throw new AuthConfigError('signRequest: accessKey must be a non-empty string', { method: 'aksk', missing: ['accessKey'] });
  }
  if (typeof input.secretKey !== 'string' || input.secretKey === '') {
    throw new AuthConfigError('signRequest: secretKey must be a non-empty string', { method: 'aksk', missing: ['secretKey'] });
  }
  const url = typeof input.url === 'string' ? new URL(input.url) : input.url;
  const headers = new Headers(input.headers);
  const added: Record<string, string> = {};
  let sdkDate = headers.get('x-sdk-date');
  if (sdkDate === null) {
    sdkDate = formatSdkDate(input.date ?? Date.now());
    headers.set('x-sdk-date', sdkDate);
    added['X-Sdk-Date'] = sdkDate;
  } else if (!SDK_DATE.test(sdkDate.trim())) {
    throw new AuthConfigError('signRequest: X-Sdk-Date must have the form YYYYMMDDTHHMMSSZ (UTC)');
  }
  sdkDate = sdkDate.trim();

  const wanted = input.signedHeaders === undefined ? undefined : new Set(input.signedHeaders.map((name) => name.toLowerCase()));
  const signed: [string, string][] = [];
  for (const [name, value] of headers) {
    if (name.includes('_')) continue;
    if (wanted !== undefined && !wanted.has(name) && name !== 'x-sdk-date') continue;
    signed.push([name, value.trim()]);
  }
  signed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = signed.map(([name]) => name).join(';');
  const payloadHash = headers.get('x-sdk-content-sha256') === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(bodyBytes(input.body));

  const canonical = (redact: boolean): string =>
    [
      input.method.toUpperCase(),
      canonicalUri(url.pathname),
      canonicalQuery(url.search),
      signed.map(([name, value]) => `${name}:${redact && SECRET_HEADERS.has(name) ? REDACTED : value}\n`).join(''),
      signedHeaders,
      payloadHash,
    ].join('\n');
  const stringToSign = `${SDK_SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical(false))}`;
  const canonicalRequest = canonical(true);
  const signature = toHex(hmacSha256(input.secretKey, stringToSign));
  const authorization = `${SDK_SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { headers: { ...added, Authorization: authorization }, authorization, signature, signedHeaders, sdkDate, canonicalRequest, stringToSign };
}

// Request authentication as the API gateway checks it, minus the cryptography.

/**
 * Why a request was refused, worded as the gateway completes its `APIG.0301` message, or `null`
 * when it is accepted.
 * @example
 * const verdict: AuthVerdict = 'x-auth-token not found';
 */
export type AuthVerdict = string | null;

const SIGNATURE = /^SDK-HMAC-SHA256\s+Access=[^\s,]+,\s*SignedHeaders=([A-Za-z0-9_;-]+),\s*Signature=[0-9a-fA-F]{64}$/;
const SDK_DATE = /^[0-9]{8}T[0-9]{6}Z$/;

function header(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Accepts a request carrying `X-Auth-Token` (any non-empty value, or one of `tokens` when given),
 * or a well-formed AK/SK signature: `Authorization: SDK-HMAC-SHA256 Access=..., SignedHeaders=...,
 * Signature=<64 hex>` whose signed headers include `x-sdk-date`, plus an `X-Sdk-Date` of the form
 * `YYYYMMDDTHHMMSSZ`. The signature itself is not verified.
 * @example
 * checkAuth({ 'x-auth-token': 'abc' }, undefined); // null (accepted)
 * checkAuth({}, undefined); // 'x-auth-token not found'
 */
export function checkAuth(headers: Readonly<Record<string, string | string[] | undefined>>, tokens: ReadonlySet<string> | undefined): AuthVerdict {
  const token = header(headers, 'x-auth-token');
  if (token !== undefined && token !== '') {
    return !tokens || tokens.has(token) ? null : 'decrypt token fail';
  }
  const authorization = header(headers, 'authorization');
  if (authorization === undefined || authorization === '') return 'x-auth-token not found';
  const match = SIGNATURE.exec(authorization.trim());
  const date = header(headers, 'x-sdk-date');
  if (!match || !date || !SDK_DATE.test(date) || !(match[1] ?? '').toLowerCase().split(';').includes('x-sdk-date')) {
    return 'verify aksk signature fail';
  }
  return null;
}

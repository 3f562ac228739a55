// A static IAM token as openapi-fetch middleware.
import type { Middleware } from 'openapi-fetch';
import { AuthConfigError } from './errors.js';
import { REDACTED, withRedactedView } from './redact.js';

/** Characters a header value may hold (visible ASCII, space, tab, obs-text): anything else would make fetch throw with the value in its message. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks a token before it goes into a header: a non-empty string (surrounding whitespace is
 * dropped) without control characters. The error names `what`, never the value.
 * @example const token = checkToken(process.env.OS_AUTH_TOKEN, 'OS_AUTH_TOKEN');
 */
export function checkToken(token: unknown, what: string): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AuthConfigError(`${what} must be a non-empty string`, { method: 'token', missing: [what] });
  }
  const trimmed = token.trim();
  if (!HEADER_VALUE.test(trimmed)) throw new AuthConfigError(`${what} holds characters a header cannot carry (control characters or line breaks)`, { method: 'token' });
  return trimmed;
}

/**
 * Middleware that sends a static IAM token as `X-Auth-Token` on every request (replacing one set
 * before). The service clients also accept `token` directly; this form fits `createJobs({ auth })` and
 * any openapi-fetch client. `util.inspect` / `JSON.stringify` show `[REDACTED]` for the token.
 * @example
 * const auth = createTokenAuth(process.env.OS_AUTH_TOKEN!);
 * const ecs = createEcsClient({ region: 'eu-de', cloud: 'otc', middleware: [auth] });
 */
export function createTokenAuth(token: string): Middleware {
  const value = checkToken(token, 'token');
  const middleware: Middleware = {
    onRequest({ request }) {
      request.headers.set('X-Auth-Token', value);
      return request;
    },
  };
  return withRedactedView(middleware, 'TokenAuth', () => ({ token: REDACTED }));
}

// A static IAM token as openapi-fetch middleware.
import type { Middleware } from 'openapi-fetch';
import { AuthConfigError } from './errors.js';
import { requireHeaderSafe } from './headerValue.js';
import { REDACTED, withRedactedView } from './redact.js';
import { registerSecret } from './secrets.js';

/**
 * Checks a token before it goes into a header: a non-empty string (surrounding whitespace is
 * dropped) without CR, LF, NUL, other control characters or characters outside Latin-1. The error
 * names `what`, never the value.
 * @example const token = checkToken(process.env.OS_AUTH_TOKEN, 'OS_AUTH_TOKEN');
 */
export function checkToken(token: unknown, what: string): string {
  if (typeof token !== 'string' || token.trim() === '') {
    throw new AuthConfigError(`${what} must be a non-empty string`, { method: 'token', missing: [what] });
  }
  return requireHeaderSafe(token.trim(), what, 'token');
}

/**
 * Middleware that sends a static IAM token as `X-Auth-Token` on every request (replacing one set
 * before). The service clients also accept `token` directly; this form fits `createJobs({ auth })` and
 * any openapi-fetch client. `util.inspect` / `JSON.stringify` show `[REDACTED]` for the token, and
 * it is registered (see `registerSecret`) so no error the library builds can show it.
 * @example
 * const auth = createTokenAuth(process.env.OS_AUTH_TOKEN!);
 * const ecs = createEcsClient({ region: 'eu-de', cloud: 'otc', middleware: [auth] });
 */
export function createTokenAuth(token: string): Middleware {
  const value = checkToken(token, 'token');
  registerSecret(value);
  const middleware: Middleware = {
    onRequest({ request }) {
      request.headers.set('X-Auth-Token', value);
      return request;
    },
  };
  return withRedactedView(middleware, 'TokenAuth', () => ({ token: REDACTED }));
}

// Credentials and IDs that end up in request headers are checked when they are configured: a value
// fetch cannot send would otherwise fail on every request, as a retried "network error" whose
// message (the runtime's) holds the value.
import { AuthConfigError, type AuthMethod } from './errors.js';

/** What a header value may hold: visible ASCII, space, tab and the rest of Latin-1 (obs-text). No CR, LF, NUL or other controls. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Whether `value` can be sent as an HTTP header value by fetch (and signed as the gateway reads it).
 * @example isHeaderSafe('abc') // true
 * @example isHeaderSafe('a\r\nX-Evil: 1') // false
 */
export function isHeaderSafe(value: string): boolean {
  return HEADER_VALUE.test(value);
}

/**
 * Throws {@link AuthConfigError} naming `what` (an option or an environment variable), never the
 * value, when `value` holds CR, LF, NUL, another control character or a character outside Latin-1.
 * @example requireHeaderSafe(options.securityToken, 'securityToken', 'aksk');
 */
export function requireHeaderSafe(value: string, what: string, method: AuthMethod): string {
  if (!isHeaderSafe(value)) {
    throw new AuthConfigError(`${what} holds characters a header cannot carry (CR, LF, NUL, another control character, or a character outside Latin-1)`, {
      method,
    });
  }
  return value;
}

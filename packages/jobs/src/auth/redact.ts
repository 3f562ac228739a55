// How objects that hold (or stand for) secrets show themselves: a summary without the secret, both
// to `util.inspect` (console.log) and to `JSON.stringify`.

import { redactSecrets, REDACTED } from './secrets.js';

export { REDACTED };

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

type InspectFn = (value: unknown, options?: unknown) => string;

/**
 * Gives `target` non-enumerable `toJSON` and `util.inspect.custom` methods that show `name` and the
 * summary `view()` returns instead of the object's own properties. The summary must hold no secret.
 * @example
 * const auth = withRedactedView({ onRequest }, 'TokenAuth', () => ({ token: REDACTED }));
 * util.inspect(auth); // "TokenAuth { token: '[REDACTED]' }"
 */
export function withRedactedView<T extends object>(target: T, name: string, view: () => Record<string, unknown>): T {
  Object.defineProperty(target, 'toJSON', { value: () => ({ type: name, ...view() }), enumerable: false, configurable: true });
  Object.defineProperty(target, INSPECT, {
    value: (_depth: number, options: unknown, inspect?: InspectFn) =>
      `${name} ${inspect ? inspect(view(), options) : JSON.stringify(view())}`,
    enumerable: false,
    configurable: true,
  });
  return target;
}

/**
 * Replaces each of `secrets` and every registered secret in `text` (e.g. an error message a server
 * sent back) by {@link REDACTED}, in every form (see `redactSecrets`). Secrets shorter than 4
 * characters are left alone (they would match too much).
 * @example scrub('bad password hunter22', ['hunter22']) // 'bad password [REDACTED]'
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  return redactSecrets(text, secrets);
}

/**
 * The first 4 characters of an identifier (an access key ID), enough to tell keys apart in logs.
 * @example maskId('QTWAOYTTINDUT2QVKYUC') // 'QTWA…'
 */
export function maskId(value: string): string {
  return value.length <= 4 ? '…' : `${value.slice(0, 4)}…`;
}

// How objects that hold (or stand for) secrets show themselves: a summary without the secret, both
// to `util.inspect` (console.log) and to `JSON.stringify`.

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * What a secret reads as wherever it would be shown.
 * @example JSON.stringify(createTokenAuth(token)) // '{"type":"TokenAuth","token":"[REDACTED]"}'
 */
export const REDACTED = '[REDACTED]';

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
 * Replaces every occurrence of each secret in `text` (e.g. an error message a server sent back)
 * by {@link REDACTED}. Secrets shorter than 4 characters are left alone (they would match too much).
 * @example scrub('bad password hunter22', ['hunter22']) // 'bad password [REDACTED]'
 */
export function scrub(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * The first 4 characters of an identifier (an access key ID), enough to tell keys apart in logs.
 * @example maskId('QTWAOYTTINDUT2QVKYUC') // 'QTWA…'
 */
export function maskId(value: string): string {
  return value.length <= 4 ? '…' : `${value.slice(0, 4)}…`;
}

// The process-wide set of secrets (tokens, passwords, secret keys, security tokens) and the one
// redactor that removes them from every text the library (and the CLI) shows. The set lives on
// globalThis under a registered symbol so that every copy of this code (a bundle may hold two
// versions of this package) adds to and reads the same set.

/**
 * What a secret reads as wherever it would be shown.
 * @example JSON.stringify(createTokenAuth(token)) // '{"type":"TokenAuth","token":"[REDACTED]"}'
 */
export const REDACTED = '[REDACTED]';

const SECRETS = Symbol.for('@cloud-jobs/secrets');
/** Shorter secrets would match ordinary text: they are never registered or replaced. */
const MIN_SECRET_LENGTH = 4;

function registry(): Set<string> {
  const holder = globalThis as { [SECRETS]?: unknown };
  const existing = holder[SECRETS];
  if (existing instanceof Set) return existing as Set<string>;
  const created = new Set<string>();
  holder[SECRETS] = created;
  return created;
}

/**
 * Adds a secret to the process-wide set that {@link redactSecrets} removes from every error message,
 * error body and carried job the library builds. `undefined`, non-strings and values shorter than 4
 * characters are ignored. The library registers every credential it is given; call this for secrets
 * of your own that a server might echo.
 * @example registerSecret(process.env.MY_PROXY_PASSWORD);
 */
export function registerSecret(value: string | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  registry().add(value);
}

/**
 * Removes a secret from the process-wide set (e.g. an IAM token two renewals old), so the set stays
 * bounded in a long-running process.
 * @example forgetSecret(oldToken);
 */
export function forgetSecret(value: string): void {
  registry().delete(value);
}

const hex = (code: number, width: number, upper: boolean): string => {
  const digits = code.toString(16).padStart(width, '0');
  return upper ? digits.toUpperCase() : digits;
};

/** `%xx` escapes with lower-case hex digits (some encoders write them so). */
const lowerPercent = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/** JSON escaping with every non-ASCII character as `\uXXXX` (Python's `ensure_ascii`, Java's Jackson option). */
function asciiJson(json: string, upper: boolean): string {
  return json.replace(/[^\x00-\x7f]/g, (char) => `\\u${hex(char.charCodeAt(0), 4, upper)}`);
}

function htmlEscaped(text: string, apostrophe: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, apostrophe);
}

/** Every form a secret can come back in from a server or a logger: raw, JSON-, URL- and HTML-escaped. */
function formsOf(secret: string): string[] {
  const forms = new Set<string>([secret, secret.replace(/\s+/g, ' ')]);
  const json = JSON.stringify(secret).slice(1, -1);
  forms.add(json);
  forms.add(json.replace(/\//g, '\\/'));
  forms.add(asciiJson(json, false));
  forms.add(asciiJson(json, true));
  let uri: string | undefined;
  try {
    uri = encodeURIComponent(secret);
  } catch {
    uri = undefined; // a lone surrogate: it cannot be percent-encoded, so it cannot come back so
  }
  if (uri !== undefined) {
    const rfc3986 = uri.replace(/[!'()*]/g, (char) => `%${hex(char.charCodeAt(0), 2, true)}`);
    const form = new URLSearchParams({ s: secret }).toString().slice(2);
    for (const encoded of [uri, uri.replace(/%20/g, '+'), rfc3986, rfc3986.replace(/%20/g, '+'), form]) {
      forms.add(encoded);
      forms.add(lowerPercent(encoded));
    }
  }
  forms.add(htmlEscaped(secret, '&#39;'));
  forms.add(htmlEscaped(secret, '&#x27;'));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

/** Cache of the forms of each secret: computing them is cheap, but errors can be many. */
const formCache = new Map<string, readonly string[]>();

function cachedForms(secret: string): readonly string[] {
  let forms = formCache.get(secret);
  if (forms === undefined) {
    forms = formsOf(secret);
    if (formCache.size > 256) formCache.clear();
    formCache.set(secret, forms);
  }
  return forms;
}

/** Every form of every registered secret and of `extra`, longest first (so a longer secret wins over its substring). */
function allForms(extra: readonly (string | undefined)[] | undefined): string[] {
  const forms = new Set<string>();
  const add = (secret: unknown): void => {
    if (typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH) for (const form of cachedForms(secret)) forms.add(form);
  };
  for (const secret of registry()) add(secret);
  if (extra !== undefined) for (const secret of extra) add(secret);
  return [...forms].sort((a, b) => b.length - a.length);
}

function replaceForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

/**
 * Replaces every registered secret (see {@link registerSecret}) and every secret of `extra` in
 * `text` by `[REDACTED]`, in each form it can come back in: verbatim, JSON-escaped (also with
 * `\uXXXX` for non-ASCII and `\/`), percent-encoded (`%20` or `+` for spaces, upper- or lower-case
 * hex), HTML-escaped, and with its white space collapsed. Secrets shorter than 4 characters are
 * ignored. Run it on raw text, before collapsing white space or cutting it.
 * @example
 * registerSecret('hunter2 "x"');
 * redactSecrets('{"password":"hunter2 \\"x\\""}') // '{"password":"[REDACTED]"}'
 */
export function redactSecrets(text: string, extra?: readonly (string | undefined)[]): string {
  if (typeof text !== 'string' || text.length < MIN_SECRET_LENGTH) return text;
  const forms = allForms(extra);
  return forms.length === 0 ? text : replaceForms(text, forms);
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/** Whether any string in `value` (walked without recursion: payloads may nest 10,000 levels) holds a form. */
function holdsAny(value: unknown, forms: readonly string[]): boolean {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const at = stack.pop();
    if (typeof at === 'string') {
      if (forms.some((form) => at.includes(form))) return true;
    } else if (typeof at === 'object' && at !== null && !seen.has(at) && (Array.isArray(at) || isPlainObject(at))) {
      seen.add(at);
      for (const key of Object.keys(at)) {
        if (forms.some((form) => key.includes(form))) return true;
        stack.push((at as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}

/** A redacted copy of arrays and plain objects (other objects, such as Dates, are kept as they are). */
function copyRedacted(value: unknown, forms: readonly string[]): unknown {
  const copies = new Map<object, unknown>();
  const redactValue = (at: unknown): unknown => {
    if (typeof at === 'string') return replaceForms(at, forms);
    if (typeof at !== 'object' || at === null || !(Array.isArray(at) || isPlainObject(at))) return at;
    return copies.get(at) ?? enqueue(at);
  };
  const queue: [source: object, target: Record<string, unknown> | unknown[]][] = [];
  const enqueue = (source: object): unknown => {
    const target: Record<string, unknown> | unknown[] = Array.isArray(source) ? [] : Object.create(Object.getPrototypeOf(source) as object | null);
    copies.set(source, target);
    queue.push([source, target]);
    return target;
  };
  const root = redactValue(value);
  while (queue.length > 0) {
    const [source, target] = queue.pop()!;
    for (const key of Object.keys(source)) {
      const child = redactValue((source as Record<string, unknown>)[key]);
      (target as Record<string, unknown>)[replaceForms(key, forms)] = child;
    }
  }
  return root;
}

/**
 * A copy of a JSON-like value (objects, arrays, strings, numbers...) with every string, keys
 * included, passed through {@link redactSecrets}. When no string holds a secret the value itself is
 * returned; objects that are not plain (Dates, class instances) are kept as they are.
 * @example
 * registerSecret(token);
 * redactDeep({ fail_reason: `token ${token} expired` }) // { fail_reason: 'token [REDACTED] expired' }
 */
export function redactDeep<T>(value: T, extra?: readonly (string | undefined)[]): T {
  const forms = allForms(extra);
  if (forms.length === 0 || !holdsAny(value, forms)) return value;
  return copyRedacted(value, forms) as T;
}

/**
 * Cuts redacted text to `max` characters (an ellipsis marks the cut) and drops a tail that is the
 * start (4 or more characters) of a secret, so neither the cut nor a server that truncated its own
 * echo leaves a secret's prefix behind. `text` is redacted first; collapse white space before
 * calling (on text already redacted) if wanted.
 * @example clipRedacted(longGatewayPage, 300)
 */
export function clipRedacted(text: string, max: number, extra?: readonly (string | undefined)[]): string {
  let out = redactSecrets(text, extra);
  let cut = false;
  if (out.length > max) {
    out = out.slice(0, Math.max(0, max - 1));
    cut = true;
  }
  const forms = allForms(extra);
  let longest = 0;
  for (const form of forms) {
    for (let length = Math.min(form.length - 1, out.length); length >= MIN_SECRET_LENGTH && length > longest; length--) {
      if (out.endsWith(form.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  if (longest > 0) {
    out = `${out.slice(0, out.length - longest)}${REDACTED}`;
    cut = false; // the marker already says something was left out
  }
  return cut ? `${out}…` : out;
}

/**
 * A copy of an error (and of its `cause` chain) whose message and stack hold no secret, or the
 * error itself when they hold none. Other values are returned as they are (strings redacted).
 * @example new ApiError({ ..., cause: redactCause(networkError) })
 */
export function redactCause(cause: unknown, depth = 0): unknown {
  if (typeof cause === 'string') return redactSecrets(cause);
  if (!(cause instanceof Error) || depth > 8) return cause;
  const message = redactSecrets(cause.message);
  const stack = cause.stack === undefined ? undefined : redactSecrets(cause.stack);
  const inner = 'cause' in cause ? redactCause(cause.cause, depth + 1) : undefined;
  if (message === cause.message && stack === cause.stack && inner === cause.cause) return cause;
  const copy = new Error(message, 'cause' in cause ? { cause: inner } : undefined);
  Object.defineProperty(copy, 'name', { value: cause.name, enumerable: false, configurable: true, writable: true });
  if (stack !== undefined) copy.stack = stack;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') (copy as { code?: unknown }).code = code;
  return copy;
}

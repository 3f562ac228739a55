// Turning an HTTP error answer (any service, its API gateway, or an HTML page in front of it)
// into an ApiError, as the official Go SDK reads error bodies.
import { clipRedacted, redactDeep, redactSecrets } from '../auth/secrets.js';
import { ApiError } from '../errors.js';
import { asciiLower } from './asciiCase.js';
import { errorKindOf, type ErrorCodeLists } from './errorKind.js';
import { parseRetryAfterMs } from './parseRetryAfterMs.js';
import { isPayloadRecord, textOf, type PayloadRecord } from './payloadFields.js';

/**
 * Response headers: a fetch `Headers` (anything with `get`), or a plain name -> value object
 * (names matched case-insensitively).
 * @example const headers: ResponseHeaders = { 'retry-after': '2', 'X-Request-Id': 'abc' };
 */
export type ResponseHeaders =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Longest message taken from a text or HTML body. */
const MAX_TEXT_MESSAGE = 300;

/** How deep nested error objects are searched. */
const MAX_NESTING = 4;

interface ExtractedError {
  code?: string;
  message?: string;
  requestId?: string;
}

function hasGetter(headers: ResponseHeaders): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === 'function';
}

function header(headers: ResponseHeaders | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (hasGetter(headers)) {
    try {
      return headers.get(name) ?? undefined;
    } catch {
      return undefined;
    }
  }
  const wanted = asciiLower(name);
  for (const [key, value] of Object.entries(headers)) {
    if (asciiLower(key) !== wanted) continue;
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
  }
  return undefined;
}

/**
 * Collapses white space and cuts `text` to {@link MAX_TEXT_MESSAGE} characters. Secrets are
 * redacted first: collapsing a double space or cutting mid-secret would let one (or its start) through.
 */
function shorten(text: string): string {
  return clipRedacted(redactSecrets(text).replace(/\s+/g, ' ').trim(), MAX_TEXT_MESSAGE);
}

/** The message of a text body: an HTML page's `<title>` (else its text without tags), or the text. */
function messageOfText(text: string): string {
  if (/^\s*</.test(text) || /<(html|body|head)\b/i.test(text)) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    const fromTitle = title === undefined ? '' : shorten(title);
    if (fromTitle !== '') return fromTitle;
    const stripped = shorten(text.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '));
    if (stripped !== '') return stripped;
  }
  return shorten(text);
}

/** The Go SDK's rule: `error_code` + `error_msg`, else `code` + `message`, else nested objects. */
function extractPair(body: PayloadRecord, depth: number): ExtractedError | undefined {
  const errorCode = textOf(body['error_code']);
  const errorMessage = textOf(body['error_msg']) ?? textOf(body['error_message']);
  if (errorCode !== undefined && errorMessage !== undefined) return { code: errorCode, message: errorMessage, ...requestIdOf(body) };
  const code = textOf(body['code']);
  const message = textOf(body['message']);
  if (code !== undefined && message !== undefined) return { code, message, ...requestIdOf(body) };
  if (depth >= MAX_NESTING) return undefined;
  const nested = Object.keys(body).sort((a, b) => Number(b === 'error') - Number(a === 'error'));
  for (const key of nested) {
    const value = body[key];
    if (!isPayloadRecord(value)) continue;
    const found = extractPair(value, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** What is left when no complete pair exists: any code, any message, at the top or in `error`. */
function extractPartial(body: PayloadRecord): ExtractedError {
  const inner = isPayloadRecord(body['error']) ? body['error'] : {};
  const code = textOf(body['error_code']) ?? textOf(body['code']) ?? textOf(inner['code']);
  const message =
    textOf(body['error_msg']) ??
    textOf(body['error_message']) ??
    textOf(body['message']) ??
    textOf(inner['message']) ??
    (typeof body['error'] === 'string' ? textOf(body['error']) : undefined) ??
    textOf(body['error_description']);
  return { ...(code === undefined ? {} : { code }), ...(message === undefined ? {} : { message }) };
}

function requestIdOf(body: PayloadRecord): { requestId?: string } {
  const id = textOf(body['request_id']);
  return id === undefined ? {} : { requestId: id };
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * Turns an HTTP error answer into an {@link ApiError}, reading the body the way the official Go SDK
 * does, so every service and the API gateway in front of them give the same error:
 * 1. top-level `error_code` + `error_msg` (or ServiceStage's `error_message`), both non-empty;
 * 2. else `code` + `message` (ECS job-query errors);
 * 3. else the same search in nested objects, `error` first (ECS `{"error":{"code","message"}}`);
 * 4. else whatever code and message exist; else the body itself, as compact text.
 *
 * `body` may be parsed JSON or text: JSON text is parsed; an HTML page (a load balancer's
 * "502 Bad Gateway") or other text gives its title or text, trimmed, white space collapsed and
 * cut to 300 characters. Every registered secret (see `registerSecret`) is redacted from the body
 * and the message before anything is collapsed or cut. The request ID comes from the `X-Request-Id`
 * header, else the body's
 * `request_id`; `Retry-After` (seconds or an HTTP date) becomes `retryAfterMs`. The body is kept,
 * parsed when it was JSON. With a service's `codes`, the error's `kind` says what its code means
 * (`not-found`, `throttled`). Never throws.
 * @example
 * errorFromBody('dcs', 400, { error_code: '111400063', error_msg: 'Invalid {0} parameter in the request.' });
 * // ApiError { status: 400, code: '111400063', message: 'dcs: HTTP 400 111400063: Invalid {0} parameter in the request.' }
 * @example
 * errorFromBody('ecs', 429, '', new Headers({ 'Retry-After': '2' })).retryAfterMs // 2000
 */
export function errorFromBody(service: string, status: number, body: unknown, headers?: ResponseHeaders, codes?: ErrorCodeLists): ApiError {
  // Every registered secret goes first, from the raw text (its JSON-escaped forms) and from the parsed value.
  const text = typeof body === 'string' ? redactSecrets(body) : body;
  let parsed: unknown = text;
  if (typeof text === 'string' && /^\s*[[{"]/.test(text)) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = text;
    }
  }
  parsed = redactDeep(parsed);
  let found: ExtractedError;
  if (isPayloadRecord(parsed)) {
    found = extractPair(parsed, 0) ?? extractPartial(parsed);
    if (found.message === undefined) found.message = found.code ?? shorten(stringify(parsed));
  } else if (typeof parsed === 'string') {
    found = { message: messageOfText(parsed) };
  } else if (parsed === undefined || parsed === null) {
    found = {};
  } else {
    found = { message: shorten(stringify(parsed)) };
  }
  const requestId = header(headers, 'X-Request-Id')?.trim() || found.requestId || (isPayloadRecord(parsed) ? textOf(parsed['request_id']) : undefined);
  const retryAfter = parseRetryAfterMs(header(headers, 'Retry-After'));
  const kind = errorKindOf(codes, found.code);
  return new ApiError({
    service,
    status,
    message: found.message || 'the service answered without an error body',
    ...(found.code === undefined ? {} : { code: found.code }),
    ...(requestId ? { requestId } : {}),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
    ...(parsed === undefined ? {} : { body: parsed }),
    ...(kind === undefined ? {} : { kind }),
  });
}

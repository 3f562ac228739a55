// Source of truth: scripts/templates/runtime.ts. `scripts/generate.mjs` copies it into every
// service package's src/generated/, so each package ships it without a runtime dependency.
import createClient, { createQuerySerializer, defaultPathSerializer, type Client, type Middleware } from 'openapi-fetch';

/** The two clouds these services run on. */
export type Cloud = 'huaweicloud' | 'otc';

/** One endpoint of a service, derived from its spec's `servers`. */
export interface Endpoint {
  readonly cloud: Cloud;
  readonly region: string;
  readonly url: string;
}

/** Options shared by every `create<Service>Client`. */
export interface ServiceClientOptions {
  /** Full base URL, e.g. `https://ecs.eu-de.otc.t-systems.com`; wins over `region`/`cloud`. Must be https, or http on a loopback host. */
  baseUrl?: string;
  /** Region ID such as `eu-de` or `ap-southeast-1`; with `cloud`, selects the endpoint from the spec's server list. */
  region?: string;
  /** Which cloud `region` belongs to. Default `'huaweicloud'`. */
  cloud?: Cloud;
  /** IAM token, sent as `X-Auth-Token`. Never logged, never part of an error. */
  token?: string;
  /** Custom fetch, e.g. a retrying one; receives a `Request` (with `redirect: 'manual'`). Default `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. Values must be Latin-1 without control characters (tab is fine). */
  headers?: Record<string, string>;
  /** openapi-fetch middleware, run in order on every request (auth signing, logging...). */
  middleware?: readonly Middleware[];
  /** Budget of one request, headers and body together (redirect hops included), ms. Default 30 000; `Infinity` for none. */
  requestTimeoutMs?: number;
  /** Largest response body read, success or error, in bytes. Default 8 MiB. */
  maxResponseBytes?: number;
}

/**
 * The defaults of every client: a request gets 30 s for headers and body (a hung or trickling
 * server fails instead of hanging), a body at most 8 MiB (a job is a few KiB), at most 5
 * same-origin redirect hops.
 * @example CLIENT_DEFAULTS.maxResponseBytes // 8388608
 */
export const CLIENT_DEFAULTS = Object.freeze({ requestTimeoutMs: 30_000, maxResponseBytes: 8 * 1024 * 1024, maxRedirects: 5 });

/** Thrown for a client option that cannot work; names the option, never its secret value. */
export class ClientConfigError extends Error {
  override readonly name = 'ClientConfigError';
  /** The option that is wrong, e.g. `region` or `baseUrl`. */
  readonly option: string;
  constructor(option: string, message: string) {
    super(message);
    this.option = option;
  }
  /** Every service package ships its own copy of this class: `instanceof` accepts any of them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ClientConfigError' && typeof (value as { option?: unknown }).option === 'string';
  }
}

/** Thrown when a path parameter would change which URL is called (empty, `.` or `..`). */
export class InvalidPathParameterError extends Error {
  override readonly name = 'InvalidPathParameterError';
  /** The path parameter, e.g. `job_id`. */
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(message);
    this.parameter = parameter;
  }
  /** Every service package ships its own copy of this class: `instanceof` accepts any of them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'InvalidPathParameterError' && typeof (value as { parameter?: unknown }).parameter === 'string';
  }
}

/** Thrown for a 3xx the client does not follow: it names the status and the target origin, never the full Location. */
export class RedirectRefusedError extends Error {
  override readonly name = 'RedirectRefusedError';
  readonly status: number;
  /** Scheme, host and port the server redirected to (`''` without a usable Location). */
  readonly targetOrigin: string;
  /** The origin of the configured base URL, the only one credentials are sent to. */
  readonly configuredOrigin: string;
  constructor(status: number, targetOrigin: string, configuredOrigin: string, why: string) {
    super(`refused the HTTP ${status} redirect${targetOrigin ? ` to ${targetOrigin}` : ''}: ${why}`);
    this.status = status;
    this.targetOrigin = targetOrigin;
    this.configuredOrigin = configuredOrigin;
  }
  /** Every service package ships its own copy of this class: `instanceof` accepts any of them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'RedirectRefusedError' && typeof (value as { targetOrigin?: unknown }).targetOrigin === 'string';
  }
}

/** Thrown when a response body (success or error) is larger than `maxResponseBytes`; the connection is closed. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`the response body is larger than maxResponseBytes (${limitBytes} bytes)`);
    this.limitBytes = limitBytes;
  }
  /** Every service package ships its own copy of this class: `instanceof` accepts any of them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'ResponseTooLargeError' && typeof (value as { limitBytes?: unknown }).limitBytes === 'number';
  }
}

/** Thrown when no complete answer (headers and body) came within `requestTimeoutMs`; the connection is closed. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no complete answer within requestTimeoutMs (${timeoutMs} ms)`);
    this.timeoutMs = timeoutMs;
  }
  /** Every service package ships its own copy of this class: `instanceof` accepts any of them. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof Error && value.name === 'RequestTimeoutError' && typeof (value as { timeoutMs?: unknown }).timeoutMs === 'number';
  }
}

/** A string that is not well-formed UTF-16 (a lone surrogate) cannot be percent-encoded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkWellFormed(parameter: string, value: unknown, where: 'path' | 'query'): void {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw new InvalidPathParameterError(parameter, `${where} parameter ${parameter} is not well-formed Unicode (it holds a lone surrogate)`);
  }
  if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) checkWellFormed(parameter, item, where);
}

/**
 * openapi-fetch's path serializer (every value percent-encoded), refusing values that would
 * still move the request elsewhere: an empty value drops a segment, and `.`/`..` (also as
 * `%2E`) are dot segments that URL parsing removes; and values that cannot be encoded (a lone surrogate).
 */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(pathParams)) {
    if (!pathname.includes(`{${name}}`)) continue;
    checkWellFormed(name, value, 'path');
    const text = value === undefined || value === null ? '' : String(value);
    if (text === '' || /^(?:\.|%2e){1,2}$/i.test(text)) {
      throw new InvalidPathParameterError(name, `path parameter ${name} must not be empty, "." or ".."`);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}

const defaultQuerySerializer = createQuerySerializer();

/** openapi-fetch's query serializer, refusing a value that cannot be encoded (a lone surrogate) with a typed error. */
export function safeQuerySerializer(query: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(query)) checkWellFormed(name, value, 'query');
  return defaultQuerySerializer(query);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True for hosts whose traffic never leaves the machine: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname) || hostname.endsWith('.localhost');
}

/**
 * Checks a base URL: https anywhere, plain http only to a loopback host. Returns it without a trailing slash.
 * @example assertSafeBaseUrl('http://127.0.0.1:4010') // 'http://127.0.0.1:4010'
 */
export function assertSafeBaseUrl(baseUrl: string, option = 'baseUrl'): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ClientConfigError(option, `${option} is not a valid URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.username || url.password) {
    throw new ClientConfigError(option, `${option} must not carry credentials in the URL`);
  }
  if (url.protocol === 'https:') return baseUrl.replace(/\/+$/, '');
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return baseUrl.replace(/\/+$/, '');
  throw new ClientConfigError(
    option,
    `${option} must use https (plain http is allowed only for loopback hosts), got ${url.protocol}//${url.host}`,
  );
}

/**
 * Picks the endpoint of `region` on `cloud` from a service's endpoint list.
 * @example resolveEndpoint('ecs', endpoints, 'eu-de', 'otc') // 'https://ecs.eu-de.otc.t-systems.com'
 */
export function resolveEndpoint(service: string, endpoints: readonly Endpoint[], region: string, cloud: Cloud = 'huaweicloud'): string {
  if (cloud !== 'huaweicloud' && cloud !== 'otc') {
    throw new ClientConfigError('cloud', `unknown cloud ${JSON.stringify(cloud)}; known clouds: huaweicloud, otc`);
  }
  const match = endpoints.find((e) => e.cloud === cloud && e.region === region);
  if (match) return match.url;
  const known = endpoints.filter((e) => e.cloud === cloud).map((e) => e.region);
  if (known.length === 0) {
    throw new ClientConfigError('cloud', `${service} has no known endpoint on ${cloud}; pass baseUrl`);
  }
  throw new ClientConfigError(
    'region',
    `unknown ${cloud} region ${JSON.stringify(region)} for ${service}; known regions: ${known.join(', ')} (or pass baseUrl)`,
  );
}

/** Builds the base URL from `baseUrl`, or `region` + `cloud`. */
export function resolveBaseUrl(service: string, endpoints: readonly Endpoint[], options: ServiceClientOptions): string {
  if (options.baseUrl !== undefined) return assertSafeBaseUrl(options.baseUrl);
  if (options.region !== undefined) return resolveEndpoint(service, endpoints, options.region, options.cloud);
  throw new ClientConfigError('region', `${service} client needs baseUrl, or region (and cloud)`);
}

/** A header value goes on the wire as Latin-1 bytes: tab, printable ASCII and U+0080-U+00FF only. */
const BAD_HEADER_VALUE = /[^\t\x20-\x7E\x80-\xFF]/;
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Headers whose value is a credential, registered as a secret like `token`. */
const CREDENTIAL_HEADER = /^(?:x-auth-token|authorization|x-security-token)$/i;

/** Refuses a header value that cannot be sent (CR, LF, NUL, other controls, above U+00FF); names the option, never the value. */
function checkHeaderValue(option: string, value: unknown): string {
  if (typeof value !== 'string') throw new ClientConfigError(option, `${option} must be a string`);
  if (BAD_HEADER_VALUE.test(value)) {
    throw new ClientConfigError(option, `${option} holds a character a header cannot carry (a control character, or one above U+00FF)`);
  }
  return value;
}

function checkLimit(option: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 1) || (value > max && value !== Infinity) || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new ClientConfigError(option, `${option} must be a whole number from 1 to ${max}, or Infinity; got ${String(value)}`);
  }
  return value;
}

/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2_147_483_647;

/** Contract A of the monorepo: one process-wide set of secrets that every error message is scrubbed of. */
const SECRETS = Symbol.for('@cloud-jobs/secrets');

function registerSecret(value: string): void {
  const registry = globalThis as { [SECRETS]?: Set<string> };
  (registry[SECRETS] ??= new Set()).add(value);
}

/** Where {@link withRequestTimeout} leaves a request's own budget (shared by every package's copy). */
const REQUEST_TIMEOUT = Symbol.for('@cloud-jobs/requestTimeoutMs');

/**
 * Middleware for one call that replaces the client's `requestTimeoutMs` (larger or smaller).
 * @example await client.GET(path, { params, middleware: [withRequestTimeout(5_000)] });
 */
export function withRequestTimeout(requestTimeoutMs: number): Middleware {
  const budget = checkLimit('requestTimeoutMs', requestTimeoutMs, CLIENT_DEFAULTS.requestTimeoutMs, MAX_TIMER_MS);
  return {
    onRequest({ request }) {
      (request as Request & { [REQUEST_TIMEOUT]?: number })[REQUEST_TIMEOUT] = budget;
    },
  };
}

interface FetchLimits {
  fetch: ((input: Request) => Promise<Response>) | undefined;
  origin: string;
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * Sends `request` with `redirect: 'manual'` and follows a 3xx only within `origin` and only for
 * GET/HEAD: the same headers are sent again, and since an AK/SK signature covers the path a gateway
 * may refuse the redirected request; a hop to any other origin would hand it the credentials.
 */
async function sendFollowingRedirects(send: (input: Request) => Promise<Response>, request: Request, signal: AbortSignal, origin: string): Promise<Response> {
  let current = new Request(request, { signal, redirect: 'manual' });
  for (let hops = 0; ; hops += 1) {
    const response = await send(current);
    // A custom fetch that followed a redirect itself: its answer comes from elsewhere, not trusted.
    const answeredBy = response.url ? new URL(response.url).origin : origin;
    if (answeredBy !== origin) {
      response.body?.cancel().catch(() => undefined);
      throw new RedirectRefusedError(response.status, answeredBy, origin, 'the fetch followed a redirect to another origin');
    }
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    response.body?.cancel().catch(() => undefined);
    let target: URL | undefined;
    try {
      target = new URL(response.headers.get('location') ?? '', current.url);
    } catch {
      target = undefined;
    }
    const status = response.status;
    if (!response.headers.has('location') || target === undefined) throw new RedirectRefusedError(status, '', origin, 'no valid Location header');
    if (target.origin !== origin) throw new RedirectRefusedError(status, target.origin, origin, `credentials are sent only to ${origin}`);
    if (target.username || target.password) throw new RedirectRefusedError(status, target.origin, origin, 'the Location carries credentials');
    if (current.method !== 'GET' && current.method !== 'HEAD') throw new RedirectRefusedError(status, target.origin, origin, `a ${current.method} request is never redirected`);
    if (hops >= CLIENT_DEFAULTS.maxRedirects) throw new RedirectRefusedError(status, target.origin, origin, `more than ${CLIENT_DEFAULTS.maxRedirects} redirects`);
    current = new Request(target, { method: current.method, headers: current.headers, signal, redirect: 'manual' });
  }
}

/** One request's lifetime: the connection's abort, the timer, and why it ended. */
interface Exchange {
  /** Closes the connection (and fails the body) with `reason`. */
  abort(reason: unknown): void;
  /** The request is over: clears the timer and the caller's listener. */
  finish(): void;
  /** What to report for `error`: after an abort, its reason (our timeout, the cap, the caller's). */
  failure(error: unknown): unknown;
}

/**
 * The body of `response`, read through a byte counter: above `maxBytes` the stream fails with
 * {@link ResponseTooLargeError} and the connection is closed, so memory stays near the cap.
 */
function limitBody(response: Response, maxBytes: number, exchange: Exchange): Response {
  const declared = Number(response.headers.get('content-length') ?? '');
  if (declared > maxBytes) throw new ResponseTooLargeError(maxBytes);
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) {
    exchange.finish();
    return response;
  }
  const reader = response.body.getReader();
  let total = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(stream) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          exchange.finish();
          throw exchange.failure(error);
        }
        if (chunk.done) {
          exchange.finish();
          stream.close();
          return;
        }
        total += chunk.value.byteLength;
        if (total > maxBytes) {
          const error = new ResponseTooLargeError(maxBytes);
          exchange.abort(error);
          exchange.finish();
          throw error;
        }
        stream.enqueue(chunk.value);
      },
      cancel(reason) {
        exchange.finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const limited = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(limited, 'url', { value: response.url });
  return limited;
}

/**
 * The fetch every client hands openapi-fetch: the caller's `fetch` (or `globalThis.fetch`) with
 * the redirect policy, the time budget (headers and body together) and the body cap. The caller's
 * own signal still aborts, with its reason.
 */
function createLimitedFetch(limits: FetchLimits): (request: Request) => Promise<Response> {
  return async (request) => {
    const timeoutMs = (request as Request & { [REQUEST_TIMEOUT]?: number })[REQUEST_TIMEOUT] ?? limits.requestTimeoutMs;
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort(request.signal.reason);
    if (request.signal.aborted) onCallerAbort();
    else request.signal.addEventListener('abort', onCallerAbort, { once: true });
    const timer = Number.isFinite(timeoutMs) ? setTimeout(() => controller.abort(new RequestTimeoutError(timeoutMs)), timeoutMs) : undefined;
    timer?.unref?.(); // an open socket keeps the process alive; the timer alone need not
    const exchange: Exchange = {
      abort: (reason) => controller.abort(reason),
      finish: () => {
        clearTimeout(timer);
        request.signal.removeEventListener('abort', onCallerAbort);
      },
      failure: (error) => (controller.signal.aborted ? controller.signal.reason : error),
    };
    try {
      const response = await sendFollowingRedirects(limits.fetch ?? globalThis.fetch, request, controller.signal, limits.origin);
      return limitBody(response, limits.maxResponseBytes, exchange);
    } catch (error) {
      // A refused redirect or a too-large body: close the connection, nothing more is read.
      if (!controller.signal.aborted) controller.abort(error);
      exchange.finish();
      throw exchange.failure(error);
    }
  };
}

/**
 * Creates an openapi-fetch client for one service: resolves the endpoint, checks and sets the token
 * and headers, installs middleware, and sends every request through the redirect policy, the time
 * budget and the body cap.
 */
export function createServiceClient<Paths extends {}>(
  service: string,
  endpoints: readonly Endpoint[],
  options: ServiceClientOptions,
): Client<Paths, 'application/json'> {
  const baseUrl = resolveBaseUrl(service, endpoints, options);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!HEADER_NAME.test(name)) throw new ClientConfigError('headers', `headers: ${JSON.stringify(name)} is not a valid header name`);
    headers[name] = checkHeaderValue(`headers.${name}`, value);
    if (CREDENTIAL_HEADER.test(name)) registerSecret(value);
  }
  if (options.token !== undefined) {
    if (options.token === '') throw new ClientConfigError('token', 'token must not be empty');
    headers['X-Auth-Token'] = checkHeaderValue('token', options.token);
    registerSecret(options.token);
  }
  const fetch = createLimitedFetch({
    fetch: options.fetch,
    origin: new URL(baseUrl).origin,
    requestTimeoutMs: checkLimit('requestTimeoutMs', options.requestTimeoutMs, CLIENT_DEFAULTS.requestTimeoutMs, MAX_TIMER_MS),
    maxResponseBytes: checkLimit('maxResponseBytes', options.maxResponseBytes, CLIENT_DEFAULTS.maxResponseBytes, Number.MAX_SAFE_INTEGER),
  });
  const client = createClient<Paths>({ baseUrl, headers, fetch, pathSerializer: safePathSerializer, querySerializer: safeQuerySerializer });
  if (options.middleware && options.middleware.length > 0) client.use(...options.middleware);
  return client;
}

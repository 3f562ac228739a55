// Builds one service's openapi-fetch client: the endpoint, the checked token and headers, the
// middleware, and every request through the limited fetch.
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { ClientConfigError } from '../errors/config.js';
import { registerSecret } from '../secrets.js';
import { CLIENT_DEFAULTS } from './defaults.js';
import { resolveBaseUrl, type Cloud, type Endpoint } from './endpoints.js';
import { checkLimit, createLimitedFetch, limitedRequestClass, MAX_TIMER_MS } from './limitedFetch.js';
import { safePathSerializer, safeQuerySerializer } from './serializers.js';

/**
 * Options shared by every `create<Service>Client`.
 * @example const options: ServiceClientOptions = { region: 'eu-de', cloud: 'otc', token, requestTimeoutMs: 10_000 };
 */
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
  /**
   * Awaited before each request goes out, outside its `requestTimeoutMs` (the signal aborts with
   * the request): e.g. a rate limiter's `acquire`, so a rate holds where requests leave and a
   * request waiting for its turn is not timed out for it.
   */
  admit?: (signal: AbortSignal) => Promise<void>;
}

/** Headers the services' pages and the official SDKs send on every request, GET included (a caller's own value wins). */
const DOCUMENTED_HEADERS: Readonly<Record<string, string>> = { 'Content-Type': 'application/json' };

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

/**
 * Creates an openapi-fetch client for one service: resolves the endpoint, checks and sets the token
 * and headers, installs middleware, and sends every request through the redirect policy, the time
 * budget and the body cap. A generated `create<Service>Client` calls it with its spec's paths and endpoints.
 * @example
 * const client = createServiceClient<paths>('svc', endpoints, { baseUrl: 'http://127.0.0.1:4010', token });
 * const { data, error, response } = await client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id, job_id } } });
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
  if (options.admit !== undefined && typeof options.admit !== 'function') throw new ClientConfigError('admit', 'admit must be a function');
  const limitedFetch = createLimitedFetch({
    fetch: options.fetch,
    admit: options.admit,
    origin: new URL(baseUrl).origin,
    requestTimeoutMs: checkLimit('requestTimeoutMs', options.requestTimeoutMs, CLIENT_DEFAULTS.requestTimeoutMs, MAX_TIMER_MS),
    maxResponseBytes: checkLimit('maxResponseBytes', options.maxResponseBytes, CLIENT_DEFAULTS.maxResponseBytes, Number.MAX_SAFE_INTEGER),
  });
  // Added after the middleware ran, so AK/SK signing leaves it unsigned, as the official SDKs do.
  const fetch = (request: Request): Promise<Response> => {
    for (const [name, value] of Object.entries(DOCUMENTED_HEADERS)) if (!request.headers.has(name)) request.headers.set(name, value);
    return limitedFetch(request);
  };
  const client = createClient<Paths>({ baseUrl, headers, fetch, Request: limitedRequestClass(), pathSerializer: safePathSerializer, querySerializer: safeQuerySerializer });
  if (options.middleware && options.middleware.length > 0) client.use(...options.middleware);
  return client;
}

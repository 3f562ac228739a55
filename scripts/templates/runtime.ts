// Source of truth: scripts/templates/runtime.ts. `scripts/generate.mjs` copies it into every
// service package's src/generated/, so each package ships it without a runtime dependency.
import createClient, { defaultPathSerializer, type Client, type ClientOptions, type Middleware } from 'openapi-fetch';

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
  /** Custom fetch, e.g. a retrying one; receives a `Request`. Default `globalThis.fetch`. */
  fetch?: (input: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** openapi-fetch middleware, run in order on every request (auth signing, logging...). */
  middleware?: readonly Middleware[];
}

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

/**
 * openapi-fetch's path serializer (every value percent-encoded), refusing values that would
 * still move the request elsewhere: an empty value drops a segment, and `.`/`..` (also as
 * `%2E`) are dot segments that URL parsing removes.
 */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(pathParams)) {
    if (!pathname.includes(`{${name}}`)) continue;
    const text = value === undefined || value === null ? '' : String(value);
    if (text === '' || /^(?:\.|%2e){1,2}$/i.test(text)) {
      throw new InvalidPathParameterError(name, `path parameter ${name} must not be empty, "." or ".."`);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
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

/** Creates an openapi-fetch client for one service: resolves the endpoint, sets the token, installs middleware. */
export function createServiceClient<Paths extends {}>(
  service: string,
  endpoints: readonly Endpoint[],
  options: ServiceClientOptions,
): Client<Paths, 'application/json'> {
  const baseUrl = resolveBaseUrl(service, endpoints, options);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) {
    if (options.token === '') throw new ClientConfigError('token', 'token must not be empty');
    headers['X-Auth-Token'] = options.token;
  }
  const clientOptions: ClientOptions = { baseUrl, headers, pathSerializer: safePathSerializer };
  if (options.fetch) clientOptions.fetch = options.fetch;
  const client = createClient<Paths>(clientOptions);
  if (options.middleware && options.middleware.length > 0) client.use(...options.middleware);
  return client;
}

// Where a client sends its requests: an endpoint of the service's catalog, or a base URL that is
// https (plain http only to a loopback host) and carries no credentials.
import { ClientConfigError } from '../errors/config.js';
import type { ServiceClientOptions } from './createServiceClient.js';

/**
 * The two clouds these services run on.
 * @example const cloud: Cloud = 'otc';
 */
export type Cloud = 'huaweicloud' | 'otc';

/**
 * One endpoint of a service, derived from its spec's `servers`.
 * @example const endpoint: Endpoint = { cloud: 'otc', region: 'eu-de', url: 'https://svc.eu-de.example' };
 */
export interface Endpoint {
  readonly cloud: Cloud;
  readonly region: string;
  readonly url: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * True for hosts whose traffic never leaves the machine: localhost, 127.0.0.0/8 and [::1].
 * @example isLoopbackHost(new URL(baseUrl).hostname)
 */
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

/**
 * Builds the base URL from `baseUrl`, or `region` + `cloud`.
 * @example resolveBaseUrl('svc', endpoints, { region: 'eu-de', cloud: 'otc' })
 */
export function resolveBaseUrl(service: string, endpoints: readonly Endpoint[], options: ServiceClientOptions): string {
  if (options.baseUrl !== undefined) return assertSafeBaseUrl(options.baseUrl);
  if (options.region !== undefined) return resolveEndpoint(service, endpoints, options.region, options.cloud);
  throw new ClientConfigError('region', `${service} client needs baseUrl, or region (and cloud)`);
}


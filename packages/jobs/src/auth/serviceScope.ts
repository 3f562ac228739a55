// Which requests go to a global (account-level) service, and which to a project-scoped one.

/**
 * Whether a request is for the account (`'domain'`: global services such as the diagnosis API, OSM)
 * or for a project (`'project'`: ECS, DCS, CFW, ServiceStage...). AK/SK signing sends `X-Domain-Id`
 * or `X-Project-Id` accordingly; IAM auth picks a domain- or project-scoped token.
 * @example const scope: ServiceScope = 'domain';
 */
export type ServiceScope = 'project' | 'domain';

/**
 * Decides the {@link ServiceScope} of a request from its URL.
 * @example const scopeOf: ScopeOfUrl = (url) => (url.hostname.startsWith('osm.') ? 'domain' : 'project');
 */
export type ScopeOfUrl = (url: URL) => ServiceScope;

const OSM_PATH = /\/v2\.0\/servicerequest(?:\/|$)/;

/**
 * The default {@link ScopeOfUrl}: `'domain'` for the diagnosis API (host `osm.*`, or a path under
 * `/v2.0/servicerequest/`, which also matches a simulator or proxy serving every service on one
 * host), `'project'` for everything else.
 * @example
 * defaultScopeOfUrl(new URL('https://osm.ap-southeast-3.myhuaweicloud.com/v2.0/servicerequest/diagnose/job')) // 'domain'
 * defaultScopeOfUrl(new URL('https://ecs.eu-de.otc.t-systems.com/v1/p/jobs/j')) // 'project'
 */
export function defaultScopeOfUrl(url: URL): ServiceScope {
  return url.hostname.startsWith('osm.') || OSM_PATH.test(url.pathname) ? 'domain' : 'project';
}

// Which requests go to a global (account-level) service, and which to a project-scoped one.
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { services } from '../serviceRegistry.js';

/**
 * Whether a request is for the account (`'domain'`: a global service, descriptor scope `'global'`)
 * or for a project (`'project'`). AK/SK signing sends `X-Domain-Id` or `X-Project-Id` accordingly;
 * IAM auth picks a domain- or project-scoped token.
 * @example const scope: ServiceScope = 'domain';
 */
export type ServiceScope = 'project' | 'domain';

/**
 * Decides the {@link ServiceScope} of a request from its URL.
 * @example const scopeOf: ScopeOfUrl = (url) => (url.hostname.startsWith('global-api.') ? 'domain' : 'project');
 */
export type ScopeOfUrl = (url: URL) => ServiceScope;

/**
 * A {@link ScopeOfUrl} from descriptors: `'domain'` when a global one's `matchesUrl` claims the URL
 * (its host, or its path, which also matches a simulator or proxy serving every service on one
 * host), `'project'` for everything else.
 * @example const scopeOf = scopeOfUrlFrom([myGlobalService]);
 */
export function scopeOfUrlFrom(descriptors: readonly Pick<ServiceDescriptor, 'scope' | 'matchesUrl'>[]): ScopeOfUrl {
  const global = descriptors.filter((s) => s.scope === 'global');
  return (url) => (global.some((s) => s.matchesUrl(url)) ? 'domain' : 'project');
}

/**
 * The default {@link ScopeOfUrl}: {@link scopeOfUrlFrom} every registered service.
 * @example defaultScopeOfUrl(new URL('https://api.example.com/v1/p/jobs/j')) // 'project'
 */
export function defaultScopeOfUrl(url: URL): ServiceScope {
  for (const s of services) if (s.scope === 'global' && s.matchesUrl(url)) return 'domain';
  return 'project';
}

// IAM token authentication as openapi-fetch middleware: X-Auth-Token from a token source, and one
// retry with a fresh token when the service answers 401.
import type { Middleware } from 'openapi-fetch';
import { AuthConfigError } from './errors.js';
import { withRedactedView } from './redact.js';
import { defaultScopeOfUrl, type ScopeOfUrl } from './serviceScope.js';

/**
 * Where {@link createIamAuth} gets tokens: an {@link IamTokenProvider}, or your own (e.g. one that
 * reads a token file another process keeps fresh).
 * @example
 * const source: TokenSource = { getToken: async () => readFile('/run/token', 'utf8'), invalidate: () => {} };
 */
export interface TokenSource {
  /** A token valid now; concurrent calls may share one IAM request. Rejects with the signal's reason on abort. */
  getToken(options?: { signal?: AbortSignal | undefined }): Promise<string>;
  /** Forgets `token` (or the current token when omitted) so the next `getToken` fetches a new one. */
  invalidate(token?: string): void;
}

/**
 * Options of {@link createIamAuth}.
 * @example
 * const options: IamAuthOptions = { domainProvider: createIamTokenProvider({ ...credentials, domainScoped: true }) };
 */
export interface IamAuthOptions {
  /**
   * Token source for global services (the diagnosis API, OSM), which want a domain-scoped token.
   * Default: the main source for every request.
   */
  domainProvider?: TokenSource | undefined;
  /** Which requests are global (default: the diagnosis API, see `defaultScopeOfUrl`). */
  scopeOf?: ScopeOfUrl | undefined;
  /** Retry a request once with a fresh token when it is answered 401 (default true). */
  retryOn401?: boolean | undefined;
}

function isTokenSource(value: unknown): value is TokenSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TokenSource).getToken === 'function' &&
    typeof (value as TokenSource).invalidate === 'function'
  );
}

/**
 * IAM token middleware: sets `X-Auth-Token` from `provider` on every request (a domain-scoped one
 * from `domainProvider` for global services). When a response is 401 (expired or revoked token), it
 * invalidates that token and sends the request once more, through the client's own `fetch`, with a
 * fresh token; the second answer is returned whatever it is. A request whose body was replaced by a
 * later middleware, so that it cannot be sent again, gets its 401 back unchanged.
 * @example
 * const provider = createIamTokenProvider({ authUrl: iamEndpoint('eu-de', 'otc'), username, password, domainName, projectName: 'eu-de' });
 * const ecs = createEcsClient({ region: 'eu-de', cloud: 'otc', middleware: [createIamAuth(provider)] });
 */
export function createIamAuth(provider: TokenSource, options: IamAuthOptions = {}): Middleware {
  if (!isTokenSource(provider)) throw new AuthConfigError('createIamAuth: provider must have getToken() and invalidate()', { method: 'iam-password' });
  const domainProvider = options.domainProvider ?? provider;
  if (!isTokenSource(domainProvider)) throw new AuthConfigError('createIamAuth: domainProvider must have getToken() and invalidate()', { method: 'iam-password' });
  const scopeOf = options.scopeOf ?? defaultScopeOfUrl;
  const retryOn401 = options.retryOn401 ?? true;
  /** Unsent copies of requests with a body, to send again after a 401. */
  const replays = new WeakMap<Request, Request>();
  const sourceFor = (request: Request): TokenSource => (scopeOf(new URL(request.url)) === 'domain' ? domainProvider : provider);

  const middleware: Middleware = {
    async onRequest({ request }) {
      const token = await sourceFor(request).getToken({ signal: request.signal });
      request.headers.set('X-Auth-Token', token);
      if (retryOn401 && request.body !== null) replays.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response, options: clientOptions }) {
      const replay = replays.get(request);
      replays.delete(request);
      if (!retryOn401 || response.status !== 401) return undefined;
      const source = request.body === null ? request : replay;
      if (source === undefined || source.bodyUsed) return undefined;
      const tokenProvider = sourceFor(request);
      const used = request.headers.get('x-auth-token') ?? undefined;
      tokenProvider.invalidate(used);
      const fresh = await tokenProvider.getToken({ signal: request.signal });
      if (fresh === used) return undefined;
      const retry = new Request(source);
      retry.headers.set('X-Auth-Token', fresh);
      await response.body?.cancel().catch(() => undefined);
      return clientOptions.fetch(retry);
    },
  };
  return withRedactedView(middleware, 'IamAuth', () => ({ retryOn401, domainProvider: options.domainProvider !== undefined }));
}

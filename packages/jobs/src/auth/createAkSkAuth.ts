// AK/SK authentication as openapi-fetch middleware: every request is signed with SDK-HMAC-SHA256.
import type { Middleware } from 'openapi-fetch';
import { AuthConfigError } from './errors.js';
import { requireHeaderSafe } from './headerValue.js';
import { maskId, REDACTED, withRedactedView } from './redact.js';
import { registerSecret } from './secrets.js';
import { defaultScopeOfUrl, type ScopeOfUrl } from './serviceScope.js';
import { signRequest, UNSIGNED_PAYLOAD } from './signRequest.js';

/**
 * Options of {@link createAkSkAuth}.
 * @example
 * const options: AkSkAuthOptions = {
 *   accessKey: process.env.HUAWEICLOUD_SDK_AK!, secretKey: process.env.HUAWEICLOUD_SDK_SK!,
 *   projectId, domainId,
 * };
 */
export interface AkSkAuthOptions {
  /** Access key ID (AK). */
  accessKey: string;
  /** Secret access key (SK): signs, is never sent, never shown. */
  secretKey: string;
  /** Sent as `X-Project-Id` on project-scoped requests (ECS, DCS, CFW, ServiceStage). */
  projectId?: string | undefined;
  /** Account (domain) ID, sent as `X-Domain-Id` on requests to global services (the diagnosis API). */
  domainId?: string | undefined;
  /** Security token of temporary credentials, sent (and signed) as `X-Security-Token`. */
  securityToken?: string | undefined;
  /** Wall-clock epoch ms, for `X-Sdk-Date` (default `Date.now`); the gateway allows 15 minutes of skew. */
  clock?: (() => number) | undefined;
  /** Which requests are global (default: the diagnosis API, see `defaultScopeOfUrl`). */
  scopeOf?: ScopeOfUrl | undefined;
}

/**
 * What {@link signFetchRequest} signs with.
 * @example const credentials: AkSkCredentials = { accessKey, secretKey };
 */
export interface AkSkCredentials {
  accessKey: string;
  secretKey: string;
}

/** Set by the client or the network, or rewritten on the way: never signed. */
const UNSIGNED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/**
 * Signs a fetch `Request` in place and returns it: adds `X-Sdk-Date` (unless it has one, which is then
 * used as is) and `Authorization`, signing the URL host as `host` and every other header except
 * `Content-Type`, hop-by-hop headers and names containing `_` (as the official Go SDK does). The body
 * is read from a clone, so the request can still be sent.
 * @example
 * const request = await signFetchRequest(new Request(url, { headers: { 'X-Project-Id': projectId } }), { accessKey, secretKey });
 * const response = await fetch(request);
 */
export async function signFetchRequest(request: Request, credentials: AkSkCredentials, now: number = Date.now()): Promise<Request> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { host: url.host };
  const names: string[] = ['host'];
  for (const [name, value] of request.headers) {
    headers[name] = value;
    if (!UNSIGNED_HEADERS.has(name)) names.push(name);
  }
  const unsigned = request.headers.get('x-sdk-content-sha256') === UNSIGNED_PAYLOAD;
  const body = request.body === null || unsigned ? undefined : new Uint8Array(await request.clone().arrayBuffer());
  const signed = signRequest({
    method: request.method,
    url,
    headers,
    body,
    accessKey: credentials.accessKey,
    secretKey: credentials.secretKey,
    signedHeaders: names,
    date: now,
  });
  for (const [name, value] of Object.entries(signed.headers)) request.headers.set(name, value);
  return request;
}

function requireText(value: unknown, option: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AuthConfigError(`createAkSkAuth: ${option} must be a non-empty string`, { method: 'aksk', missing: [option] });
  }
  return requireHeaderSafe(value.trim(), `createAkSkAuth: ${option}`, 'aksk');
}

function optionalText(value: unknown, option: string): string | undefined {
  if (value === undefined) return undefined;
  return requireText(value, option);
}

/**
 * AK/SK authentication middleware (SDK-HMAC-SHA256, the scheme of the official SDKs): signs every
 * request, sending `X-Project-Id` on project-scoped calls and `X-Domain-Id` on calls to global
 * services (the diagnosis API), and, for temporary credentials, `X-Security-Token` (signed, as the
 * official SDKs sign it). Every value is checked here: one holding CR, LF, NUL or a character outside
 * Latin-1 throws `AuthConfigError` naming the option. The secret key stays in the closure and, with
 * the security token, is registered so no error the library builds shows it; `util.inspect` and
 * `JSON.stringify` of the middleware show only the first characters of the access key.
 * @example
 * import { createDcsClient } from '@cloud-jobs/dcs';
 * const auth = createAkSkAuth({ accessKey, secretKey, projectId });
 * const dcs = createDcsClient({ region: 'eu-de', cloud: 'otc', middleware: [auth] });
 * const { data } = await dcs.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: projectId, job_id: jobId } } });
 */
export function createAkSkAuth(options: AkSkAuthOptions): Middleware {
  if (typeof options !== 'object' || options === null) throw new AuthConfigError('createAkSkAuth: options must be an object', { method: 'aksk' });
  const accessKey = requireText(options.accessKey, 'accessKey');
  if (typeof options.secretKey !== 'string' || options.secretKey === '') {
    throw new AuthConfigError('createAkSkAuth: secretKey must be a non-empty string', { method: 'aksk', missing: ['secretKey'] });
  }
  const credentials: AkSkCredentials = { accessKey, secretKey: requireHeaderSafe(options.secretKey, 'createAkSkAuth: secretKey', 'aksk') };
  const projectId = optionalText(options.projectId, 'projectId');
  const domainId = optionalText(options.domainId, 'domainId');
  const securityToken = optionalText(options.securityToken, 'securityToken');
  // A server that echoes them cannot put them into an error the library builds.
  registerSecret(credentials.secretKey);
  registerSecret(securityToken);
  const clock = options.clock ?? Date.now;
  const scopeOf = options.scopeOf ?? defaultScopeOfUrl;

  const middleware: Middleware = {
    async onRequest({ request }) {
      const scope = scopeOf(new URL(request.url));
      if (scope === 'domain') {
        if (domainId !== undefined && !request.headers.has('x-domain-id')) request.headers.set('X-Domain-Id', domainId);
      } else if (projectId !== undefined && !request.headers.has('x-project-id')) {
        request.headers.set('X-Project-Id', projectId);
      }
      if (securityToken !== undefined) request.headers.set('X-Security-Token', securityToken);
      return signFetchRequest(request, credentials, clock());
    },
  };
  return withRedactedView(middleware, 'AkSkAuth', () => ({
    accessKey: maskId(accessKey),
    secretKey: REDACTED,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(domainId !== undefined ? { domainId } : {}),
    ...(securityToken !== undefined ? { securityToken: REDACTED } : {}),
  }));
}

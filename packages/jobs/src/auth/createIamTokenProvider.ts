// IAM tokens on demand: POST /v3/auth/tokens, cached, refreshed ahead of expiry, one request shared
// by concurrent callers.
import { untilAborted } from '../abort.js';
import { isLoopbackHost } from '@cloud-jobs/core';
import type { FetchFunction } from '../wait/retryingFetch.js';
import { signFetchRequest } from './createAkSkAuth.js';
import type { TokenSource } from './createIamAuth.js';
import { parseRetryAfterMs } from '../normalize/parseRetryAfterMs.js';
import { AuthConfigError, IamAuthError } from './errors.js';
import { requireHeaderSafe } from './headerValue.js';
import { BodyTooLarge, readBoundedText } from './readBoundedText.js';
import { maskId, REDACTED, withRedactedView } from './redact.js';
import { clipRedacted, forgetSecret, redactSecrets, registerSecret } from './secrets.js';

/**
 * Options of {@link createIamTokenProvider}. Identity: `username` + `password` + `domainName` (or
 * `domainId`), or `accessKey` + `secretKey` (the token request is then signed with SDK-HMAC-SHA256
 * and carries only the access key; the secret key never travels). Scope: `projectId`, `projectName`
 * (on these clouds usually the region ID, e.g. `eu-de`), or `domainScoped: true` for global services.
 * @example
 * const options: IamTokenProviderOptions = {
 *   authUrl: 'https://iam.eu-de.otc.t-systems.com/v3',
 *   username: 'alice', password, domainName: 'OTC-EU-DE-00000000001000000001',
 *   projectName: 'eu-de',
 * };
 */
export interface IamTokenProviderOptions {
  /** IAM base URL, with or without `/v3` (e.g. `OS_AUTH_URL`, or `iamEndpoint(region, cloud)`). https, or http to a loopback host. */
  authUrl: string;
  /** IAM user name (password identity). */
  username?: string | undefined;
  /** The user's password: sent to IAM only, never shown. */
  password?: string | undefined;
  /** Account (domain) name the user belongs to; also the domain of `domainScoped`. */
  domainName?: string | undefined;
  /** Account (domain) ID: an alternative to `domainName`. */
  domainId?: string | undefined;
  /** Access key ID (AK/SK identity). */
  accessKey?: string | undefined;
  /** Secret access key: signs the token request, never sent, never shown. */
  secretKey?: string | undefined;
  /** Project-scoped token for this project name (e.g. `eu-de`, `eu-de_myproject`, `ap-southeast-1`). */
  projectName?: string | undefined;
  /** Project-scoped token for this project ID (wins over `projectName`). */
  projectId?: string | undefined;
  /** A domain-scoped token (for global services such as the diagnosis API), instead of a project. */
  domainScoped?: boolean | undefined;
  /** Custom fetch (receives a `Request`). Default `globalThis.fetch`. */
  fetch?: FetchFunction | undefined;
  /** Fetch a new token this long before the current one expires (default 10 minutes; at most half the token's life). */
  refreshMarginMs?: number | undefined;
  /** Give up on an IAM request that has not answered in full (headers and body) after this long (default 30 s; `Infinity` = never). */
  timeoutMs?: number | undefined;
  /** Longest answer read from IAM, in bytes (default 1 MiB; tokens are asked without the catalog). */
  maxResponseBytes?: number | undefined;
  /**
   * After IAM refuses the credentials (HTTP 400, 401, 403 or 404: wrong password, unknown user or
   * project), rethrow that refusal without asking IAM again for this long (default 5 minutes), so
   * that retries never lock the account. `invalidate()` ends it early.
   */
  refusalCooldownMs?: number | undefined;
  /** Wall-clock epoch ms (default `Date.now`). */
  clock?: (() => number) | undefined;
}

/**
 * A source of IAM tokens (see {@link createIamTokenProvider}); pass it to `createIamAuth`.
 * `util.inspect` / `JSON.stringify` show who it authenticates as, never a token or a secret.
 * @example
 * const token = await provider.getToken();
 * console.log(provider.expiresAt, provider.projectId);
 */
export interface IamTokenProvider extends TokenSource {
  /** When the cached token expires, on the local clock; `undefined` before the first token. */
  readonly expiresAt: Date | undefined;
  /** The project of the cached token, as IAM reported it (`token.project.id`). */
  readonly projectId: string | undefined;
  /** The account (domain) ID of the cached token, as IAM reported it. */
  readonly domainId: string | undefined;
  /** One line saying how tokens are obtained, without secrets. */
  describe(): string;
}

/** Defaults of {@link createIamTokenProvider}, ms. */
const DEFAULT_REFRESH_MARGIN_MS = 10 * 60_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_REFUSAL_COOLDOWN_MS = 5 * 60_000;
const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
/** Longest part of IAM's error text put into a message. */
const MAX_MESSAGE = 200;
/** IAM statuses that say the credentials or the scope are wrong: asking again will not help. */
const REFUSALS = new Set([400, 401, 403, 404]);
/** Assumed when IAM's body has no readable `expires_at` (IAM's tokens last 24 h: this errs short). */
const FALLBACK_LIFETIME_MS = 60 * 60_000;

interface CachedToken {
  value: string;
  expiresAt: number;
  refreshAt: number;
  projectId: string | undefined;
  domainId: string | undefined;
}

function text(value: unknown, option: string, missing: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    missing.push(option);
    return undefined;
  }
  return value.trim();
}

/** `{authUrl}/v3/auth/tokens?nocatalog=true`, whether `authUrl` ends in `/v3` or not. */
function tokenUrl(authUrl: unknown): URL {
  if (typeof authUrl !== 'string' || authUrl.trim() === '') {
    throw new AuthConfigError('createIamTokenProvider: authUrl must be the IAM URL, e.g. https://iam.eu-de.otc.t-systems.com/v3', { method: 'iam-password', missing: ['authUrl'] });
  }
  let url: URL;
  try {
    url = new URL(authUrl.trim());
  } catch {
    throw new AuthConfigError('createIamTokenProvider: authUrl is not a valid URL', { method: 'iam-password' });
  }
  if (url.username || url.password) throw new AuthConfigError('createIamTokenProvider: authUrl must not carry credentials', { method: 'iam-password' });
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw new AuthConfigError(`createIamTokenProvider: authUrl must use https (plain http only to a loopback host), got ${url.protocol}//${url.host}`, { method: 'iam-password' });
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (!/\/v3\/auth\/tokens$/.test(path)) path = /\/v3$/.test(path) ? `${path}/auth/tokens` : `${path}/v3/auth/tokens`;
  url.pathname = path;
  url.search = '?nocatalog=true';
  url.hash = '';
  return url;
}

function timeOption(value: unknown, option: string, fallback: number, infinite = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (!infinite && !Number.isFinite(value))) {
    throw new AuthConfigError(`createIamTokenProvider: ${option} must be a ${infinite ? '' : 'finite '}number >= 0`);
  }
  return value;
}

function sizeOption(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new AuthConfigError(`createIamTokenProvider: ${option} must be a positive integer`);
  }
  return value;
}

/** The origin a redirect points to (never the full Location: it may carry a token or a path with secrets). */
function originOf(location: string | null, base: URL): string {
  if (location === null) return 'an unknown location';
  try {
    return new URL(location, base).origin;
  } catch {
    return 'an unreadable location';
  }
}

const get = (value: unknown, ...keys: string[]): unknown => {
  let at = value;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
};
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);


class IamTokenProviderImpl implements IamTokenProvider {
  readonly #url: URL;
  readonly #body: string;
  readonly #credentials: { accessKey: string; secretKey: string } | undefined;
  readonly #secrets: readonly string[];
  readonly #fetch: FetchFunction;
  readonly #marginMs: number;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #cooldownMs: number;
  readonly #clock: () => number;
  readonly #description: string;
  #token: CachedToken | undefined;
  /** The last two tokens issued, registered as secrets (a request in flight may still carry the older); older ones are forgotten. */
  readonly #issued: string[] = [];
  #inflight: Promise<CachedToken> | undefined;
  #refusal: { error: IamAuthError; until: number } | undefined;

  constructor(options: IamTokenProviderOptions) {
    if (typeof options !== 'object' || options === null) throw new AuthConfigError('createIamTokenProvider: options must be an object');
    this.#url = tokenUrl(options.authUrl);
    const invalid: string[] = [];
    const username = text(options.username, 'username', invalid);
    const password = options.password === undefined ? undefined : typeof options.password === 'string' && options.password !== '' ? options.password : (invalid.push('password'), undefined);
    const domainName = text(options.domainName, 'domainName', invalid);
    const domainId = text(options.domainId, 'domainId', invalid);
    const accessKey = text(options.accessKey, 'accessKey', invalid);
    const secretKey = options.secretKey === undefined ? undefined : typeof options.secretKey === 'string' && options.secretKey !== '' ? options.secretKey : (invalid.push('secretKey'), undefined);
    const projectName = text(options.projectName, 'projectName', invalid);
    const projectId = text(options.projectId, 'projectId', invalid);
    if (invalid.length > 0) {
      throw new AuthConfigError(`createIamTokenProvider: ${invalid.join(', ')} must be non-empty strings`, { method: 'iam-password', missing: invalid });
    }
    // The AK/SK sign a request's headers; the IDs name the scope and may be sent in headers by callers.
    for (const [option, value] of [['accessKey', accessKey], ['secretKey', secretKey], ['projectId', projectId], ['domainId', domainId]] as const) {
      if (value !== undefined) requireHeaderSafe(value, `createIamTokenProvider: ${option}`, accessKey !== undefined || secretKey !== undefined ? 'aksk' : 'iam-password');
    }
    const byPassword = username !== undefined || password !== undefined;
    const byKeys = accessKey !== undefined || secretKey !== undefined;
    if (byPassword && byKeys) {
      throw new AuthConfigError('createIamTokenProvider: give username/password or accessKey/secretKey, not both', { method: 'iam-password' });
    }

    let identity: Record<string, unknown>;
    let who: string;
    if (byKeys) {
      const missing = [accessKey === undefined ? 'accessKey' : '', secretKey === undefined ? 'secretKey' : ''].filter(Boolean);
      if (missing.length > 0 || accessKey === undefined || secretKey === undefined) {
        throw new AuthConfigError(`createIamTokenProvider: ${missing.join(' and ')} missing (AK/SK identity needs both)`, { method: 'aksk', missing });
      }
      this.#credentials = { accessKey, secretKey };
      identity = { methods: ['hw_ak_sk'], hw_ak_sk: { access: { key: accessKey } } };
      who = `access key ${maskId(accessKey)}`;
    } else {
      const missing = [
        username === undefined ? 'username' : '',
        password === undefined ? 'password' : '',
        domainName === undefined && domainId === undefined ? 'domainName' : '',
      ].filter(Boolean);
      if (missing.length > 0 || username === undefined || password === undefined) {
        throw new AuthConfigError(`createIamTokenProvider: ${missing.join(', ')} missing (password identity needs username, password and domainName or domainId)`, {
          method: 'iam-password',
          missing,
        });
      }
      this.#credentials = undefined;
      const domain = domainId !== undefined ? { id: domainId } : { name: domainName };
      identity = { methods: ['password'], password: { user: { name: username, password, domain } } };
      who = `user ${username} (domain ${domainName ?? domainId})`;
    }

    let scope: Record<string, unknown>;
    let where: string;
    if (projectId !== undefined) {
      scope = { project: { id: projectId } };
      where = `project ${projectId}`;
    } else if (projectName !== undefined) {
      scope = { project: { name: projectName } };
      where = `project ${projectName}`;
    } else if (options.domainScoped === true) {
      if (domainId === undefined && domainName === undefined) {
        throw new AuthConfigError('createIamTokenProvider: domainScoped needs domainName or domainId', { method: 'iam-password', missing: ['domainName'] });
      }
      scope = { domain: domainId !== undefined ? { id: domainId } : { name: domainName } };
      where = `domain ${domainId ?? domainName}`;
    } else {
      throw new AuthConfigError('createIamTokenProvider: say which token to get: projectId, projectName, or domainScoped: true', {
        method: 'iam-password',
        missing: ['projectName'],
      });
    }

    this.#body = JSON.stringify({ auth: { identity, scope } });
    this.#secrets = [password, secretKey].filter((s): s is string => s !== undefined);
    for (const secret of this.#secrets) registerSecret(secret);
    this.#fetch = options.fetch ?? ((request) => fetch(request));
    this.#marginMs = timeOption(options.refreshMarginMs, 'refreshMarginMs', DEFAULT_REFRESH_MARGIN_MS);
    this.#timeoutMs = timeOption(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS, true);
    this.#maxBytes = sizeOption(options.maxResponseBytes, 'maxResponseBytes', DEFAULT_MAX_RESPONSE_BYTES);
    this.#cooldownMs = timeOption(options.refusalCooldownMs, 'refusalCooldownMs', DEFAULT_REFUSAL_COOLDOWN_MS);
    this.#clock = options.clock ?? Date.now;
    this.#description = `IAM ${byKeys ? 'AK/SK' : 'password'} token for ${who}, ${where}, from ${this.#url.origin}${this.#url.pathname}`;
    withRedactedView(this, 'IamTokenProvider', () => ({
      description: this.#description,
      token: this.#token === undefined ? undefined : REDACTED,
      expiresAt: this.expiresAt?.toISOString(),
    }));
  }

  get expiresAt(): Date | undefined {
    return this.#token === undefined ? undefined : new Date(this.#token.expiresAt);
  }

  get projectId(): string | undefined {
    return this.#token?.projectId;
  }

  get domainId(): string | undefined {
    return this.#token?.domainId;
  }

  describe(): string {
    return this.#description;
  }

  async getToken(options: { signal?: AbortSignal | undefined } = {}): Promise<string> {
    const cached = this.#token;
    if (cached !== undefined && this.#clock() < cached.refreshAt) return cached.value;
    const refusal = this.#refusal;
    if (refusal !== undefined && this.#inflight === undefined) {
      if (this.#clock() < refusal.until) {
        if (cached !== undefined && this.#clock() < cached.expiresAt) return cached.value;
        throw refusal.error;
      }
      this.#refusal = undefined;
    }
    this.#inflight ??= this.#request().finally(() => {
      this.#inflight = undefined;
    });
    try {
      return (await untilAborted(this.#inflight, options.signal)).value;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      // A refresh ahead of expiry failed: the current token still works until it expires.
      const current = this.#token;
      if (current !== undefined && this.#clock() < current.expiresAt) return current.value;
      throw error;
    }
  }

  invalidate(token?: string): void {
    if (token === undefined) this.#refusal = undefined;
    if (token === undefined || this.#token?.value === token) this.#token = undefined;
  }

  async #request(): Promise<CachedToken> {
    // One deadline for the whole exchange, headers and body: a trickling IAM cannot hold a wait.
    const signal = Number.isFinite(this.#timeoutMs) ? AbortSignal.timeout(this.#timeoutMs) : undefined;
    const request = new Request(this.#url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json;charset=utf8' },
      body: this.#body,
      // Never followed: a 307/308 would send the password to wherever IAM (or a proxy) points.
      redirect: 'manual',
      ...(signal === undefined ? {} : { signal }),
    });
    if (this.#credentials !== undefined) await signFetchRequest(request, this.#credentials, this.#clock());
    const sentAt = this.#clock();
    let response: Response;
    try {
      response = await untilAborted(this.#fetch(request), signal);
    } catch (error) {
      throw new IamAuthError(0, `IAM at ${this.#url.host} could not be reached: ${this.#describeFailure(error)}`);
    }
    this.#refuseRedirect(response);
    let body: string;
    try {
      body = await readBoundedText(response, this.#maxBytes, signal);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        throw new IamAuthError(response.status, `IAM at ${this.#url.host} answered HTTP ${response.status} with more than ${this.#maxBytes} bytes (maxResponseBytes)`, undefined, {
          transient: false,
        });
      }
      throw new IamAuthError(0, `IAM at ${this.#url.host} answered HTTP ${response.status} but its body could not be read: ${this.#describeFailure(error)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const rawCode = get(parsed, 'error_code') ?? get(parsed, 'error', 'code');
      const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? redactSecrets(String(rawCode), this.#secrets) : undefined;
      const said = str(get(parsed, 'error_msg')) ?? str(get(parsed, 'error', 'message')) ?? body;
      // Scrubbed before white space is collapsed and before the cut: neither can let a secret (or its start) through.
      const text = clipRedacted(redactSecrets(said, this.#secrets).replace(/\s+/g, ' ').trim(), MAX_MESSAGE, this.#secrets);
      const message = `IAM refused the token request (HTTP ${response.status}${code ? ` ${code}` : ''})${text ? `: ${text}` : ''}`;
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), this.#clock());
      const error = new IamAuthError(response.status, message, code, retryAfterMs === undefined ? undefined : { retryAfterMs });
      if (REFUSALS.has(response.status) && this.#cooldownMs > 0) this.#refusal = { error, until: this.#clock() + this.#cooldownMs };
      throw error;
    }
    const value = response.headers.get('x-subject-token')?.trim();
    if (value === undefined || value === '') {
      throw new IamAuthError(response.status, `IAM answered HTTP ${response.status} without an X-Subject-Token header`);
    }
    const payload = parsed;
    const expires = Date.parse(String(get(payload, 'token', 'expires_at')));
    const issued = Date.parse(String(get(payload, 'token', 'issued_at')));
    // Lifetime on IAM's clock, counted from when the request left on ours: immune to clock skew.
    const lifetime = Number.isFinite(expires) ? (Number.isFinite(issued) ? expires - issued : expires - sentAt) : FALLBACK_LIFETIME_MS;
    const expiresAt = sentAt + lifetime;
    const refreshAt = Math.max(sentAt + lifetime / 2, expiresAt - this.#marginMs);
    const token: CachedToken = {
      value,
      expiresAt,
      refreshAt,
      projectId: str(get(payload, 'token', 'project', 'id')),
      domainId: str(get(payload, 'token', 'project', 'domain', 'id')) ?? str(get(payload, 'token', 'domain', 'id')) ?? str(get(payload, 'token', 'user', 'domain', 'id')),
    };
    this.#remember(value);
    this.#token = token;
    this.#refusal = undefined;
    return token;
  }

  /** Registers a new token as a secret; keeps the previous one registered, forgets the one before. */
  #remember(value: string): void {
    if (this.#issued.includes(value)) return;
    registerSecret(value);
    this.#issued.push(value);
    while (this.#issued.length > 2) forgetSecret(this.#issued.shift() as string);
  }

  /**
   * A redirect (or a fetch that followed one anyway, or answered from elsewhere) is a permanent
   * IamAuthError naming the status and the target origin; its token, if any, is not taken.
   */
  #refuseRedirect(response: Response): void {
    const own = this.#url.origin;
    let status = response.status;
    let target: string | undefined;
    if (response.type === 'opaqueredirect') target = 'an undisclosed location';
    else if (status >= 300 && status <= 399) target = originOf(response.headers.get('location'), this.#url);
    else if (response.redirected || (response.url !== '' && originOf(response.url, this.#url) !== own)) {
      target = response.url === '' ? 'an unknown location' : originOf(response.url, this.#url);
      status = 0;
    }
    if (target === undefined) return;
    response.body?.cancel().catch(() => undefined);
    const what = status === 0 ? 'the answer came through a redirect' : `IAM answered HTTP ${status}`;
    throw new IamAuthError(
      status,
      `IAM at ${own}: ${what} to ${target}; the token request is never redirected (set authUrl to the IAM URL that answers it)`,
      undefined,
      { transient: false, ...(target.includes('://') ? { targetOrigin: target } : {}) },
    );
  }

  #describeFailure(error: unknown): string {
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${this.#timeoutMs} ms (headers and body)`;
    const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
    const message = error instanceof Error ? error.message : String(error);
    return redactSecrets(`${message}${detail ? ` (${detail})` : ''}`, this.#secrets);
  }
}

/**
 * Creates an IAM token provider: `getToken()` does `POST {authUrl}/v3/auth/tokens` (password identity,
 * or a request signed with the AK/SK), reads the token from the `X-Subject-Token` header and its
 * expiry from `token.expires_at`, caches it, and fetches a new one `refreshMarginMs` before it expires
 * (if that refresh fails, the current token is used while it lasts). Concurrent callers share one
 * request. IAM's refusal becomes an `IamAuthError` (status, code, message; never the password),
 * given again without asking IAM for `refusalCooldownMs`, so retries cannot lock the account; an
 * outage, throttling or no answer is an `IamAuthError` with `transient: true` (a wait retries it).
 * The request never follows a redirect (a 3xx is a permanent `IamAuthError` naming the target
 * origin), is bounded by `timeoutMs` (headers and body) and reads at most `maxResponseBytes`. The
 * password, secret key and tokens are registered so that no error the library builds can show them.
 * @example
 * const provider = createIamTokenProvider({
 *   authUrl: process.env.OS_AUTH_URL!, username: process.env.OS_USERNAME!, password: process.env.OS_PASSWORD!,
 *   domainName: process.env.OS_USER_DOMAIN_NAME!, projectName: 'eu-de',
 * });
 * const jobs = createJobs({ region: 'eu-de', cloud: 'otc', auth: createIamAuth(provider), projectId });
 */
export function createIamTokenProvider(options: IamTokenProviderOptions): IamTokenProvider {
  return new IamTokenProviderImpl(options);
}

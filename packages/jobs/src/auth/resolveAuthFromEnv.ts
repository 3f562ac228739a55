// Authentication from the variables users already have: the official SDK's HUAWEICLOUD_SDK_* and
// the OpenStack-style OS_* of Open Telekom Cloud shells.
import type { Cloud } from '@cloud-jobs/core';
import type { Middleware } from 'openapi-fetch';
import type { FetchFunction } from '../wait/retryingFetch.js';
import { createAkSkAuth } from './createAkSkAuth.js';
import { createIamAuth } from './createIamAuth.js';
import { createIamTokenProvider } from './createIamTokenProvider.js';
import { checkToken, createTokenAuth } from './createTokenAuth.js';
import { AuthConfigError, type AuthMethod } from './errors.js';
import { requireHeaderSafe } from './headerValue.js';
import { IAM_ENDPOINTS } from './iamEndpoint.js';
import { maskId, withRedactedView } from './redact.js';

/**
 * The environment {@link resolveAuthFromEnv} reads (`process.env` by default).
 * @example const env: AuthEnv = { OS_AUTH_TOKEN: token, OS_REGION_NAME: 'eu-de' };
 */
export type AuthEnv = Readonly<Record<string, string | undefined>>;

/**
 * What {@link resolveAuthFromEnv} found: the method, its middleware, and the project, account,
 * region and cloud the environment names. `util.inspect` / `JSON.stringify` show no secret.
 * @example
 * const { middleware, projectId, region, cloud } = resolveAuthFromEnv();
 * const ecs = createEcsClient({ region, cloud, middleware: [middleware] });
 */
export interface ResolvedAuth {
  method: AuthMethod;
  middleware: Middleware;
  /** `HUAWEICLOUD_SDK_PROJECT_ID`, else `OS_PROJECT_ID`. */
  projectId?: string;
  /**
   * With a password and `OS_PROJECT_NAME` only: the project ID that IAM returns with the token
   * (asks for the token if none is cached).
   */
  resolveProjectId?: (signal?: AbortSignal) => Promise<string | undefined>;
  /** `HUAWEICLOUD_SDK_DOMAIN_ID` (the account ID; AK/SK signing sends it to global services). */
  domainId?: string;
  /** `OS_REGION_NAME`, else the region `OS_PROJECT_NAME` starts with (`eu-de_myproject` -> `eu-de`). */
  region?: string;
  /** `'otc'` when `OS_AUTH_URL`'s host ends in `otc.t-systems.com` (or the region exists only there). */
  cloud?: Cloud;
  /** One line naming the method and the variables used, without secrets. */
  describe(): string;
}

/**
 * Options of {@link resolveAuthFromEnv} for the IAM token requests of the password method.
 * @example resolveAuthFromEnv(process.env, { fetch: proxiedFetch });
 */
export interface ResolveAuthFromEnvOptions {
  /** Custom fetch for IAM (receives a `Request`). */
  fetch?: FetchFunction | undefined;
  /** Wall-clock epoch ms (AK/SK dates, token expiry). */
  clock?: (() => number) | undefined;
}

interface MethodSpec {
  method: AuthMethod;
  label: string;
  /** Each entry is satisfied by any one of its variables. */
  needs: readonly (readonly string[])[];
  /** Variables whose presence shows the user meant this method. */
  signals: readonly string[];
}

const METHODS: readonly MethodSpec[] = [
  {
    method: 'aksk',
    label: 'AK/SK signing',
    needs: [['HUAWEICLOUD_SDK_AK'], ['HUAWEICLOUD_SDK_SK']],
    signals: ['HUAWEICLOUD_SDK_AK', 'HUAWEICLOUD_SDK_SK'],
  },
  {
    method: 'iam-password',
    label: 'an IAM token from a password',
    needs: [['OS_AUTH_URL'], ['OS_USERNAME'], ['OS_PASSWORD'], ['OS_USER_DOMAIN_NAME'], ['OS_PROJECT_NAME', 'OS_PROJECT_ID']],
    signals: ['OS_AUTH_URL', 'OS_USERNAME', 'OS_PASSWORD', 'OS_USER_DOMAIN_NAME', 'OS_PROJECT_NAME'],
  },
  { method: 'token', label: 'a static token', needs: [['OS_AUTH_TOKEN']], signals: ['OS_AUTH_TOKEN'] },
];

const named = (group: readonly string[]): string => (group.length === 1 ? (group[0] as string) : `${group[0]} (or ${group.slice(1).join(', ')})`);

function listOf(names: readonly string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function cloudOf(authUrl: string | undefined, region: string | undefined): Cloud | undefined {
  if (authUrl !== undefined) {
    let host: string;
    try {
      host = new URL(authUrl).hostname.toLowerCase();
    } catch {
      host = '';
    }
    if (host === 'otc.t-systems.com' || host.endsWith('.otc.t-systems.com')) return 'otc';
    if (/(^|\.)myhuaweicloud\.(com|eu|cn)$/.test(host)) return 'huaweicloud';
  }
  if (region === undefined) return undefined;
  const clouds = new Set(IAM_ENDPOINTS.filter((e) => e.region === region).map((e) => e.cloud));
  return clouds.size === 1 ? [...clouds][0] : undefined;
}

function regionOf(regionName: string | undefined, projectName: string | undefined): string | undefined {
  if (regionName !== undefined) return regionName;
  if (projectName === undefined) return undefined;
  const prefix = projectName.split('_')[0] ?? '';
  return IAM_ENDPOINTS.some((e) => e.region === prefix) ? prefix : undefined;
}

/**
 * Picks the strongest complete authentication method in the environment, AK/SK signing
 * (`HUAWEICLOUD_SDK_AK`, `HUAWEICLOUD_SDK_SK`), then an IAM token from a password (`OS_AUTH_URL`,
 * `OS_USERNAME`, `OS_PASSWORD`, `OS_USER_DOMAIN_NAME`, `OS_PROJECT_NAME` or `OS_PROJECT_ID`), then a
 * static token (`OS_AUTH_TOKEN`), and builds its middleware. AK/SK signing also sends
 * `HUAWEICLOUD_SDK_SECURITY_TOKEN` (temporary credentials) as `X-Security-Token`. Also reads
 * `HUAWEICLOUD_SDK_PROJECT_ID`, `HUAWEICLOUD_SDK_DOMAIN_ID`, `OS_PROJECT_ID` and `OS_REGION_NAME`.
 * Empty variables count as unset; a value bound for a header that holds CR, LF, NUL or a character
 * outside Latin-1 throws {@link AuthConfigError} naming the variable, never the value.
 * When no method is complete, throws {@link AuthConfigError} naming the variables the closest one
 * lacks. No IAM request is made here: the password method asks for a token on the first call.
 * @example
 * const auth = resolveAuthFromEnv(); // e.g. OS_* from an OTC openrc file
 * console.log(auth.describe()); // 'an IAM token from a password: user alice (domain OTC-EU-DE-...), project eu-de, ...'
 * const dcs = createDcsClient({ region: auth.region, cloud: auth.cloud, middleware: [auth.middleware] });
 */
export function resolveAuthFromEnv(env: AuthEnv = processEnv(), options: ResolveAuthFromEnvOptions = {}): ResolvedAuth {
  const read = (name: string): string | undefined => {
    const value = env[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  const status = METHODS.map((spec) => ({
    spec,
    missing: spec.needs.filter((group) => group.every((name) => read(name) === undefined)),
    touched: spec.signals.some((name) => read(name) !== undefined),
  }));
  const chosen = status.find((s) => s.missing.length === 0);
  if (chosen === undefined) {
    const partial = status.filter((s) => s.touched).sort((a, b) => a.missing.length - b.missing.length)[0];
    if (partial === undefined) {
      throw new AuthConfigError(
        'no credentials in the environment: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (AK/SK signing), ' +
          'or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME and OS_PROJECT_NAME (IAM password), or OS_AUTH_TOKEN',
      );
    }
    const names = partial.missing.map(named);
    throw new AuthConfigError(
      `${listOf(names)} ${names.length === 1 ? 'is' : 'are'} missing: ${partial.spec.label} needs ${listOf(partial.spec.needs.map(named))}`,
      { method: partial.spec.method, missing: partial.missing.map((group) => group[0] as string) },
    );
  }

  /** A value that goes into a header (AK/SK, IDs): refused here, naming the variable, if it cannot. */
  const readHeader = (name: string, method: AuthMethod): string | undefined => {
    const value = read(name);
    return value === undefined ? undefined : requireHeaderSafe(value, name, method);
  };

  const projectName = read('OS_PROJECT_NAME');
  const projectId = readHeader('HUAWEICLOUD_SDK_PROJECT_ID', chosen.spec.method) ?? readHeader('OS_PROJECT_ID', chosen.spec.method);
  const domainId = readHeader('HUAWEICLOUD_SDK_DOMAIN_ID', chosen.spec.method);
  const region = regionOf(read('OS_REGION_NAME'), projectName);
  const authUrl = read('OS_AUTH_URL');
  const cloud = cloudOf(authUrl, region);
  const clock = options.clock;
  const ignored = status.filter((s) => s.touched && s.missing.length > 0).map((s) => `${s.spec.label} ignored: ${listOf(s.missing.map(named))} unset`);

  let middleware: Middleware;
  let detail: string;
  let resolveProjectId: ((signal?: AbortSignal) => Promise<string | undefined>) | undefined;
  switch (chosen.spec.method) {
    case 'aksk': {
      const accessKey = readHeader('HUAWEICLOUD_SDK_AK', 'aksk') as string;
      const secretKey = readHeader('HUAWEICLOUD_SDK_SK', 'aksk') as string;
      // Temporary credentials (the official SDKs read the same variable): sent and signed as X-Security-Token.
      const securityToken = readHeader('HUAWEICLOUD_SDK_SECURITY_TOKEN', 'aksk');
      middleware = createAkSkAuth({ accessKey, secretKey, projectId, domainId, securityToken, clock });
      detail = `HUAWEICLOUD_SDK_AK ${maskId(accessKey)}${securityToken !== undefined ? ' with HUAWEICLOUD_SDK_SECURITY_TOKEN (temporary credentials)' : ''}`;
      break;
    }
    case 'iam-password': {
      const common = {
        authUrl: authUrl as string,
        username: read('OS_USERNAME') as string,
        password: read('OS_PASSWORD') as string,
        domainName: read('OS_USER_DOMAIN_NAME') as string,
        fetch: options.fetch,
        clock,
      };
      const osProjectId = readHeader('OS_PROJECT_ID', 'iam-password');
      try {
        const provider = createIamTokenProvider({ ...common, ...(osProjectId !== undefined ? { projectId: osProjectId } : { projectName }) });
        const domainProvider = createIamTokenProvider({ ...common, domainScoped: true });
        middleware = createIamAuth(provider, { domainProvider });
        detail = provider.describe();
        if (projectId === undefined && osProjectId === undefined) {
          resolveProjectId = async (signal) => {
            await provider.getToken(signal ? { signal } : {});
            return provider.projectId;
          };
        }
      } catch (error) {
        if (error instanceof AuthConfigError) {
          // Every value is present (checked above): what remains is a bad OS_AUTH_URL.
          throw new AuthConfigError(error.message.replace(/^createIamTokenProvider: authUrl/, 'OS_AUTH_URL'), { method: 'iam-password', missing: error.missing });
        }
        throw error;
      }
      break;
    }
    case 'token':
      middleware = createTokenAuth(checkToken(read('OS_AUTH_TOKEN'), 'OS_AUTH_TOKEN'));
      detail = 'OS_AUTH_TOKEN';
      break;
  }

  const context = [
    projectId !== undefined ? `project ID ${projectId}` : '',
    domainId !== undefined ? `domain ID ${domainId}` : '',
    region !== undefined ? `region ${region}` : '',
    cloud !== undefined ? `cloud ${cloud}` : '',
  ].filter(Boolean);
  const description = `${chosen.spec.label}: ${detail}${context.length ? `; ${context.join(', ')}` : ''}${ignored.length ? ` (${ignored.join('; ')})` : ''}`;
  const resolved: ResolvedAuth = {
    method: chosen.spec.method,
    middleware,
    ...(projectId !== undefined ? { projectId } : {}),
    ...(resolveProjectId !== undefined ? { resolveProjectId } : {}),
    ...(domainId !== undefined ? { domainId } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(cloud !== undefined ? { cloud } : {}),
    describe: () => description,
  };
  return withRedactedView(resolved, 'ResolvedAuth', () => ({
    method: resolved.method,
    projectId,
    domainId,
    region,
    cloud,
    description,
  }));
}

/** `process.env` in Node; an empty environment where there is no `process` (a browser). */
function processEnv(): AuthEnv {
  return (globalThis as { process?: { env?: AuthEnv } }).process?.env ?? {};
}

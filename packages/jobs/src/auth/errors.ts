// The errors authentication throws. None of them ever holds a token, a secret key or a password.
import { CloudJobsError } from '../errors.js';
import { redactSecrets } from './secrets.js';

/**
 * The three ways cloud-jobs authenticates, strongest first: AK/SK request signing, an IAM token
 * obtained with a password, a static token.
 * @example const method: AuthMethod = 'aksk';
 */
export type AuthMethod = 'aksk' | 'iam-password' | 'token';

/**
 * Authentication settings that cannot work: a missing or empty credential, an `http://` IAM URL to a
 * non-loopback host, an unknown IAM region. `missing` lists the environment variables or options that
 * are absent; the message names them, never a value.
 * @example
 * try { resolveAuthFromEnv({ HUAWEICLOUD_SDK_AK: ak }); }
 * catch (error) { if (error instanceof AuthConfigError) console.error(error.missing); } // ['HUAWEICLOUD_SDK_SK']
 */
export class AuthConfigError extends CloudJobsError {
  override name = 'AuthConfigError';
  /** The method the settings came closest to, when there is one. */
  readonly method: AuthMethod | undefined;
  /** Variables or options that are missing (empty when something was present but wrong). */
  readonly missing: readonly string[];
  constructor(message: string, init: { method?: AuthMethod | undefined; missing?: readonly string[] | undefined } = {}) {
    super(message);
    this.method = init.method;
    this.missing = Object.freeze([...(init.missing ?? [])]);
  }
}

/**
 * Whether an IAM answer of `status` may heal by itself: no answer (0: network error, reset,
 * timeout), 408, 429 and every 5xx but 501 and 505.
 */
function isTransientStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || (status >= 500 && status <= 599 && status !== 501 && status !== 505);
}

/**
 * What else an {@link IamAuthError} says.
 * @example const init: IamAuthErrorOptions = { transient: false, targetOrigin: 'https://elsewhere.example' };
 */
export interface IamAuthErrorOptions {
  cause?: unknown;
  /** Overrides the status rule (e.g. an oversized answer is permanent whatever its status). */
  transient?: boolean | undefined;
  /** The delay IAM asked for (Retry-After), ms. */
  retryAfterMs?: number | undefined;
  /** For a redirect: the origin IAM pointed to (never the full Location). */
  targetOrigin?: string | undefined;
}

/**
 * IAM refused to issue a token (wrong password, unknown user or project, locked account: `status`
 * 400/401/403...), answered without one, redirected the request (never followed: `status` 3xx,
 * `targetOrigin`), or could not be reached (`status` 0: network error, reset, timeout). `transient`
 * says whether asking again later may work (0, 408, 429, 5xx but 501/505): a wait retries those with
 * backoff, and fails at once on the others. `code` and the message come from IAM's error body with
 * every secret scrubbed out.
 * @example
 * catch (error) { if (error instanceof IamAuthError && error.status === 401) console.error('check OS_USERNAME / OS_PASSWORD'); }
 */
export class IamAuthError extends CloudJobsError {
  override name = 'IamAuthError';
  /** HTTP status of IAM's answer; 0 when there was none (network error, timeout). */
  readonly status: number;
  /** IAM's error code (`IAM.0101`, or Keystone's numeric code as text), when it sent one. */
  readonly code: string | undefined;
  /** IAM may answer differently later (outage, throttling, no answer): retried by a wait. */
  readonly transient: boolean;
  /** The delay IAM asked for (Retry-After), ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** For a redirect IAM answered (never followed): the origin it pointed to. */
  readonly targetOrigin: string | undefined;
  constructor(status: number, message: string, code?: string, options?: IamAuthErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code === undefined ? undefined : redactSecrets(code);
    this.transient = options?.transient ?? isTransientStatus(status);
    this.retryAfterMs = options?.retryAfterMs;
    this.targetOrigin = options?.targetOrigin;
  }
}

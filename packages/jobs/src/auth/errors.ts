// The errors authentication throws. None of them ever holds a token, a secret key or a password.
import { CloudJobsError } from '../errors.js';

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
 * IAM refused to issue a token (wrong password, unknown user or project, locked account: `status`
 * 400/401/403...), answered without one, or could not be reached (`status` 0). `code` and the message
 * come from IAM's error body with every secret of the request scrubbed out.
 * @example
 * catch (error) { if (error instanceof IamAuthError && error.status === 401) console.error('check OS_USERNAME / OS_PASSWORD'); }
 */
export class IamAuthError extends CloudJobsError {
  override name = 'IamAuthError';
  /** HTTP status of IAM's answer; 0 when there was none (network error, timeout). */
  readonly status: number;
  /** IAM's error code (`IAM.0101`, or Keystone's numeric code as text), when it sent one. */
  readonly code: string | undefined;
  constructor(status: number, message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = status;
    this.code = code;
  }
}

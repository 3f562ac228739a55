// The configuration errors of each layer: client options, the facade and the waiter, auth, path values.
import { ConfigError } from './cloudJobsError.js';

/**
 * A client option that cannot work (`region`, `baseUrl`, `token`, `headers.<name>`...).
 * @example
 * try { createServiceClient('svc', endpoints, { region: 'nowhere' }); } catch (error) { if (error instanceof ClientConfigError) console.error(error.field); } // 'region'
 */
export class ClientConfigError extends ConfigError {
  override name = 'ClientConfigError';
  /** The same as `field` (the name this class always had). */
  get option(): string {
    return this.field;
  }
}

/**
 * A job reference, facade option or wait option that cannot work; `field` names it, e.g.
 * `projectId`, `ref.jobId` or `options.maxDelayMs`.
 * @example
 * catch (error) { if (error instanceof JobsConfigError && error.field === 'ref.jobId') askForTheJobId(); }
 */
export class JobsConfigError extends ConfigError {
  override name = 'JobsConfigError';
}

/**
 * The three ways cloud-jobs authenticates, strongest first: AK/SK request signing, an IAM token
 * obtained with a password, a static token.
 * @example const method: AuthMethod = 'aksk';
 */
export type AuthMethod = 'aksk' | 'iam-password' | 'token';

/**
 * What else an {@link AuthConfigError} says.
 * @example const init: AuthConfigErrorInit = { method: 'aksk', missing: ['HUAWEICLOUD_SDK_SK'] };
 */
export interface AuthConfigErrorInit {
  /** The method the settings came closest to, when there is one. */
  method?: AuthMethod | undefined;
  /** Variables or options that are missing. */
  missing?: readonly string[] | undefined;
  /** The option or variable at fault; default: the first of `missing`, else `auth`. */
  field?: string | undefined;
}

/**
 * Authentication settings that cannot work: a missing or empty credential, an `http://` IAM URL to a
 * non-loopback host, an unknown IAM region. `missing` lists the environment variables or options that
 * are absent; the message names them, never a value.
 * @example
 * try { resolveAuthFromEnv({ HUAWEICLOUD_SDK_AK: ak }); }
 * catch (error) { if (error instanceof AuthConfigError) console.error(error.missing); } // ['HUAWEICLOUD_SDK_SK']
 */
export class AuthConfigError extends ConfigError {
  override name = 'AuthConfigError';
  /** The method the settings came closest to, when there is one. */
  readonly method: AuthMethod | undefined;
  /** Variables or options that are missing (empty when something was present but wrong). */
  readonly missing: readonly string[];
  constructor(message: string, init: AuthConfigErrorInit = {}) {
    super(init.field ?? init.missing?.[0] ?? 'auth', message);
    this.method = init.method;
    this.missing = Object.freeze([...(init.missing ?? [])]);
  }
}

/**
 * A path (or query) parameter that would change which URL is called (empty, `.` or `..`), or that
 * cannot be encoded (a lone surrogate). `parameter` (= `field`) names it.
 * @example
 * catch (error) { if (error instanceof InvalidPathParameterError) console.error(error.parameter); } // 'job_id'
 */
export class InvalidPathParameterError extends ConfigError {
  override name = 'InvalidPathParameterError';
  /** The path parameter, e.g. `job_id`. */
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super(parameter, message);
    this.parameter = parameter;
  }
}

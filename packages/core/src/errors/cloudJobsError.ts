// The root of every error cloud-jobs throws on purpose, and the one family of configuration errors.
import { redactCause, redactSecrets } from '../secrets.js';

/**
 * Base class of every error cloud-jobs throws on purpose. Its message (so its stack) and `cause`
 * are scrubbed of every registered secret (see `registerSecret`): a server that echoes a token or a
 * password cannot put it into an error.
 * @example
 * catch (error) { if (error instanceof CloudJobsError) console.error(error.message); else throw error; }
 */
export class CloudJobsError extends Error {
  override name = 'CloudJobsError';
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message === undefined ? undefined : redactSecrets(message), options !== undefined && 'cause' in options ? { cause: redactCause(options.cause) } : undefined);
  }
}

/**
 * An option, field or setting that cannot work, found before any request. `field` names it (e.g.
 * `region`, `ref.jobId`, `options.maxDelayMs`); the message never holds a secret value.
 * @example
 * catch (error) { if (error instanceof ConfigError) console.error(`fix ${error.field}: ${error.message}`); }
 */
export class ConfigError extends CloudJobsError {
  override name = 'ConfigError';
  /** The option or field at fault. */
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

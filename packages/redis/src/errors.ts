// The one error of this package: Redis did not answer in time, or answered with an error.
import { CloudJobsError } from '@cloud-jobs/jobs';

/**
 * A Redis call failed or took longer than its budget. The fleet never lets it reach a wait: it
 * falls back to local limiting and polling and reports it through `onDegraded`.
 * @example onDegraded: (error: RedisUnavailableError) => log.warn(error.operation, error.message)
 */
export class RedisUnavailableError extends CloudJobsError {
  override name = 'RedisUnavailableError';
  /** What was being done: `rate`, `lease`, `answer`, `publish`, `store`... */
  readonly operation: string;
  constructor(operation: string, message: string, cause?: unknown) {
    super(`redis ${operation}: ${message}`, cause === undefined ? undefined : { cause });
    this.operation = operation;
  }
}

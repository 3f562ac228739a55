// What the client runtime refuses on the wire: a redirect, a body too large, an answer too slow.
import { CloudJobsError } from './cloudJobsError.js';

/**
 * A 3xx the client does not follow: it names the status and the target origin, never the full Location.
 * @example catch (error) { if (error instanceof RedirectRefusedError) console.error(error.targetOrigin); }
 */
export class RedirectRefusedError extends CloudJobsError {
  override name = 'RedirectRefusedError';
  readonly status: number;
  /** Scheme, host and port the server redirected to (`''` without a usable Location). */
  readonly targetOrigin: string;
  /** The origin of the configured base URL, the only one credentials are sent to. */
  readonly configuredOrigin: string;
  constructor(status: number, targetOrigin: string, configuredOrigin: string, why: string) {
    super(`refused the HTTP ${status} redirect${targetOrigin ? ` to ${targetOrigin}` : ''}: ${why}`);
    this.status = status;
    this.targetOrigin = targetOrigin;
    this.configuredOrigin = configuredOrigin;
  }
}

/**
 * A response body (success or error) larger than `maxResponseBytes`; the connection is closed.
 * @example catch (error) { if (error instanceof ResponseTooLargeError) console.error(error.limitBytes); }
 */
export class ResponseTooLargeError extends CloudJobsError {
  override name = 'ResponseTooLargeError';
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`the response body is larger than maxResponseBytes (${limitBytes} bytes)`);
    this.limitBytes = limitBytes;
  }
}

/**
 * No complete answer (headers and body) came within `requestTimeoutMs`; the connection is closed.
 * @example catch (error) { if (error instanceof RequestTimeoutError) console.error(error.timeoutMs); }
 */
export class RequestTimeoutError extends CloudJobsError {
  override name = 'RequestTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no complete answer within requestTimeoutMs (${timeoutMs} ms)`);
    this.timeoutMs = timeoutMs;
  }
}

// The waiter's error policy for users of the raw service clients: a fetch that retries.
import { JobsConfigError } from '@cloud-jobs/core';
import type { ServiceDescriptor } from '@cloud-jobs/core';
import { errorKindOf } from '../normalize/errorKind.js';
import { parseRetryAfterMs } from '../normalize/parseRetryAfterMs.js';
import { retryDelay } from './backoff.js';
import { classifyStatus, type StatusClass } from './classifyError.js';
import { resolveClock, type WaitClock } from './clock.js';
import type { RateLimiter } from './rateLimiter.js';
import { checkClock, checkFunction, checkNumber, checkTimerMs } from './validate.js';

/**
 * A fetch as openapi-fetch calls it (`createClient({ fetch })`): it receives a Request.
 * @example const plain: FetchFunction = (request) => fetch(request);
 */
export type FetchFunction = (request: Request) => Promise<Response>;

/**
 * What `onRetry` hears before each retry's sleep.
 * @example const onRetry = (event: RetryEvent) => log.warn(`retry ${event.attempt} in ${event.delayMs} ms (${event.status})`);
 */
export interface RetryEvent {
  request: Request;
  /** The attempt that failed (1-based). */
  attempt: number;
  /** The sleep before the next attempt, ms. */
  delayMs: number;
  /** The HTTP status that is retried, or 0 for a network error. */
  status: number;
  /** The network error, for status 0. */
  error: unknown;
}

/**
 * Options of {@link createRetryingFetch}. Durations in ms.
 * @example const options: RetryingFetchOptions = { maxAttempts: 5, retryMethods: ['GET', 'HEAD', 'PUT'] };
 */
export interface RetryingFetchOptions {
  /** Requests in all, the first included (1 = no retry). Default 3. */
  maxAttempts?: number | undefined;
  /** Shortest sleep before a retry, also the floor of Retry-After. Default 500. */
  minDelayMs?: number | undefined;
  /** Longest sleep before a retry, also the cap of Retry-After. Default 10000. */
  maxDelayMs?: number | undefined;
  /** Methods that are retried (upper case). Default GET and HEAD: a POST is never sent twice unless listed. */
  retryMethods?: readonly string[] | undefined;
  /** Every attempt waits for a token first. */
  rateLimiter?: RateLimiter | undefined;
  /**
   * The service behind the client (its descriptor): its throttle codes are retried whatever the
   * status, and a 2xx other than 200 that it calls an error answer (`isErrorAnswer`, e.g. a
   * throttle answered as 202) is read for its code. Without it, only statuses and the gateway's
   * codes count.
   */
  service?: Pick<ServiceDescriptor, 'notFoundCodes' | 'throttleCodes' | 'isErrorAnswer'> | undefined;
  /** Called before each retry's sleep (logging, metrics). */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** Time and randomness, for tests. */
  clock?: Partial<WaitClock> | undefined;
}

/**
 * The defaults of {@link createRetryingFetch}: 3 attempts (as the AWS SDK's standard mode), sleeps
 * of 0.5-10 s; short, because a caller of a raw client is waiting for one answer (a waiter retries
 * on its own, with its longer budget: do not stack the two).
 * @example RETRYING_FETCH_DEFAULTS.maxAttempts // 3
 */
export const RETRYING_FETCH_DEFAULTS = /* @__PURE__ */ Object.freeze({
  maxAttempts: 3,
  minDelayMs: 500,
  maxDelayMs: 10_000,
  retryMethods: Object.freeze(['GET', 'HEAD']) as readonly string[],
});

function noop(): void {}

/** The error code of an answer's JSON body, read from a copy (the caller still gets the body). */
async function codeOfBody(response: Response): Promise<{ code: string | undefined; payload: unknown }> {
  if (!/json/i.test(response.headers.get('content-type') ?? '')) return { code: undefined, payload: undefined };
  try {
    const payload = (await response.clone().json()) as unknown;
    if (typeof payload !== 'object' || payload === null) return { code: undefined, payload };
    const record = payload as Record<string, unknown>;
    const inner = typeof record['error'] === 'object' && record['error'] !== null ? (record['error'] as Record<string, unknown>) : {};
    const code = inner['code'] ?? record['code'] ?? record['error_code'];
    return { code: typeof code === 'string' ? code : undefined, payload };
  } catch {
    return { code: undefined, payload: undefined };
  }
}

/**
 * Wraps a fetch with the waiter's error policy, for the raw service clients (openapi-fetch middleware
 * cannot re-send a request, so retries live in the fetch it calls):
 * - retries only `retryMethods` (GET and HEAD by default), each attempt on a fresh `request.clone()`;
 * - on network errors (fetch's TypeError) and on the statuses `classifyStatus` calls transient or
 *   throttled: 408, 429, 500, 502, 503, 504 and the other 5xx but 501/505, the gateway's throttle
 *   codes, and, with `service`, that service's throttle codes (on an error answer, or on a 2xx other
 *   than 200 that its `isErrorAnswer` calls an error answer: a throttle sent as HTTP 202);
 * - sleeps with exponential backoff and full jitter, never less than `Retry-After` (seconds or an
 *   HTTP date) clamped to [minDelayMs, maxDelayMs]; the body of a retried answer is discarded;
 * - at most `maxAttempts` requests; the last answer is returned as is (the caller sees the 503);
 * - the request's signal aborts a sleep or a request at once, rejecting with its reason.
 * Throws a JobsConfigError naming the option (`field`, e.g. `options.maxDelayMs`) for bad options.
 * @example
 * const client = descriptor.createClient({ region: 'eu-de', cloud: 'otc', token, fetch: createRetryingFetch((request) => fetch(request), { service: descriptor }) });
 */
export function createRetryingFetch(fetchFn: FetchFunction, options: RetryingFetchOptions = {}): (input: Request | string | URL, init?: RequestInit) => Promise<Response> {
  const where = 'createRetryingFetch';
  if (typeof fetchFn !== 'function') throw new JobsConfigError('fetch', `${where}: fetch must be a function, got ${typeof fetchFn}`);
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', `${where}: options must be an object`);
  const maxAttempts = checkNumber(where, 'maxAttempts', options.maxAttempts, RETRYING_FETCH_DEFAULTS.maxAttempts, { min: 1, max: 100, integer: true });
  const minDelayMs = checkTimerMs(where, 'minDelayMs', options.minDelayMs, RETRYING_FETCH_DEFAULTS.minDelayMs, 1);
  const maxDelayMs = checkTimerMs(where, 'maxDelayMs', options.maxDelayMs, Math.max(RETRYING_FETCH_DEFAULTS.maxDelayMs, minDelayMs), 1);
  if (maxDelayMs < minDelayMs) throw new JobsConfigError('options.maxDelayMs', `${where}: options.maxDelayMs (${maxDelayMs}) must not be less than options.minDelayMs (${minDelayMs})`);
  const methodList = options.retryMethods ?? RETRYING_FETCH_DEFAULTS.retryMethods;
  if (!Array.isArray(methodList) || methodList.some((method) => typeof method !== 'string')) throw new JobsConfigError('options.retryMethods', `${where}: options.retryMethods must be an array of method names`);
  const methods = new Set(methodList.map((method) => method.toUpperCase()));
  const limiter = options.rateLimiter;
  if (limiter !== undefined && (typeof limiter !== 'object' || limiter === null || typeof limiter.acquire !== 'function')) throw new JobsConfigError('options.rateLimiter', `${where}: options.rateLimiter must be a RateLimiter`);
  const onRetry = checkFunction(where, 'onRetry', options.onRetry);
  const service = options.service;
  if (service !== undefined && (typeof service !== 'object' || service === null || !Array.isArray(service.throttleCodes) || !Array.isArray(service.notFoundCodes))) {
    throw new JobsConfigError('options.service', `${where}: options.service must be a service descriptor (with notFoundCodes and throttleCodes)`);
  }
  /** The class of an answer that is not plainly a success; `undefined` for one returned as is. */
  async function classOf(response: Response): Promise<StatusClass | undefined> {
    if (response.ok) {
      // A 200 is a job; another 2xx only when the service says such an answer can be an error.
      if (response.status === 200 || !service?.isErrorAnswer) return undefined;
      const { code, payload } = await codeOfBody(response);
      if (!service.isErrorAnswer(response.status, payload)) return undefined;
      return classifyStatus(response.status, code, errorKindOf(service, code));
    }
    // Without a service, the body is not read: only the status and the gateway's codes in it count.
    const { code } = service ? await codeOfBody(response) : { code: undefined };
    return classifyStatus(response.status, code, errorKindOf(service, code));
  }
  const clock = resolveClock(checkClock(where, options.clock));
  const bounds = { minDelayMs, maxDelayMs };

  return async function retryingFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const { signal } = request;
    const attempts = methods.has(request.method.toUpperCase()) ? maxAttempts : 1;
    for (let attempt = 1; ; attempt += 1) {
      if (signal.aborted) throw signal.reason;
      if (limiter) await limiter.acquire(signal);
      const last = attempt >= attempts;
      let response: Response;
      try {
        response = await fetchFn(last ? request : request.clone());
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (last || !(error instanceof TypeError)) throw error;
        const delayMs = retryDelay(attempt, bounds, clock.random());
        onRetry?.({ request, attempt, delayMs, status: 0, error });
        await clock.sleep(delayMs, signal);
        continue;
      }
      if (last) return response;
      const kind = await classOf(response);
      if (kind !== 'transient' && kind !== 'throttled') return response;
      const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), clock.wallNow());
      const delayMs = retryDelay(attempt, bounds, clock.random(), retryAfterMs);
      await response.body?.cancel().catch(noop);
      onRetry?.({ request, attempt, delayMs, status: response.status, error: undefined });
      await clock.sleep(delayMs, signal);
    }
  };
}

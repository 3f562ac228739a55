// Public surface of the wait area: waitForJob and what it is built from.
export { waitForJob, waitForJobWithStats, type WaitResult } from './waitForJob.js';
export {
  WAIT_DEFAULTS,
  LAST_POLL_LEAD_MS,
  type WaitOptions,
  type WaitJobRef,
  type PollContext,
  type GetJob,
} from './options.js';
export { WAIT_STATE_VERSION, readWaitState, type WaitState, type WaitStateV1 } from './waitState.js';
export { WaitTimeoutError, UnexpectedStatusError, WaitStateError, type WaitTimeoutErrorInit } from './errors.js';
export { isWaitError, type WaitStats, type WaitError } from './stats.js';
export {
  THROTTLE_CODES,
  RESPONSE_GLITCH_CODES,
  NOT_FOUND_CODES,
  classifyError,
  classifyStatus,
  type StatusClass,
  type ErrorKind,
  type ErrorVerdict,
  type ClassifyContext,
} from './classifyError.js';
export { backoffDelay, retryDelay, cutToDeadline, type BackoffBounds } from './backoff.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rateLimiter.js';
export { MAX_TIMER_MS, type WaitClock } from './clock.js';
export { createRetryingFetch, RETRYING_FETCH_DEFAULTS, type RetryingFetchOptions, type RetryEvent, type FetchFunction } from './retryingFetch.js';

// Public surface of the wait area: waitForJob, its options, state and policy, the rate limiter and
// the retrying fetch. The delay arithmetic (backoff, deadline cut) stays internal.
export { waitForJob, waitForJobWithStats, type WaitResult } from './waitForJob.js';
export { WAIT_DEFAULTS, EXPONENTIAL_MIN_DELAY_MS, type WaitOptions, type WaitRetryEvent, type WaitJobRef, type PollContext, type GetJob } from './options.js';
export type { WaitSchedule } from './schedule.js';
export { createDurationStore, durationKind, type DurationStore, type DurationStoreJSON, type DurationStoreOptions, type DurationSamples } from './learn/durations.js';
export { createJobChannel, type JobChannel, type ChannelListener } from './jobChannel.js';
export { WAIT_STATE_VERSION, readWaitState, type WaitState, type WaitStateV1 } from './waitState.js';
export { WaitTimeoutError, UnexpectedStatusError, WaitStateError, type WaitTimeoutErrorInit } from './errors.js';
export { isWaitError, type WaitStats, type WaitError } from './stats.js';
export {
  GATEWAY_THROTTLE_CODES,
  classifyError,
  classifyFailure,
  classifyStatus,
  type ClassifyFunction,
  type StatusClass,
  type ErrorKind,
  type ErrorVerdict,
  type ClassifyContext,
} from './classifyError.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rateLimiter.js';
export type { WaitClock } from './clock.js';
export { createRetryingFetch, RETRYING_FETCH_DEFAULTS, type RetryingFetchOptions, type RetryEvent, type FetchFunction } from './retryingFetch.js';

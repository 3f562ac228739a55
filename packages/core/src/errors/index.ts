// One hierarchy: every class extends CloudJobsError; every configuration error is a ConfigError.
export { CloudJobsError, ConfigError } from './cloudJobsError.js';
export { ClientConfigError, JobsConfigError, AuthConfigError, InvalidPathParameterError, type AuthMethod, type AuthConfigErrorInit } from './config.js';
export { RedirectRefusedError, ResponseTooLargeError, RequestTimeoutError } from './transport.js';
export {
  ApiError,
  JobNotFoundError,
  UnexpectedResponseError,
  JobFailedError,
  IamAuthError,
  type ApiErrorInit,
  type ApiErrorKind,
  type IamAuthErrorOptions,
} from './service.js';
export { WaitTimeoutError, UnexpectedStatusError, WaitStateError, type WaitStats, type WaitTimeoutErrorInit } from './wait.js';

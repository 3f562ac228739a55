/**
 * @cloud-jobs/jobs: one Job model for every service, and a waiter.
 * Each area re-exports its own public surface.
 */
export * from './model.js';
export * from './errors.js';
export * from './normalize/index.js';
export * from './wait/index.js';
export * from './auth/index.js';
export { createServiceClientFor, type ServiceClients, type ServiceClientSettings } from './clients.js';
export { fetchJob, type JobRef, type ProjectJobRef, type OsmJobRef } from './fetchJob.js';
export {
  createJobs,
  JobsConfigError,
  type CreateJobsOptions,
  type FromEnvOptions,
  type Jobs,
  type JobsGetOptions,
  type JobsWaitOptions,
} from './createJobs.js';
/** The client packages' errors and defaults (`instanceof` matches every service's copy). */
export {
  ClientConfigError,
  InvalidPathParameterError,
  RedirectRefusedError,
  ResponseTooLargeError,
  RequestTimeoutError,
  CLIENT_DEFAULTS,
} from '@cloud-jobs/ecs';

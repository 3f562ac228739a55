/**
 * @cloud-jobs/jobs: one Job model for every service, a waiter that knows no service, and the
 * facade over every registered service. Each service's own descriptor, normalizer and status
 * constants are in its entry (`@cloud-jobs/jobs/<name>`); the environment rules in
 * `@cloud-jobs/jobs/env`. Each area re-exports its own public surface.
 */
export * from './model.js';
export * from './errors.js';
export * from './normalize/index.js';
export * from './wait/index.js';
export * from './auth/index.js';
// Named once more: the areas re-export these from ./errors.js too, and an explicit export settles
// which star export a bundler takes (it drops names two star exports both provide).
export { AuthConfigError, IamAuthError, WaitTimeoutError, UnexpectedStatusError, WaitStateError } from './errors.js';
export { services, findService, type RegisteredService, type DescriptorOf, type ClientOf } from './serviceRegistry.js';
export { fetchJob, type FetchJobOptions } from './fetchJob.js';
export type { ProjectJobRef } from './jobCall.js';
export {
  createJobs,
  type CreateJobsOptions,
  type Jobs,
  type JobsGetOptions,
  type JobsWaitOptions,
  type JobRef,
  type ServiceClients,
  type ServiceClientSettings,
} from './createJobs.js';
export type { ServiceDescriptor, JobRefBase, RefField } from '@cloud-jobs/core';
/** The client runtime's defaults (the error classes come with './errors.js'). */
export { CLIENT_DEFAULTS } from '@cloud-jobs/core';

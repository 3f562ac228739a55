// One entry point for every service's job payload: the service's descriptor does the work.
import type { Job, NormalizeContext, ServiceDescriptor } from '@cloud-jobs/core';
import { findService, type ServiceName } from '../serviceRegistry.js';

/**
 * A per-service normalizer: payload (and the job ID asked for) -> {@link Job}.
 * @example const normalize: JobNormalizer = (payload, context) => descriptor.normalize(payload, context);
 */
export type JobNormalizer = (payload: unknown, context?: NormalizeContext) => Job;

/**
 * Normalizes a job payload with a service's normalizer: give its descriptor, or the name of a
 * registered service. Throws only UnexpectedResponseError (not a job of that service) or ApiError
 * (a business error in a 2xx body); a name that is not registered is a programming error (RangeError).
 * @example
 * normalizeJob(services[0]!, payload, { jobId: '42' }).state
 */
export function normalizeJob(service: ServiceName | Pick<ServiceDescriptor, 'normalize'>, payload: unknown, context?: NormalizeContext): Job {
  const descriptor = typeof service === 'string' ? findService(service) : service;
  if (typeof descriptor?.normalize !== 'function') throw new RangeError(`unknown service: ${String(service)}`);
  return descriptor.normalize(payload, context);
}

/**
 * @cloud-jobs/core: the one shared runtime of every cloud-jobs client (base-URL rules, endpoint
 * lookup, the safe serializers, the limited fetch), the one error hierarchy, the secret redactor,
 * the Job model and the `ServiceDescriptor` type.
 *
 * @example
 * import { createServiceClient, ClientConfigError } from '@cloud-jobs/core';
 * try {
 *   const client = createServiceClient<paths>('svc', endpoints, { region: 'eu-de', cloud: 'otc', token });
 * } catch (error) {
 *   if (error instanceof ClientConfigError) console.error(`fix ${error.field}`);
 * }
 */
export * from './errors/index.js';
export {
  REDACTED,
  registerSecret,
  forgetSecret,
  redactSecrets,
  redactDeep,
  clipRedacted,
  redactCause,
} from './secrets.js';
export {
  TERMINAL_STATES,
  isTerminalState,
  type JobState,
  type JobError,
  type JobProgress,
  type JobResource,
  type JobCore,
  type Subtask,
  type Job,
} from './model.js';
export type { ServiceDescriptor, JobRefBase, RefField, NormalizeContext, StatusTableRow, ServiceStatusTable } from './descriptor.js';
export { CLIENT_DEFAULTS } from './client/defaults.js';
export {
  isLoopbackHost,
  assertSafeBaseUrl,
  resolveEndpoint,
  resolveBaseUrl,
  type Cloud,
  type Endpoint,
} from './client/endpoints.js';
export { safePathSerializer, safeQuerySerializer } from './client/serializers.js';
export { withRequestTimeout } from './client/limitedFetch.js';
export { createServiceClient, type ServiceClientOptions } from './client/createServiceClient.js';

// The Job model, and the names of the registered services (derived from the registry).
export { SERVICE_NAMES, type ServiceName } from './serviceRegistry.js';

/** The Job model is @cloud-jobs/core's (`service` is any registered service's name). */
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
} from '@cloud-jobs/core';

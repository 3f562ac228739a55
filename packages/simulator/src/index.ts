// @cloud-jobs/simulator: a local simulator of Huawei Cloud / Open Telekom Cloud job APIs (one module per service).
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export { DEFAULT_PROJECT_ID, type Clock, type JobOutcome, type JobSpec, type ServiceName, type SimState, type SubtaskState } from './types.js';
export { DEFAULT_DURATION_MS, SimulatorFullError, type CreatedJob, type JobSnapshot, type SimulatorJobs } from './jobRegistry.js';
export { SimulatorInputError } from './jobSpec.js';
export { FAULT_KINDS, type Fault, type FaultKind, type FaultSpec } from './faults.js';
export { PENDING_SHARE, timelineAt, type SimJob, type SubtaskTimeline, type Timeline } from './jobModel.js';
export { SERVICE_NAMES, isServiceName } from './registry.js';
export { DEMO_JOBS, seedDemoJobs, type DemoJob, type SeedDemoOptions } from './demo.js';
export type { DemoJobSpec } from './services/service.js';
export { isLoopbackHost } from './loopback.js';
export { DEFAULT_MAX_JOBS, SimulatorConfigError } from './config.js';
export { DEFAULT_MAX_CLOCK_SKEW_MS } from './auth.js';

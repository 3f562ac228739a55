// CCE job and sub-job phases: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const CCE_ROWS: readonly StatusTableRow[] = [
  ['Initializing', 'pending', 'The job is being initialized.'],
  ['Running', 'running', 'The job is running.'],
  ['Success', 'succeeded', 'The job succeeded (final).'],
  ['Failed', 'failed', 'The job failed (final); see status.reason.'],
];

/**
 * CCE status fields (field path -> rows): the job's phase and its sub-jobs' (at every depth).
 * @example CCE_STATUS_TABLE['status.phase']?.length // 4
 */
export const CCE_STATUS_TABLE: ServiceStatusTable = { 'status.phase': CCE_ROWS, 'spec.subJobs[].status.phase': CCE_ROWS };

/**
 * CCE job and sub-job `status.phase` -> state.
 * @example CCE_STATUS_STATES['Failed'] // 'failed'
 */
export const CCE_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(CCE_ROWS);

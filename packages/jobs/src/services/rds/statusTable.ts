// RDS task statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const RDS_ROWS: readonly StatusTableRow[] = [
  ['Running', 'running', 'The task is being executed; process gives its progress.'],
  ['Completed', 'succeeded', 'The task was executed successfully (final).'],
  ['Failed', 'failed', 'The task failed (final); see fail_reason.'],
];

/**
 * RDS status fields (field path -> rows): the task's `status`, inside the `job` wrapper.
 * @example RDS_STATUS_TABLE['job.status']?.length // 3
 */
export const RDS_STATUS_TABLE: ServiceStatusTable = { 'job.status': RDS_ROWS };

/**
 * RDS task `status` -> state.
 * @example RDS_STATUS_STATES['Failed'] // 'failed'
 */
export const RDS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(RDS_ROWS);

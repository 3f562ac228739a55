// EVS task and sub-job statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const EVS_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The task is being initialized.'],
  ['RUNNING', 'running', 'The task is in progress.'],
  ['SUCCESS', 'succeeded', 'The task succeeded (final).'],
  ['FAIL', 'failed', 'The task failed (final); see error_code and fail_reason.'],
];

/**
 * EVS status fields (field path -> rows): the task's and its sub-jobs'.
 * @example EVS_STATUS_TABLE['entities.sub_jobs[].status']?.length // 4
 */
export const EVS_STATUS_TABLE: ServiceStatusTable = { status: EVS_ROWS, 'entities.sub_jobs[].status': EVS_ROWS };

/**
 * EVS task and sub-job `status` -> state.
 * @example EVS_STATUS_STATES['FAIL'] // 'failed'
 */
export const EVS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(EVS_ROWS);

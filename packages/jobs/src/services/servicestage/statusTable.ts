// ServiceStage job and task statuses: the rows are the single source of the lookup tables and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

/** Shared by ServiceStage jobs and tasks. */
const SERVICESTAGE_COMMON_ROWS: readonly StatusTableRow[] = [
  ['SUBMITTED', 'pending', 'Submitted, not processed yet.'],
  ['SCHEDULED', 'pending', 'Scheduled to be executed later.'],
  ['RUNNING', 'running', 'Being processed.'],
  ['ROLLBACKING', 'running', 'Rolling back; not final yet.'],
  ['SUCCEEDED', 'succeeded', 'Succeeded (final).'],
  ['FAILED', 'failed', 'Failed (final).'],
  ['PARTIALLY_FAILED', 'failed', 'Part of the work failed (final).'],
  ['CANCELLED', 'canceled', 'Cancelled (final).'],
  ['ROLLBACKED', 'failed', 'Rolled back (final): the operation did not take effect.'],
  ['UNKNOWN', 'unknown', 'The service itself does not know the state.'],
];

const SERVICESTAGE_TASK_ROWS: readonly StatusTableRow[] = [
  ...SERVICESTAGE_COMMON_ROWS,
  [
    'SKIPPED',
    'succeeded',
    'Skipped (final): finished without running and without failing, so it does not hold the job back or fail it.',
  ],
];

/**
 * ServiceStage status fields (field path -> rows): the job's and its tasks'.
 * @example SERVICESTAGE_STATUS_TABLE['tasks[].TASK_STATUS']?.at(-1)?.[0] // 'SKIPPED'
 */
export const SERVICESTAGE_STATUS_TABLE: ServiceStatusTable = {
  'job.EXECUTION_STATUS': SERVICESTAGE_COMMON_ROWS,
  'tasks[].TASK_STATUS': SERVICESTAGE_TASK_ROWS,
};

/**
 * ServiceStage job `EXECUTION_STATUS` (v3: `execution_status`) -> state.
 * @example SERVICESTAGE_EXECUTION_STATUS_STATES['ROLLBACKED'] // 'failed'
 */
export const SERVICESTAGE_EXECUTION_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(SERVICESTAGE_COMMON_ROWS);

/**
 * ServiceStage task `TASK_STATUS` (v3: `task_status`) -> state.
 * @example SERVICESTAGE_TASK_STATUS_STATES['SKIPPED'] // 'succeeded'
 */
export const SERVICESTAGE_TASK_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(SERVICESTAGE_TASK_ROWS);

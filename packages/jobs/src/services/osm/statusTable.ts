// OSM diagnosis job statuses and check item levels (integers): the rows are the single source of
// the lookup tables and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const OSM_STATUS_ROWS: readonly StatusTableRow[] = [
  [0, 'pending', 'Preparing.'],
  [2, 'running', 'Executing.'],
  [3, 'succeeded', 'Completed (final); the findings are in the check items.'],
  [4, 'failed', 'Failed (final).'],
  [7, 'failed', 'Not executed (final).'],
  [8, 'failed', 'Unavailable (final).'],
];

const OSM_PROBLEM_LEVEL_ROWS: readonly StatusTableRow[] = [
  [0, 'pending', 'Check item not executed.'],
  [3, 'succeeded', 'Normal: the check found no problem.'],
  [4, 'failed', 'Abnormal: the check found a problem.'],
];

/**
 * OSM status fields (field path -> rows): the job's and its check items'.
 * @example OSM_STATUS_TABLE['status']?.find(([raw]) => raw === 7)?.[1] // 'failed'
 */
export const OSM_STATUS_TABLE: ServiceStatusTable = { status: OSM_STATUS_ROWS, 'items_result[].problem_level': OSM_PROBLEM_LEVEL_ROWS };

/**
 * OSM diagnosis job `status` (an integer) -> state.
 * @example OSM_STATUS_STATES[7] // 'failed'
 */
export const OSM_STATUS_STATES: Readonly<Record<number, JobState>> = /* @__PURE__ */ statesFromRows(OSM_STATUS_ROWS);

/**
 * OSM check item `problem_level` (an integer) -> state of the item's subtask.
 * @example OSM_PROBLEM_LEVEL_STATES[4] // 'failed'
 */
export const OSM_PROBLEM_LEVEL_STATES: Readonly<Record<number, JobState>> = /* @__PURE__ */ statesFromRows(OSM_PROBLEM_LEVEL_ROWS);

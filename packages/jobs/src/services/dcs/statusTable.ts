// DCS job statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const DCS_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The job is waiting to be executed.'],
  ['RUNNING', 'running', 'The job is being executed.'],
  ['SUCCESS', 'succeeded', 'The job succeeded (final).'],
  ['FAIL', 'failed', 'The job failed (final); see fail_reason.'],
];

/**
 * DCS status fields (field path -> rows).
 * @example DCS_STATUS_TABLE['status']?.length // 4
 */
export const DCS_STATUS_TABLE: ServiceStatusTable = { status: DCS_ROWS };

/**
 * DCS job `status` -> state.
 * @example DCS_STATUS_STATES['FAIL'] // 'failed'
 */
export const DCS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(DCS_ROWS);

// CFW job statuses (Title-case values): the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const CFW_ROWS: readonly StatusTableRow[] = [
  ['Running', 'running', 'The job is being executed.'],
  ['Success', 'succeeded', 'The job succeeded (final).'],
  ['Failed', 'failed', 'The job failed (final).'],
];

/**
 * CFW status fields (field path -> rows).
 * @example CFW_STATUS_TABLE['data.status']?.length // 3
 */
export const CFW_STATUS_TABLE: ServiceStatusTable = { 'data.status': CFW_ROWS };

/**
 * CFW `data.status` -> state (Title-case values).
 * @example CFW_STATUS_STATES['Success'] // 'succeeded'
 */
export const CFW_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(CFW_ROWS);

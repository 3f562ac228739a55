// DMS for Kafka background task statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

// The page lists no values: these are the official SDK's.
const DMS_ROWS: readonly StatusTableRow[] = [
  ['CREATED', 'pending', 'The task was created and has not started.'],
  ['EXECUTING', 'running', 'The task is running.'],
  ['SUCCESS', 'succeeded', 'The task succeeded (final).'],
  ['FAILED', 'failed', 'The task failed (final).'],
  ['CANCELLED', 'canceled', 'A scheduled task was cancelled (final).'],
  ['DELETED', 'canceled', 'The task was deleted before it ended (final).'],
];

/**
 * DMS status fields (field path -> rows): the status of the one task the answer's list holds.
 * @example DMS_STATUS_TABLE['tasks[0].status']?.length // 6
 */
export const DMS_STATUS_TABLE: ServiceStatusTable = { 'tasks[0].status': DMS_ROWS };

/**
 * DMS task `status` -> state.
 * @example DMS_STATUS_STATES['EXECUTING'] // 'running'
 */
export const DMS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(DMS_ROWS);

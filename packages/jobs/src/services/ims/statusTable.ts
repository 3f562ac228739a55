// IMS job, sub-job and sharing-result statuses: the rows are the single source of the lookup tables and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const IMS_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The job is being initialized.'],
  ['RUNNING', 'running', 'The job is in progress.'],
  ['SUCCESS', 'succeeded', 'The job succeeded (final).'],
  ['FAIL', 'failed', 'The job failed (final); see error_code and fail_reason.'],
];

// The page lists these in upper case, the service sends them in lower case (its examples).
const IMS_RESULT_ROWS: readonly StatusTableRow[] = [
  ['init', 'pending', 'The sharing result is being initialized.'],
  ['running', 'running', 'The sharing result is in progress.'],
  ['success', 'succeeded', 'The image was shared with, or removed from, this member (final).'],
  ['fail', 'failed', 'The sharing operation failed for this member (final).'],
];

/**
 * IMS status fields (field path -> rows): the job's, its sub-jobs' and its sharing results'.
 * @example IMS_STATUS_TABLE['entities.results[].status']?.[2]?.[0] // 'success'
 */
export const IMS_STATUS_TABLE: ServiceStatusTable = {
  status: IMS_ROWS,
  'entities.sub_jobs_result[].status': IMS_ROWS,
  'entities.results[].status': IMS_RESULT_ROWS,
};

/**
 * IMS job and sub-job `status` -> state.
 * @example IMS_STATUS_STATES['FAIL'] // 'failed'
 */
export const IMS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(IMS_ROWS);

/**
 * IMS sharing result `status` -> state (looked up without regard to case).
 * @example IMS_RESULT_STATUS_STATES['success'] // 'succeeded'
 */
export const IMS_RESULT_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(IMS_RESULT_ROWS);

// ECS job and sub-job statuses: the rows are the single source of the lookup table and the docs.
import type { JobState, ServiceStatusTable, StatusTableRow } from '@cloud-jobs/core';
import { statesFromRows } from '../../normalize/stateFromStatus.js';

const ECS_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The job is being initialized.'],
  ['RUNNING', 'running', 'The job is in progress.'],
  ['SUCCESS', 'succeeded', 'The job succeeded (final; ECS deletes it one day later).'],
  ['FAIL', 'failed', 'The job failed (final); see error_code and fail_reason.'],
  [
    'PENDING_PAYMENT',
    'blocked',
    'A yearly/monthly order waits for payment; nothing changes until the customer pays (Huawei Cloud only; deleted after 14 days).',
  ],
];

/**
 * ECS status fields (field path -> rows): the job's and its sub-jobs'.
 * @example ECS_STATUS_TABLE['status']?.find(([raw]) => raw === 'PENDING_PAYMENT')?.[1] // 'blocked'
 */
export const ECS_STATUS_TABLE: ServiceStatusTable = { status: ECS_ROWS, 'entities.sub_jobs[].status': ECS_ROWS };

/**
 * ECS job and sub-job `status` -> state.
 * @example ECS_STATUS_STATES['PENDING_PAYMENT'] // 'blocked'
 */
export const ECS_STATUS_STATES: Readonly<Record<string, JobState>> = /* @__PURE__ */ statesFromRows(ECS_ROWS);

// Every documented status value of every service, its JobState and what the service means by it.
// Written once: the per-service lookup tables and STATUS_TABLES (rendered by the docs and the
// README) are all derived from the rows below.
import type { JobState, ServiceName } from '../model.js';

/**
 * One documented status value: `[raw value, state, meaning]`.
 * @example const row: StatusTableRow = ['PENDING_PAYMENT', 'blocked', 'A yearly/monthly order waits for payment...'];
 */
export type StatusTableRow = readonly [raw: string | number, state: JobState, meaning: string];

/**
 * The status fields of one service: field path (as in the API) -> its rows.
 * @example const osm: ServiceStatusTable = { status: [[3, 'succeeded', 'Completed.']] };
 */
export type ServiceStatusTable = Readonly<Record<string, readonly StatusTableRow[]>>;

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

const DCS_ROWS: readonly StatusTableRow[] = [
  ['INIT', 'pending', 'The job is waiting to be executed.'],
  ['RUNNING', 'running', 'The job is being executed.'],
  ['SUCCESS', 'succeeded', 'The job succeeded (final).'],
  ['FAIL', 'failed', 'The job failed (final); see fail_reason.'],
];

const CFW_ROWS: readonly StatusTableRow[] = [
  ['Running', 'running', 'The job is being executed.'],
  ['Success', 'succeeded', 'The job succeeded (final).'],
  ['Failed', 'failed', 'The job failed (final).'],
];

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
 * Every documented status value of every service, per status field, with its state and meaning.
 * The single source of the status tables of the docs portal and the README.
 * @example STATUS_TABLES.ecs['status']?.find(([raw]) => raw === 'PENDING_PAYMENT')?.[1] // 'blocked'
 */
export const STATUS_TABLES: Readonly<Record<ServiceName, ServiceStatusTable>> = {
  ecs: { status: ECS_ROWS, 'entities.sub_jobs[].status': ECS_ROWS },
  dcs: { status: DCS_ROWS },
  cfw: { 'data.status': CFW_ROWS },
  servicestage: { 'job.EXECUTION_STATUS': SERVICESTAGE_COMMON_ROWS, 'tasks[].TASK_STATUS': SERVICESTAGE_TASK_ROWS },
  osm: { status: OSM_STATUS_ROWS, 'items_result[].problem_level': OSM_PROBLEM_LEVEL_ROWS },
};

function statesOf(rows: readonly StatusTableRow[]): Readonly<Record<string, JobState>> {
  return Object.freeze(Object.fromEntries(rows.map(([raw, state]) => [String(raw), state])));
}

/**
 * ECS job and sub-job `status` -> state.
 * @example ECS_STATUS_STATES['PENDING_PAYMENT'] // 'blocked'
 */
export const ECS_STATUS_STATES: Readonly<Record<string, JobState>> = statesOf(ECS_ROWS);

/**
 * DCS job `status` -> state.
 * @example DCS_STATUS_STATES['FAIL'] // 'failed'
 */
export const DCS_STATUS_STATES: Readonly<Record<string, JobState>> = statesOf(DCS_ROWS);

/**
 * CFW `data.status` -> state (Title-case values).
 * @example CFW_STATUS_STATES['Success'] // 'succeeded'
 */
export const CFW_STATUS_STATES: Readonly<Record<string, JobState>> = statesOf(CFW_ROWS);

/**
 * ServiceStage job `EXECUTION_STATUS` (v3: `execution_status`) -> state.
 * @example SERVICESTAGE_EXECUTION_STATUS_STATES['ROLLBACKED'] // 'failed'
 */
export const SERVICESTAGE_EXECUTION_STATUS_STATES: Readonly<Record<string, JobState>> = statesOf(SERVICESTAGE_COMMON_ROWS);

/**
 * ServiceStage task `TASK_STATUS` (v3: `task_status`) -> state.
 * @example SERVICESTAGE_TASK_STATUS_STATES['SKIPPED'] // 'succeeded'
 */
export const SERVICESTAGE_TASK_STATUS_STATES: Readonly<Record<string, JobState>> = statesOf(SERVICESTAGE_TASK_ROWS);

/**
 * OSM diagnosis job `status` (an integer) -> state.
 * @example OSM_STATUS_STATES[7] // 'failed'
 */
export const OSM_STATUS_STATES: Readonly<Record<number, JobState>> = statesOf(OSM_STATUS_ROWS);

/**
 * OSM check item `problem_level` (an integer) -> state of the item's subtask.
 * @example OSM_PROBLEM_LEVEL_STATES[4] // 'failed'
 */
export const OSM_PROBLEM_LEVEL_STATES: Readonly<Record<number, JobState>> = statesOf(OSM_PROBLEM_LEVEL_ROWS);

// The persisted form of a wait: enough to continue it in another process with the original deadline.
import { WaitStateError } from './errors.js';

/**
 * The version of {@link WaitState} this release writes. Every release reads every version up to its
 * own; a newer one is refused with a {@link WaitStateError}.
 * @example WAIT_STATE_VERSION // 1
 */
export const WAIT_STATE_VERSION = 1;

/**
 * Version 1 of the persisted wait. JSON-serializable as is (numbers, strings, booleans, null).
 * @example
 * const state: WaitStateV1 = { version: 1, service: 'ecs', jobId: 'ff80808288d41e1b018a', projectId: 'p1', startedAt: 1_767_225_600_000, deadlineAt: 1_767_227_400_000, attempts: 7, seen: true };
 */
export interface WaitStateV1 {
  version: 1;
  /** The service's name, as the wait's `ref.service`. */
  service: string;
  jobId: string;
  /** The project of a project-scoped service, when the caller gave one. */
  projectId?: string;
  /** The reference's other fields (e.g. `{ instanceId }`), when it has any. Absent reads as none. */
  refFields?: Record<string, string>;
  /** When the wait first started, wall-clock epoch ms. */
  startedAt: number;
  /** The original deadline, wall-clock epoch ms; `null` for a wait without a deadline. */
  deadlineAt: number | null;
  /** Requests made so far. */
  attempts: number;
  /** A poll has returned the job (a later 404 means it vanished). Absent reads as `false`. */
  seen?: boolean;
}

/**
 * The persisted wait, as this release writes it (currently {@link WaitStateV1}).
 * @example onState: (state: WaitState) => store.put(key, JSON.stringify(state))
 */
export type WaitState = WaitStateV1;

function fail(reason: string): never {
  throw new WaitStateError(reason);
}

function epochField(record: Record<string, unknown>, key: string): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(`${key}: expected epoch milliseconds, got ${JSON.stringify(value) ?? typeof value}`);
  return value;
}

function readV1(record: Record<string, unknown>): WaitStateV1 {
  const service = record['service'];
  if (typeof service !== 'string' || service === '') fail(`service: expected a non-empty string, got ${JSON.stringify(service) ?? typeof service}`);
  const jobId = record['jobId'];
  if (typeof jobId !== 'string' || jobId === '') fail(`jobId: expected a non-empty string, got ${JSON.stringify(jobId) ?? typeof jobId}`);
  const projectId = record['projectId'];
  if (projectId !== undefined && typeof projectId !== 'string') fail(`projectId: expected a string, got ${typeof projectId}`);
  const refFields = record['refFields'];
  if (refFields !== undefined) {
    if (typeof refFields !== 'object' || refFields === null || Array.isArray(refFields)) fail(`refFields: expected an object, got ${Array.isArray(refFields) ? 'array' : refFields === null ? 'null' : typeof refFields}`);
    for (const [name, value] of Object.entries(refFields)) if (typeof value !== 'string') fail(`refFields.${name}: expected a string, got ${typeof value}`);
  }
  const startedAt = epochField(record, 'startedAt');
  const deadlineAt = record['deadlineAt'] === null ? null : epochField(record, 'deadlineAt');
  if (deadlineAt !== null && deadlineAt < startedAt) fail('deadlineAt: before startedAt');
  const attempts = record['attempts'];
  if (typeof attempts !== 'number' || !Number.isSafeInteger(attempts) || attempts < 0) fail(`attempts: expected a whole number >= 0, got ${JSON.stringify(attempts) ?? typeof attempts}`);
  const seen = record['seen'];
  if (seen !== undefined && typeof seen !== 'boolean') fail(`seen: expected a boolean, got ${typeof seen}`);
  return {
    version: 1,
    service,
    jobId,
    ...(projectId === undefined ? {} : { projectId }),
    ...(refFields === undefined ? {} : { refFields: { ...(refFields as Record<string, string>) } }),
    startedAt,
    deadlineAt,
    attempts,
    seen: seen ?? false,
  };
}

/**
 * Reads a persisted wait state (e.g. `JSON.parse` of what `onState` received), checking every field
 * and upgrading an older version to the current {@link WaitState}. Throws {@link WaitStateError} for
 * anything else, naming the field, and for a version newer than {@link WAIT_STATE_VERSION}.
 * @example
 * const state = readWaitState(JSON.parse(await store.get(key)));
 * const job = await waitForJob(getJob, { resume: state });
 */
export function readWaitState(value: unknown): WaitState {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`);
  const record = value as Record<string, unknown>;
  const version = record['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) fail(`version: expected a whole number >= 1, got ${JSON.stringify(version) ?? typeof version}`);
  if (version > WAIT_STATE_VERSION) {
    fail(`version ${version} was written by a newer release of @cloud-jobs/jobs; this one reads versions up to ${WAIT_STATE_VERSION}: upgrade it, or start a new wait`);
  }
  // Version 1 is the first; a future version 2 adds its reader here and upgrades v1 objects to it.
  return readV1(record);
}

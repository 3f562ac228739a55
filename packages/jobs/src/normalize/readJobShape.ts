// The fields a job cannot be read without: the payload itself, the object holding the job's
// status (CFW `data`, ServiceStage `job`) and the job's status. A wrong type in one of them throws
// UnexpectedResponseError naming the field; every other field of the wrong type is ignored (and
// stays in `raw`).
import { UnexpectedResponseError } from '../errors.js';
import { describeValueType, isPayloadRecord, type PayloadRecord } from './payloadFields.js';

/**
 * The payload as an object, or an {@link UnexpectedResponseError} naming the service and the type
 * it got instead (null, an array, a string, a number...).
 * @example requireJobPayload('ecs', 'oops') // throws UnexpectedResponseError('ecs', 'body: expected a JSON object, got string')
 */
export function requireJobPayload(service: string, payload: unknown): PayloadRecord {
  if (isPayloadRecord(payload)) return payload;
  throw new UnexpectedResponseError(service, `body: expected a JSON object, got ${describeValueType(payload)}`, payload);
}

/**
 * The object holding the job (CFW `data`, ServiceStage `job`): `undefined` when absent or `null`,
 * an {@link UnexpectedResponseError} when of another type.
 * @example readJobContainer('cfw', { data: 5 }, 'data', payload) // throws: 'data: expected an object, got number'
 */
export function readJobContainer(service: string, record: PayloadRecord, key: string, payload: unknown): PayloadRecord | undefined {
  const value = record[key];
  if (value === undefined || value === null) return undefined;
  if (isPayloadRecord(value)) return value;
  throw new UnexpectedResponseError(service, `${key}: expected an object, got ${describeValueType(value)}`, payload);
}

/**
 * The job's status as sent: a string or a number is returned as is (an unlisted one later maps to
 * `unknown`); absent, `null` and `''` are "missing" (`undefined`); a boolean, object or array
 * throws an {@link UnexpectedResponseError} naming `field`.
 * @example readJobStatus('osm', '3', 'status', payload) // '3'
 * @example readJobStatus('ecs', { a: 1 }, 'status', payload) // throws: 'status: expected a string or a number, got object'
 */
export function readJobStatus(service: string, value: unknown, field: string, payload: unknown): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new UnexpectedResponseError(service, `${field}: expected a string or a number, got ${describeValueType(value)}`, payload);
}

/**
 * A subtask's status as sent; anything but a string or a number (absent, `null`, wrong type) is `''`
 * (a subtask is descriptive: its wrong type is ignored, not fatal).
 * @example readSubtaskStatus(true) // ''
 */
export function readSubtaskStatus(value: unknown): string | number {
  return typeof value === 'string' || typeof value === 'number' ? value : '';
}

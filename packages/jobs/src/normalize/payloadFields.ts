// Reading fields out of untyped payloads (JSON, or the official SDK's model objects) without
// trusting their types. Nothing here throws.

/**
 * An object whose fields can be read by name: any non-null, non-array object.
 * @example const body: PayloadRecord = { status: 'RUNNING' };
 */
export type PayloadRecord = Readonly<Record<string, unknown>>;

/**
 * True for any non-null object that is not an array: plain JSON objects, objects without a
 * prototype and the official SDK's model class instances alike.
 * @example isPayloadRecord({ status: 'RUNNING' }) // true
 * @example isPayloadRecord([1]) // false
 */
export function isPayloadRecord(value: unknown): value is PayloadRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Names the JSON type of `value`, for error messages: `null`, `array`, `object`, `string`...
 * @example describeValueType([]) // 'array'
 */
export function describeValueType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Reads a field as text: a string with at least one non-blank character (returned as sent), or a
 * finite number (as its decimal string, for IDs and codes sent as integers). Anything else,
 * `null`, `''` and blank strings included, reads as `undefined`.
 * @example readTextField({ job_id: 42 }, 'job_id') // '42'
 * @example readTextField({ fail_reason: null }, 'fail_reason') // undefined
 */
export function readTextField(record: PayloadRecord, key: string): string | undefined {
  return textOf(record[key]);
}

/**
 * The text of a value by the rules of {@link readTextField}.
 * @example textOf(' ') // undefined
 */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * Reads a field that should hold an object; any other type reads as `undefined`.
 * @example readRecordField({ entities: 'x' }, 'entities') // undefined
 */
export function readRecordField(record: PayloadRecord, key: string): PayloadRecord | undefined {
  const value = record[key];
  return isPayloadRecord(value) ? value : undefined;
}

/**
 * Reads a field that should hold an array of objects: entries that are not objects are dropped;
 * a field that is not an array reads as `[]`.
 * @example readRecordList({ sub_jobs: [{ status: 'INIT' }, 3] }, 'sub_jobs').length // 1
 */
export function readRecordList(record: PayloadRecord, key: string): PayloadRecord[] {
  const value = record[key];
  return Array.isArray(value) ? value.filter(isPayloadRecord) : [];
}

/**
 * Reads a count: a non-negative safe integer, or a string of digits; anything else is `undefined`.
 * @example readCountField({ task_count: '5' }, 'task_count') // 5
 */
export function readCountField(record: PayloadRecord, key: string): number | undefined {
  const value = record[key];
  const count = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/**
 * Reads a field named in UPPERCASE (ServiceStage v2) or lowercase (v3): the UPPERCASE key wins
 * when both are present.
 * @example readEitherCase({ execution_status: 'RUNNING' }, 'EXECUTION_STATUS') // 'RUNNING'
 */
export function readEitherCase(record: PayloadRecord, upperKey: string): unknown {
  const upper = record[upperKey];
  return upper === undefined || upper === null ? record[upperKey.toLowerCase()] : upper;
}

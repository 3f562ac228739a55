// CCE times are Go's default time format, not ISO 8601.
import { parseJobTime } from '../../normalize/parseJobTime.js';

const GO_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))? ([+-]\d{2})(\d{2})(?: [A-Za-z][A-Za-z0-9+-]*)?$/;

/**
 * A CCE time such as `2020-02-02 08:12:40.672772389 +0000 UTC` (Go's default format: nanoseconds,
 * a numeric offset, a zone name) as a Date, to the millisecond; anything else as parseJobTime reads it.
 * @example parseCceTime('2020-02-02 08:12:40.672772389 +0000 UTC')?.toISOString() // '2020-02-02T08:12:40.672Z'
 */
export function parseCceTime(value: unknown): Date | undefined {
  const match = typeof value === 'string' ? GO_TIME.exec(value.trim()) : null;
  if (!match) return parseJobTime(value);
  const [, date, time, fraction = '', offsetHours, offsetMinutes] = match;
  return parseJobTime(`${date}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}${offsetHours}:${offsetMinutes}`);
}

// One parser for every time format the job APIs send.

/** Epoch values at or above this are milliseconds, below it seconds (1e11 ms is in 1973, 1e11 s in 5138). */
const EPOCH_MS_THRESHOLD = 1e11;

/** The largest time a `Date` can hold, in ms either side of the epoch. */
const MAX_DATE_MS = 8.64e15;

/**
 * `YYYY-MM-DD`, optionally `THH:MM[:SS[.fraction]]` (`T`, `t` or a space), optionally followed by
 * `Z` or an offset `+HH:MM`, `+HHMM` or `+HH`.
 */
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;

function fromEpoch(epoch: number): Date | undefined {
  if (!Number.isFinite(epoch) || epoch <= 0) return undefined;
  const ms = epoch >= EPOCH_MS_THRESHOLD ? epoch : epoch * 1000;
  if (ms > MAX_DATE_MS) return undefined;
  return new Date(Math.trunc(ms));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function fromIso(text: string): Date | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zulu, sign, oh = '0', om = '0'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const offsetHours = Number(oh);
  const offsetMinutes = Number(om);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) return undefined;
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const offset = zulu || !sign ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const time = date.getTime() - offset * 60_000;
  return Number.isFinite(time) && Math.abs(time) <= MAX_DATE_MS ? new Date(time) : undefined;
}

/**
 * Parses a job time in any form the job APIs send, and never throws:
 * - a number, or a string of digits: Unix epoch, in milliseconds when `>= 1e11`, else in seconds
 *   (DCS `"1684191545379"`, CFW `1641370501000`, OSM `create_time`); `0` and negative values are
 *   "not set";
 * - an ISO 8601 string with or without fractional seconds and with `Z`, `+08:00`, `+0800`, `+08`
 *   or no offset (read as UTC: the services send UTC, and the result must not depend on the
 *   machine's time zone);
 * - a valid `Date` (copied).
 *
 * `null`, `undefined`, `''`, anything else, impossible dates (`2023-02-30`) and times outside the
 * range of `Date` give `undefined`.
 * @example parseJobTime('2023-10-26T10:30:00+0800')?.toISOString() // '2023-10-26T02:30:00.000Z'
 * @example parseJobTime('1684191545379')?.toISOString() // '2023-05-15T22:59:05.379Z'
 * @example parseJobTime(1641370501) // the same instant as 1641370501000
 * @example parseJobTime('soon') // undefined
 */
export function parseJobTime(value: unknown): Date | undefined {
  try {
    if (typeof value === 'number') return fromEpoch(value);
    if (typeof value === 'bigint') return fromEpoch(Number(value));
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
    if (typeof value !== 'string') return undefined;
    const text = value.trim();
    if (text === '') return undefined;
    if (/^\d+$/.test(text)) return fromEpoch(Number(text));
    return fromIso(text);
  } catch {
    return undefined;
  }
}

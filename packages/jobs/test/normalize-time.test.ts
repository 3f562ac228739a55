// parseJobTime: every time form the five job APIs send, and everything that is not a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJobTime } from '../src/normalize/index.js';

const iso = (value: unknown) => parseJobTime(value)?.toISOString();

describe('parseJobTime', () => {
  it('reads ISO 8601 with Z and milliseconds (ECS, ServiceStage)', () => {
    expect(iso('2016-04-25T20:04:34.604Z')).toBe('2016-04-25T20:04:34.604Z');
    expect(iso('2020-02-04T04:01:03.344Z')).toBe('2020-02-04T04:01:03.344Z');
  });

  it('reads the offset forms +0800, +08:00, +08, -05:30 and z', () => {
    expect(iso('2023-10-26T10:30:00+0800')).toBe('2023-10-26T02:30:00.000Z');
    expect(iso('2023-10-26T10:30:00+08:00')).toBe('2023-10-26T02:30:00.000Z');
    expect(iso('2023-10-26T10:30:00+08')).toBe('2023-10-26T02:30:00.000Z');
    expect(iso('2023-10-26T10:30:00-05:30')).toBe('2023-10-26T16:00:00.000Z');
    expect(iso('2023-10-26T10:30:00z')).toBe('2023-10-26T10:30:00.000Z');
    expect(iso('2023-10-26T10:30:00Z')).toBe('2023-10-26T10:30:00.000Z');
  });

  it('reads fractional seconds of any length (truncated to ms)', () => {
    expect(iso('2020-01-04T09:05:22.701000Z')).toBe('2020-01-04T09:05:22.701Z');
    expect(iso('2020-01-04T09:05:22.7Z')).toBe('2020-01-04T09:05:22.700Z');
    expect(iso('2020-01-04T09:05:22,25+0100')).toBe('2020-01-04T08:05:22.250Z');
  });

  it('reads a time without offset, or a date alone, as UTC', () => {
    expect(iso('2023-10-26T10:30:00')).toBe('2023-10-26T10:30:00.000Z');
    expect(iso('2023-10-26 10:30')).toBe('2023-10-26T10:30:00.000Z');
    expect(iso('2023-10-26')).toBe('2023-10-26T00:00:00.000Z');
  });

  it('reads epoch milliseconds as a number or a digit string (CFW, DCS)', () => {
    expect(iso(1641370501000)).toBe('2022-01-05T08:15:01.000Z');
    expect(iso('1684191545379')).toBe('2023-05-15T22:59:05.379Z');
    expect(iso(' 1684191548248 ')).toBe('2023-05-15T22:59:08.248Z');
  });

  it('reads epoch seconds below 1e11, as a number or a digit string (OSM create_time)', () => {
    expect(iso(1641370501)).toBe('2022-01-05T08:15:01.000Z');
    expect(iso('1641370501')).toBe('2022-01-05T08:15:01.000Z');
    expect(iso(99_999_999_999)).toBe(new Date(99_999_999_999_000).toISOString());
    expect(iso(100_000_000_000)).toBe(new Date(100_000_000_000).toISOString());
    expect(iso(2147483647)).toBe('2038-01-19T03:14:07.000Z');
  });

  it('copies a valid Date', () => {
    const date = new Date('2024-01-01T00:00:00Z');
    const parsed = parseJobTime(date);
    expect(parsed).toEqual(date);
    expect(parsed).not.toBe(date);
    expect(parseJobTime(new Date(Number.NaN))).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty string', ''],
    ['blank string', '   '],
    ['zero', 0],
    ['"0"', '0'],
    ['negative', -5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['ms beyond Date range', 9e15],
    ['digit string beyond Date range', '99999999999999999999'],
    ['words', 'soon'],
    ['half a date', '2023-10'],
    ['month 13', '2023-13-01T00:00:00Z'],
    ['February 30', '2023-02-30T00:00:00Z'],
    ['February 29 in a common year', '2023-02-29'],
    ['hour 24', '2023-10-26T24:00:00Z'],
    ['minute 60', '2023-10-26T10:60:00Z'],
    ['bad offset', '2023-10-26T10:30:00+2500'],
    ['trailing junk', '2023-10-26T10:30:00Zjunk'],
    ['decimal string', '1641370501.5'],
    ['boolean', true],
    ['object', { time: 1 }],
    ['array', [1641370501000]],
  ])('gives undefined for %s', (_label, value) => {
    expect(parseJobTime(value)).toBeUndefined();
  });

  it('accepts February 29 in a leap year', () => {
    expect(iso('2024-02-29T12:00:00Z')).toBe('2024-02-29T12:00:00.000Z');
  });

  it('never throws and returns a valid Date or undefined, whatever it is given', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.string(), fc.double(), fc.integer(), fc.date({ noInvalidDate: false })), (value) => {
        const result = parseJobTime(value);
        expect(result === undefined || (result instanceof Date && !Number.isNaN(result.getTime()))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips any time in range written as ISO, epoch ms or epoch seconds', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1973-03-04T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }), (date) => {
        expect(parseJobTime(date.toISOString())).toEqual(date);
        expect(parseJobTime(date.getTime())).toEqual(date);
        expect(parseJobTime(String(date.getTime()))).toEqual(date);
        const seconds = Math.floor(date.getTime() / 1000);
        if (seconds < 1e11) expect(parseJobTime(seconds)?.getTime()).toBe(seconds * 1000);
      }),
    );
  });
});

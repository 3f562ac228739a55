// parseDuration reads what people type for --timeout / --interval; formatDuration prints elapsed time.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../src/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30m', 1_800_000],
    ['90s', 90_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['2000', 2000],
    ['0', 0],
    ['1.5s', 1500],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1m500ms', 60_500],
    [' 10S ', 10_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', ' ', '5x', 'm', '-5s', '5 min', '1e3', 'Infinity', 'NaN', '1.s', '.5s', 's5', '1h 30m', '0x10'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.0s'],
    [-5, '0.0s'],
    [Number.NaN, '0.0s'],
    [3_249, '3.2s'],
    [9_999, '9.9s'],
    [10_000, '10s'],
    [42_900, '42s'],
    [60_000, '1m00s'],
    [65_000, '1m05s'],
    [1_800_000, '30m00s'],
    [3_725_000, '1h02m05s'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

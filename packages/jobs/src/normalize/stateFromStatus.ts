// Looking a raw status up in a status table: exact match first, then a forgiving one.
import type { JobState, StatusTableRow } from '@cloud-jobs/core';
import { asciiTrim, asciiUpper } from './asciiCase.js';

function lookup(table: Readonly<Record<string, JobState>>, key: string): JobState | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * The state of a raw status in a string-keyed table: the exact value first, then the value trimmed
 * (ASCII white space) and compared with ASCII-only case folding (so `ſuccess`, with U+017F, is not
 * SUCCESS). A value the table does not have is `unknown` (never a guess);
 * so is a missing status (`undefined`, `null`, `''`).
 * @example stateFromStatus(CFW_STATUS_STATES, ' SUCCESS ') // 'succeeded'
 * @example stateFromStatus(ECS_STATUS_STATES, 'PAUSED') // 'unknown'
 */
export function stateFromStatus(table: Readonly<Record<string, JobState>>, status: unknown): JobState {
  if (typeof status !== 'string' && typeof status !== 'number') return 'unknown';
  const raw = String(status);
  const exact = lookup(table, raw);
  if (exact) return exact;
  const folded = asciiUpper(asciiTrim(raw));
  if (folded === '') return 'unknown';
  for (const key of Object.keys(table)) {
    if (asciiUpper(key) === folded) return lookup(table, key) ?? 'unknown';
  }
  return 'unknown';
}

/**
 * The state of a raw status in an integer-keyed table (OSM): an integer first, then a string of
 * digits, trimmed (`"3"`, `" 03 "`), as the official SDK's enum decoder accepts. Anything else is
 * `unknown`.
 * @example stateFromNumericStatus(OSM_STATUS_STATES, '3') // 'succeeded'
 * @example stateFromNumericStatus(OSM_STATUS_STATES, 5) // 'unknown'
 */
export function stateFromNumericStatus(table: Readonly<Record<number, JobState>>, status: unknown): JobState {
  const byKey = table as Readonly<Record<string, JobState>>;
  if (typeof status === 'number') return Number.isInteger(status) ? (lookup(byKey, String(status)) ?? 'unknown') : 'unknown';
  if (typeof status !== 'string') return 'unknown';
  const exact = lookup(byKey, status);
  if (exact) return exact;
  const digits = /^[ \t\r\n]*\+?([0-9]{1,15})[ \t\r\n]*$/.exec(status)?.[1];
  return digits === undefined ? 'unknown' : (lookup(byKey, String(Number(digits))) ?? 'unknown');
}

/**
 * The lookup table of a service's status rows: raw value (as text) -> state. Frozen.
 * @example statesFromRows([['RUNNING', 'running', 'In progress.']]) // { RUNNING: 'running' }
 */
export function statesFromRows(rows: readonly StatusTableRow[]): Readonly<Record<string, JobState>> {
  return Object.freeze(Object.fromEntries(rows.map(([raw, state]) => [String(raw), state])));
}

// Durations on the command line (`30m`, `90s`, `1h30m`, `500ms`, `2000`) and on screen (`1m05s`).

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/**
 * Parses a duration into milliseconds: a number with a unit (`500ms`, `90s`, `1.5s`, `30m`, `1h`),
 * several of them joined (`1h30m`, `2m30s`), or a plain number of milliseconds (`2000`).
 * Returns `undefined` for anything else (empty, negative, unknown unit, not finite).
 * @example
 * parseDuration('30m');   // 1_800_000
 * parseDuration('1h30m'); // 5_400_000
 * parseDuration('500');   // 500
 * parseDuration('5 min'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const value = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/**
 * Formats a duration for people: tenths of a second under 10 s, then whole seconds, minutes and
 * hours, so a live line ticks visibly and never grows long.
 * @example
 * formatDuration(3_240);     // '3.2s'
 * formatDuration(42_000);    // '42s'
 * formatDuration(65_000);    // '1m05s'
 * formatDuration(3_725_000); // '1h02m05s'
 */
export function formatDuration(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)}s`;
  const seconds = Math.floor(safe / 1000);
  const s = seconds % 60;
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}

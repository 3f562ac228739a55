// Reading the Retry-After header.

/**
 * `Retry-After` as milliseconds: delay-seconds (`"2"`, tolerated `"1.5"`), or an HTTP date (a date
 * already past gives 0). A missing or unreadable value gives `undefined`. Never throws.
 * @example parseRetryAfterMs('2') // 2000
 * @example parseRetryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT')) // 30000
 */
export function parseRetryAfterMs(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const ms = Math.round(Number(text) * 1000);
    return Number.isSafeInteger(ms) ? ms : undefined;
  }
  if (!/[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

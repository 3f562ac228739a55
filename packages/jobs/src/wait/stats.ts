// The small record every exit of a wait carries: on success in the result, on errors as `stats`.

/**
 * How a wait went. The same record reaches `onSettled`, the result of `waitForJobWithStats`, and
 * every error the wait rejects with (as `error.stats`), except an abort reason, which is the
 * caller's own object and is never modified (read the stats in `onSettled` then).
 * @example
 * const stats: WaitStats = { attempts: 4, elapsedMs: 9_812, errorsRetried: 1, statusesSeen: ['INIT', 'RUNNING', 'SUCCESS'] };
 */
export interface WaitStats {
  /** Requests made (`getJob` calls), counting those of the waits this one resumed. */
  readonly attempts: number;
  /** Time since the wait started (the original start when resumed), ms. */
  readonly elapsedMs: number;
  /** Failed polls that were retried (transient, throttled, or a 404 within the grace). */
  readonly errorsRetried: number;
  /** The distinct raw statuses the service sent, in the order first seen. */
  readonly statusesSeen: readonly (string | number)[];
}

/**
 * An error a wait rejected with: it carries the wait's {@link WaitStats}.
 * @example if (isWaitError(error)) log(error.stats.attempts);
 */
export interface WaitError {
  readonly stats: WaitStats;
}

function isStats(value: unknown): value is WaitStats {
  if (typeof value !== 'object' || value === null) return false;
  const stats = value as Record<string, unknown>;
  return typeof stats['attempts'] === 'number' && typeof stats['elapsedMs'] === 'number' && typeof stats['errorsRetried'] === 'number' && Array.isArray(stats['statusesSeen']);
}

/**
 * True when `error` is an Error a wait rejected with, carrying `stats`.
 * @example
 * try { await waitForJob(getJob, options); } catch (error) { if (isWaitError(error)) console.log(error.stats); }
 */
export function isWaitError(error: unknown): error is Error & WaitError {
  return error instanceof Error && isStats((error as { stats?: unknown }).stats);
}

/**
 * Gives `error` a read-only `stats` property (when it is an extensible Error without one) and returns
 * the stats it now carries. Used on errors made for, or thrown during, this one wait only.
 * @example const stats = attachStats(new Error('boom'), snapshot);
 */
export function attachStats(error: unknown, stats: WaitStats): WaitStats {
  if (isWaitError(error)) return error.stats;
  if (error instanceof Error && Object.isExtensible(error)) {
    Object.defineProperty(error, 'stats', { value: stats, enumerable: true, writable: false, configurable: true });
  }
  return stats;
}

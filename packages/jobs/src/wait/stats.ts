// The small record every exit of a wait carries: on success in the result, on errors as `stats`.

import type { WaitStats } from '@cloud-jobs/core';

/** How a wait went (defined in @cloud-jobs/core, carried by its wait errors). */
export type { WaitStats };

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

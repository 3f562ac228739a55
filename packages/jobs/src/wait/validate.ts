// Eager option checks: a bad option throws a JobsConfigError naming it (`field`: `options.<name>`), before any request.
import { JobsConfigError } from '@cloud-jobs/core';
import { MAX_TIMER_MS, type WaitClock } from './clock.js';

/**
 * How a number option may look.
 * @example const rule: NumberRule = { min: 1, max: MAX_TIMER_MS, infinity: true };
 */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  min: number;
  /** Largest allowed finite value (inclusive). */
  max?: number;
  /** `Infinity` is allowed (meaning "no limit"). */
  infinity?: boolean;
  /** Only whole numbers. */
  integer?: boolean;
}

/**
 * Checks one number option and returns it, or its default when it is `undefined`.
 * @example checkNumber('waitForJob', 'minDelayMs', options.minDelayMs, 2000, { min: 1, max: MAX_TIMER_MS })
 */
export function checkNumber(where: string, name: string, value: unknown, fallback: number, rule: NumberRule): number {
  if (value === undefined) return fallback;
  const max = rule.max ?? Number.MAX_SAFE_INTEGER;
  const range = `${rule.integer ? 'an integer' : 'a number'} from ${rule.min} to ${max}${rule.infinity ? ' (or Infinity)' : ''}`;
  if (typeof value !== 'number') throw new JobsConfigError(`options.${name}`, `${where}: options.${name} must be ${range}, got ${typeof value}`);
  if (value === Infinity && rule.infinity) return value;
  if (Number.isNaN(value) || value < rule.min || value > max || (rule.integer && !Number.isInteger(value))) {
    throw new JobsConfigError(`options.${name}`, `${where}: options.${name} must be ${range}, got ${value}`);
  }
  return value;
}

/**
 * Checks a millisecond option that arms a timer (at most {@link MAX_TIMER_MS}).
 * @example checkTimerMs('waitForJob', 'maxDelayMs', 30_000, 30_000, 1)
 */
export function checkTimerMs(where: string, name: string, value: unknown, fallback: number, min: number): number {
  return checkNumber(where, name, value, fallback, { min, max: MAX_TIMER_MS });
}

/**
 * Checks an optional callback.
 * @example const onProgress = checkFunction('waitForJob', 'onProgress', options.onProgress);
 */
export function checkFunction<F>(where: string, name: string, value: F | undefined): F | undefined {
  if (value !== undefined && typeof value !== 'function') throw new JobsConfigError(`options.${name}`, `${where}: options.${name} must be a function, got ${typeof value}`);
  return value;
}

/**
 * Checks an optional boolean.
 * @example checkBoolean('waitForJob', 'failOnBlocked', options.failOnBlocked, false)
 */
export function checkBoolean(where: string, name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new JobsConfigError(`options.${name}`, `${where}: options.${name} must be a boolean, got ${typeof value}`);
  return value;
}

/**
 * Checks an optional AbortSignal (anything shaped like one, so signals of other realms pass).
 * @example checkSignal('waitForJob', 'signal', options.signal)
 */
export function checkSignal(where: string, name: string, value: unknown): AbortSignal | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<AbortSignal> | null;
  if (typeof value !== 'object' || candidate === null || typeof candidate.aborted !== 'boolean' || typeof candidate.addEventListener !== 'function' || typeof candidate.removeEventListener !== 'function') {
    throw new JobsConfigError(`options.${name}`, `${where}: options.${name} must be an AbortSignal`);
  }
  return value as AbortSignal;
}

/**
 * Checks an optional partial {@link WaitClock}: each part given must be a function.
 * @example checkClock('createRateLimiter', options.clock)
 */
export function checkClock(where: string, value: unknown): Partial<WaitClock> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new JobsConfigError('options.clock', `${where}: options.clock must be an object, got ${value === null ? 'null' : typeof value}`);
  for (const part of ['now', 'wallNow', 'sleep', 'random'] as const) {
    const fn = (value as Record<string, unknown>)[part];
    if (fn !== undefined && typeof fn !== 'function') throw new JobsConfigError(`options.clock.${part}`, `${where}: options.clock.${part} must be a function, got ${typeof fn}`);
  }
  return value as Partial<WaitClock>;
}

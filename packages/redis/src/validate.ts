// Option checks: a JobsConfigError naming the option, never its value when it could be a secret.
import { JobsConfigError } from '@cloud-jobs/jobs';
import type { Redis } from 'ioredis';

export function checkRedis(where: string, value: unknown): Redis {
  const redis = value as Partial<Redis> | null;
  if (typeof value !== 'object' || redis === null || typeof redis.evalsha !== 'function' || typeof redis.eval !== 'function' || typeof redis.get !== 'function') {
    throw new JobsConfigError('redis', `${where}: options.redis must be an ioredis client (connectRedis(url), or new Redis(...))`);
  }
  return value as Redis;
}

export function checkNumber(where: string, field: string, value: unknown, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new JobsConfigError(field, `${where}: options.${field} must be a number from ${min} to ${max}, got ${typeof value === 'number' ? String(value) : typeof value}`);
  }
  return value;
}

/** A non-empty, printable key part (a Redis key name or part of one). */
export function checkName(where: string, field: string, value: unknown, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value === '' || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new JobsConfigError(field, `${where}: options.${field} must be a non-empty string of at most 200 printable characters`);
  }
  return value;
}

export function checkHook<T extends (...args: never[]) => unknown>(where: string, field: string, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function') throw new JobsConfigError(field, `${where}: options.${field} must be a function`);
  return value as T;
}

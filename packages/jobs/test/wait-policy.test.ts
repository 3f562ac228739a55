// The error policy (classifyStatus, classifyError) and the delay arithmetic (backoff, Retry-After,
// deadline cut), as unit tables and fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, JobNotFoundError, UnexpectedResponseError } from '../src/errors.js';
import type { ApiErrorKind } from '@cloud-jobs/core';
import { errorKindOf } from '../src/normalize/errorKind.js';
import { services } from '../src/serviceRegistry.js';
import { backoffDelay, cutToDeadline, retryDelay } from '../src/wait/backoff.js';
import { GATEWAY_THROTTLE_CODES, classifyError, classifyStatus, type ClassifyContext } from '../src/wait/index.js';

/** What fetchJob marks on an ApiError: the kind the registered services' code lists give `code`. */
function kindOf(code: string | undefined): ApiErrorKind | undefined {
  for (const service of services) {
    const kind = errorKindOf(service, code);
    if (kind) return kind;
  }
  return undefined;
}

const seen: ClassifyContext = { jobSeen: true, elapsedMs: 0, notFoundGraceMs: 30_000 };

function api(status: number, extra: { code?: string; retryAfterMs?: number } = {}): ApiError {
  const kind = kindOf(extra.code);
  return new ApiError({ service: 'ecs', status, message: 'x', ...extra, ...(kind ? { kind } : {}) });
}

describe('classifyStatus', () => {
  it.each([
    [0, undefined, 'transient'],
    [408, undefined, 'transient'],
    [500, undefined, 'transient'],
    [502, undefined, 'transient'],
    [503, undefined, 'transient'],
    [504, undefined, 'transient'],
    [507, undefined, 'transient'],
    [501, undefined, 'fatal'],
    [505, undefined, 'fatal'],
    [429, undefined, 'throttled'],
    [429, 'APIG.0308', 'throttled'],
    [503, 'Common.1503', 'throttled'],
    [202, 'Common.0024', 'throttled'],
    [202, ' common.0024 ', 'throttled'],
    [400, 'APIGW.0308', 'throttled'],
    [202, undefined, 'fatal'],
    [200, 'OSM.01010001', 'not-found'],
    [200, 'OSM.01010002', 'fatal'],
    [404, undefined, 'not-found'],
    [400, 'Common.0011', 'not-found'],
    [400, 'CFW.00200005', 'not-found'],
    [400, 'Common.0021', 'fatal'],
    [401, undefined, 'fatal'],
    [403, undefined, 'fatal'],
    [409, undefined, 'fatal'],
  ] as const)('%i %s -> %s', (status, code, expected) => {
    expect(classifyStatus(status, code, kindOf(code))).toBe(expected);
  });

  it('knows the documented throttling codes: the gateway\'s, and the services\' in their descriptors', () => {
    expect([...GATEWAY_THROTTLE_CODES, ...services.flatMap((s) => s.throttleCodes)].sort()).toEqual(['APIG.0308', 'APIGW.0308', 'Common.0024', 'Common.1503']);
  });

  it('knows no service code by itself: a service code counts only through ApiError.kind', () => {
    expect(classifyStatus(400, 'Common.0011')).toBe('fatal');
    expect(classifyStatus(202, 'Common.0024')).toBe('fatal');
    expect(classifyStatus(400, 'Common.0011', 'not-found')).toBe('not-found');
    expect(classifyStatus(202, 'Anything.1', 'throttled')).toBe('throttled');
  });
});

describe('classifyError', () => {
  it('retries transient and throttled ApiErrors, with their Retry-After', () => {
    expect(classifyError(api(503, { retryAfterMs: 2000 }), seen)).toEqual({ kind: 'transient', retry: true, retryAfterMs: 2000 });
    expect(classifyError(api(0), seen)).toEqual({ kind: 'transient', retry: true, retryAfterMs: undefined });
    expect(classifyError(api(429, { retryAfterMs: 1000 }), seen)).toEqual({ kind: 'throttled', retry: true, retryAfterMs: 1000 });
    expect(classifyError(api(202, { code: 'Common.0024' }), seen)).toEqual({ kind: 'throttled', retry: true, retryAfterMs: undefined });
  });

  it('a 404 is "not yet visible" only before the job was seen and within the grace', () => {
    const notFound = api(404);
    expect(classifyError(notFound, { jobSeen: false, elapsedMs: 29_999, notFoundGraceMs: 30_000 }).kind).toBe('not-yet-visible');
    expect(classifyError(notFound, { jobSeen: false, elapsedMs: 30_000, notFoundGraceMs: 30_000 }).kind).toBe('vanished');
    expect(classifyError(notFound, { jobSeen: true, elapsedMs: 0, notFoundGraceMs: 30_000 }).kind).toBe('vanished');
    expect(classifyError(notFound, { jobSeen: false, elapsedMs: 0, notFoundGraceMs: 0 }).kind).toBe('vanished');
    expect(classifyError(new JobNotFoundError({ service: 'dcs', status: 404, message: 'gone' }), seen)).toEqual({ kind: 'vanished', retry: false, retryAfterMs: undefined });
  });

  it('fails at once on other 4xx and on everything that is not an ApiError', () => {
    for (const error of [api(400), api(401), api(403), api(501), new UnexpectedResponseError('cfw', 'data: expected an object', 1), new TypeError('bug'), 'text', undefined, null]) {
      expect(classifyError(error, seen)).toEqual({ kind: 'fatal', retry: false, retryAfterMs: undefined });
    }
  });

  it('is total: never throws, and retries exactly what classifyStatus allows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), fc.option(fc.constantFrom('Common.0024', 'APIG.0308', 'Ecs.0001', ''), { nil: undefined }), fc.boolean(), fc.nat(), fc.nat(), (status, code, jobSeen, elapsedMs, notFoundGraceMs) => {
        const verdict = classifyError(api(status, code === undefined ? {} : { code }), { jobSeen, elapsedMs, notFoundGraceMs });
        const statusClass = classifyStatus(status, code, kindOf(code));
        expect(verdict.retry).toBe(statusClass === 'transient' || statusClass === 'throttled' || (statusClass === 'not-found' && !jobSeen && elapsedMs < notFoundGraceMs));
      }),
    );
  });
});

describe('backoff arithmetic', () => {
  const bounds = { minDelayMs: 2000, maxDelayMs: 30_000 };

  it('full jitter between min and a doubling ceiling, exact for a given random draw', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, bounds, 0.5))).toEqual([3000, 5000, 9000, 16_000, 16_000, 16_000]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, bounds, 0))).toEqual([2000, 2000, 2000, 2000]);
    expect(backoffDelay(4, bounds, 0.999999)).toBeCloseTo(29_999.972, 2);
    expect(backoffDelay(1_000_000, bounds, 0.25)).toBe(9000);
  });

  it('Retry-After is a floor clamped to [min, max]', () => {
    expect(retryDelay(1, bounds, 0, 5000)).toBe(5000);
    expect(retryDelay(1, bounds, 0, 3_600_000)).toBe(30_000);
    expect(retryDelay(1, bounds, 0, 0)).toBe(2000);
    expect(retryDelay(3, bounds, 0.5, 3000)).toBe(9000);
    expect(retryDelay(1, bounds, 0.5, undefined)).toBe(3000);
  });

  it('the deadline cut', () => {
    expect(cutToDeadline(8000, 5000, 1000)).toBe(4000);
    expect(cutToDeadline(3000, 5000, 1000)).toBe(3000);
    expect(cutToDeadline(8000, 1000, 1000)).toBeUndefined();
    expect(cutToDeadline(8000, -5, 1000)).toBeUndefined();
    expect(cutToDeadline(8000, Infinity, 1000)).toBe(8000);
  });

  it('property: every delay is within [min, max], at least the clamped Retry-After, and never past the deadline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.option(fc.integer({ min: 0, max: 100_000_000 }), { nil: undefined }),
        fc.integer({ min: -10_000, max: 10_000_000 }),
        fc.integer({ min: 0, max: 5000 }),
        (minDelayMs, spread, attempt, random, retryAfterMs, remainingMs, leadMs) => {
          const b = { minDelayMs, maxDelayMs: minDelayMs + spread };
          const delay = retryDelay(attempt, b, random, retryAfterMs);
          expect(delay).toBeGreaterThanOrEqual(b.minDelayMs);
          expect(delay).toBeLessThanOrEqual(b.maxDelayMs);
          expect(delay).toBeLessThanOrEqual(Math.min(b.maxDelayMs, b.minDelayMs * 2 ** attempt) + (retryAfterMs ?? 0));
          if (retryAfterMs !== undefined) expect(delay).toBeGreaterThanOrEqual(Math.min(b.maxDelayMs, retryAfterMs));
          const cut = cutToDeadline(delay, remainingMs, leadMs);
          if (cut === undefined) {
            expect(remainingMs - leadMs).toBeLessThanOrEqual(0);
          } else {
            expect(cut).toBeGreaterThan(0);
            expect(cut).toBeLessThanOrEqual(delay);
            expect(cut + leadMs).toBeLessThanOrEqual(remainingMs);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

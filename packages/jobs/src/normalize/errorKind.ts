// What a service's own error code says beyond the HTTP status: no such job, or slow down.
import type { ApiErrorKind } from '@cloud-jobs/core';
import { asciiLower, asciiTrim } from './asciiCase.js';

/**
 * A service's error codes that mean "no such job" and "slow down", whatever the HTTP status.
 * @example const codes: ErrorCodeLists = { notFoundCodes: ['Job.0404'], throttleCodes: [] };
 */
export interface ErrorCodeLists {
  readonly notFoundCodes: readonly string[];
  readonly throttleCodes: readonly string[];
}

/**
 * The `kind` an ApiError with `code` gets from a service's lists: throttle codes compare with ASCII
 * white space trimmed and ASCII case folded (gateways vary the case), not-found codes trimmed.
 * @example errorKindOf({ notFoundCodes: [], throttleCodes: ['Common.0024'] }, ' common.0024 ') // 'throttled'
 */
export function errorKindOf(lists: ErrorCodeLists | undefined, code: string | undefined): ApiErrorKind | undefined {
  if (lists === undefined || code === undefined) return undefined;
  const trimmed = asciiTrim(code);
  const folded = asciiLower(trimmed);
  if (lists.throttleCodes.some((known) => asciiLower(known) === folded)) return 'throttled';
  if (lists.notFoundCodes.includes(trimmed)) return 'not-found';
  return undefined;
}

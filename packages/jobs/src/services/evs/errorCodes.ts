// EVS error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * EVS answers an unknown or empty job ID with 400 `Common.0011` ("query job fail." / "No jobs
 * found."); its error-code appendix lists no throttling code of its own (the gateway's apply).
 * @example EVS_ERROR_CODES.notFoundCodes.includes('Common.0011') // true
 */
export const EVS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['Common.0011'], throttleCodes: [] };

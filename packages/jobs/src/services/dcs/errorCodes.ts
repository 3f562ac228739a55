// DCS error codes that mean more than their HTTP status: none known (an unknown job is a 404).
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * DCS has no service-specific not-found or throttling codes; HTTP 404 and 429 say it.
 * @example DCS_ERROR_CODES.notFoundCodes.length // 0
 */
export const DCS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: [], throttleCodes: [] };

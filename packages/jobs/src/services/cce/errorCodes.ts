// CCE error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * CCE answers an unknown job ID with a plain HTTP 404 (`NotFound`), which needs no code here, and
 * throttles with HTTP 429 (`TooManyRequests`) like the gateway: no codes of its own.
 * @example CCE_ERROR_CODES.notFoundCodes.length // 0
 */
export const CCE_ERROR_CODES: ErrorCodeLists = { notFoundCodes: [], throttleCodes: [] };

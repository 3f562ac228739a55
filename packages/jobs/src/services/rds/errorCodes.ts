// RDS error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * RDS answers an unknown task ID (also one not visible yet, a few seconds after the operation)
 * with 400 `DBS.200543` ("The job does not exist."); its v1 APIs use `RDS.5041` (404). The
 * error-code appendix lists no throttling code of its own (the gateway's apply).
 * @example RDS_ERROR_CODES.notFoundCodes.includes('DBS.200543') // true
 */
export const RDS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['DBS.200543', 'RDS.5041'], throttleCodes: [] };

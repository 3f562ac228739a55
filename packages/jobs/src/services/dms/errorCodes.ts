// DMS for Kafka error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * DMS answers a task ID of a wrong form with 400 `DMS.00400070` ("Invalid task ID format."): no
 * such task. An unknown instance (404 `DMS.00404022`) is left to its HTTP status (a 404 is
 * "not found" already). The appendix lists no throttling code of its own (the gateway's apply).
 * @example DMS_ERROR_CODES.notFoundCodes.includes('DMS.00400070') // true
 */
export const DMS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['DMS.00400070'], throttleCodes: [] };

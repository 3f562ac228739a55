// CFW error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * Cloud Firewall answers an unknown job ID with 400 `CFW.00200005` (object does not exist).
 * @example CFW_ERROR_CODES.notFoundCodes // ['CFW.00200005']
 */
export const CFW_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['CFW.00200005'], throttleCodes: [] };

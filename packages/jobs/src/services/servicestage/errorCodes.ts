// ServiceStage error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * ServiceStage answers an unknown job ID with 404 `SVCSTG.00100429`.
 * @example SERVICESTAGE_ERROR_CODES.notFoundCodes // ['SVCSTG.00100429']
 */
export const SERVICESTAGE_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['SVCSTG.00100429'], throttleCodes: [] };

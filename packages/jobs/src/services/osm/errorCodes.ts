// OSM error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * The diagnosis API answers an unknown job ID with HTTP 200 and `OSM.01010001` (parameter
 * validation failed) instead of a job.
 * @example OSM_ERROR_CODES.notFoundCodes // ['OSM.01010001']
 */
export const OSM_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['OSM.01010001'], throttleCodes: [] };

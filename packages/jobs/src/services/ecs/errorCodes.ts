// ECS error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * ECS answers an unknown job ID with 400 `Common.0011` ("query job fail."); flow control is 503
 * `Common.1503`, and "exceeds flow over limit" is `Common.0024`, sent with HTTP 202.
 * @example ECS_ERROR_CODES.throttleCodes.includes('Common.0024') // true
 */
export const ECS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['Common.0011'], throttleCodes: ['Common.0024', 'Common.1503'] };

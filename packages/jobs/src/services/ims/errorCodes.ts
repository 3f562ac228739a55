// IMS error codes that mean more than their HTTP status.
import type { ErrorCodeLists } from '../../normalize/errorKind.js';

/**
 * An unknown job ID: `Common.0011` ("query job fail."), as ECS and EVS document for the same job
 * framework (the IMS page documents no code for it). IMS lists no throttling code of its own.
 * @example IMS_ERROR_CODES.notFoundCodes.includes('Common.0011') // true
 */
export const IMS_ERROR_CODES: ErrorCodeLists = { notFoundCodes: ['Common.0011'], throttleCodes: [] };

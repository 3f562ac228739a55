// Business errors that come back inside a 2xx body instead of a job.
import type { ApiError } from '../errors.js';
import { errorFromBody } from './errorFromBody.js';
import type { ErrorCodeLists } from './errorKind.js';
import { readRecordField, readTextField, type PayloadRecord } from './payloadFields.js';

/**
 * The business error a 2xx body carries instead of a job, as an {@link ApiError} with status 200,
 * or `undefined` when the body names no error code. OSM answers errors such as `OSM.01010001`
 * with HTTP 200, the CFW 200 schema carries `error_code`/`error_msg`, and the ECS one `code`/`message`.
 * Only called when the body has no job status: such a body is an answer, not a job, and an ApiError
 * lets a waiter fail at once (with the service's code) instead of polling an `unknown` job until
 * its timeout. `codes` (the service's not-found and throttle codes) set the error's `kind`.
 * @example businessErrorInBody('osm', { error_code: 'OSM.01010001', error_msg: 'Parameter validation failed.' })?.code // 'OSM.01010001'
 */
export function businessErrorInBody(service: string, body: PayloadRecord, codes?: ErrorCodeLists): ApiError | undefined {
  const nested = readRecordField(body, 'error');
  const code = readTextField(body, 'error_code') ?? readTextField(body, 'code') ?? (nested && readTextField(nested, 'code'));
  return code === undefined ? undefined : errorFromBody(service, 200, body, undefined, codes);
}

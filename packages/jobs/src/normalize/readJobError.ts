// Reading a job's or sub-job's failure from its error fields.
import type { JobError } from '@cloud-jobs/core';
import { textOf, type PayloadRecord } from './payloadFields.js';

/**
 * A {@link JobError} from a code and a message, either of which may be missing: the code stands in
 * for a missing message; nothing at all gives `undefined`.
 * @example jobErrorOf('Ecs.0013', undefined) // { code: 'Ecs.0013', message: 'Ecs.0013' }
 */
export function jobErrorOf(code: string | undefined, message: string | undefined): JobError | undefined {
  if (message !== undefined) return code === undefined ? { message } : { code, message };
  return code === undefined ? undefined : { code, message: code };
}

/**
 * The failure a job or sub-job reports: `error_code` with `fail_reason` (ECS, DCS) or `error_msg`
 * (CFW, OSM). `null` and empty fields (as on success) give `undefined`.
 * @example readJobError({ error_code: 'Ecs.0013', fail_reason: 'Insufficient EIP quota.' }) // { code: 'Ecs.0013', message: 'Insufficient EIP quota.' }
 * @example readJobError({ error_code: null, fail_reason: null }) // undefined
 */
export function readJobError(record: PayloadRecord): JobError | undefined {
  return jobErrorOf(textOf(record['error_code']), textOf(record['fail_reason']) ?? textOf(record['error_msg']));
}

/**
 * Splits an ECS `errorcode_message` such as `Ecs.0013: Insufficient EIP quota.` into code and
 * message; text without a leading code is all message.
 * @example splitCodedMessage('Ecs.0013: Insufficient EIP quota.') // { code: 'Ecs.0013', message: 'Insufficient EIP quota.' }
 */
export function splitCodedMessage(text: string): JobError {
  const match = /^\s*([A-Za-z][\w-]*\.\d+)\s*:\s*(\S[\s\S]*)$/.exec(text);
  return match?.[1] !== undefined && match[2] !== undefined ? { code: match[1], message: match[2].trim() } : { message: text };
}

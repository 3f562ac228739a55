// Reading ServiceStage's MESSAGES field, a JSON document serialized into a string.
import type { JobError } from '@cloud-jobs/core';
import { asciiLower } from '../../normalize/asciiCase.js';
import { isPayloadRecord, textOf, type PayloadRecord } from '../../normalize/payloadFields.js';

function field(record: PayloadRecord, name: string): string | undefined {
  for (const key of Object.keys(record)) {
    if (asciiLower(key) === name) {
      const text = textOf(record[key]);
      if (text !== undefined) return text;
    }
  }
  return undefined;
}

/** `{"Message": code, "Detail": text}` (any key case), or an explicit code, or any message. */
function errorOfObject(record: PayloadRecord): JobError | undefined {
  const code = field(record, 'code') ?? field(record, 'error_code');
  const message = field(record, 'message');
  const detail = field(record, 'detail');
  const other = field(record, 'error_msg') ?? field(record, 'error_message');
  if (code !== undefined) return { code, message: detail ?? message ?? other ?? code };
  if (detail !== undefined) return message === undefined ? { message: detail } : { code: message, message: detail };
  const text = message ?? other;
  return text === undefined ? undefined : { message: text };
}

function isEmptyJson(value: unknown): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPayloadRecord(value) && Object.keys(value).length === 0;
}

/**
 * The error a ServiceStage task's `MESSAGES` carries. The field is JSON in a string:
 * `{"Message":"ECC00011","Detail":"Building failed."}` gives `{ code: 'ECC00011', message: 'Building failed.' }`
 * (`Message` is the code when a `Detail` is present, the message otherwise); empty JSON (`"{}"`,
 * `"[]"`, `"null"`) and blank strings give `undefined`; text that is not JSON, or JSON without a
 * message, is the message itself, trimmed. An already parsed object (as some SDKs give) is read
 * the same way. Never throws.
 * @example parseServiceStageMessages('{ "Message" : "ECC00011", "Detail" : "Building failed." }') // { code: 'ECC00011', message: 'Building failed.' }
 * @example parseServiceStageMessages('{}') // undefined
 * @example parseServiceStageMessages('Build timed out') // { message: 'Build timed out' }
 */
export function parseServiceStageMessages(value: unknown): JobError | undefined {
  if (isPayloadRecord(value)) return isEmptyJson(value) ? undefined : errorOfObject(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    return { message: text };
  }
  if (isEmptyJson(parsed)) return undefined;
  if (isPayloadRecord(parsed)) return errorOfObject(parsed) ?? { message: text };
  return typeof parsed === 'string' ? { message: parsed.trim() || text } : { message: text };
}

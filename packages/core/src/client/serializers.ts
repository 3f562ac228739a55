// Path and query serializers that refuse a value which would move the request elsewhere or cannot be encoded.
import { createQuerySerializer, defaultPathSerializer } from 'openapi-fetch';
import { InvalidPathParameterError } from '../errors/config.js';

/** A string that is not well-formed UTF-16 (a lone surrogate) cannot be percent-encoded. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkWellFormed(parameter: string, value: unknown, where: 'path' | 'query'): void {
  if (typeof value === 'string' && LONE_SURROGATE.test(value)) {
    throw new InvalidPathParameterError(parameter, `${where} parameter ${parameter} is not well-formed Unicode (it holds a lone surrogate)`);
  }
  if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) checkWellFormed(parameter, item, where);
}

/**
 * openapi-fetch's path serializer (every value percent-encoded), refusing values that would
 * still move the request elsewhere: an empty value drops a segment, and `.`/`..` (also as
 * `%2E`) are dot segments that URL parsing removes; and values that cannot be encoded (a lone surrogate).
 * @example safePathSerializer('/v1/{project_id}/jobs/{job_id}', { project_id: 'p', job_id: 'a/b' }) // '/v1/p/jobs/a%2Fb'
 */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(pathParams)) {
    if (!pathname.includes(`{${name}}`)) continue;
    checkWellFormed(name, value, 'path');
    const text = value === undefined || value === null ? '' : String(value);
    if (text === '' || /^(?:\.|%2e){1,2}$/i.test(text)) {
      throw new InvalidPathParameterError(name, `path parameter ${name} must not be empty, "." or ".."`);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}

const defaultQuerySerializer = createQuerySerializer();

/**
 * openapi-fetch's query serializer, refusing a value that cannot be encoded (a lone surrogate) with a typed error.
 * @example safeQuerySerializer({ limit: 10 }) // 'limit=10'
 */
export function safeQuerySerializer(query: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(query)) checkWellFormed(name, value, 'query');
  return defaultQuerySerializer(query);
}


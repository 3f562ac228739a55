// The API gateway (APIG) in front of every service: its error bodies and its HTML error page.
import type { Answer } from './answer.js';

/**
 * A gateway error in the documented form `{ error_code, error_msg, request_id }`.
 * @example
 * gatewayError(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.', rid);
 */
export function gatewayError(status: number, code: string, message: string, requestId: string, headers?: Record<string, string>): Answer {
  return { status, body: { error_code: code, error_msg: message, request_id: requestId }, ...(headers ? { headers } : {}) };
}

/**
 * 404 `APIG.0101`: no API at this method and path (wrong path, version or method).
 * @example
 * apiNotFound('0d5e2f8a9b1c4d3e8f7a6b5c4d3e2f1a').status; // 404
 */
export function apiNotFound(requestId: string): Answer {
  return gatewayError(404, 'APIG.0101', 'The API does not exist or has not been published in the environment.', requestId);
}

/**
 * 401 `APIG.0301`: missing, unknown or malformed credentials; `reason` completes the message.
 * @example
 * unauthorized('x-auth-token not found', rid).body; // { error_code: 'APIG.0301', error_msg: 'Incorrect IAM authentication information: x-auth-token not found', ... }
 */
export function unauthorized(reason: string, requestId: string): Answer {
  return gatewayError(401, 'APIG.0301', `Incorrect IAM authentication information: ${reason}`, requestId);
}

/**
 * 429 `APIG.0308` with `Retry-After` (seconds).
 * @example
 * throttled(rid, 2).headers; // { 'Retry-After': '2' }
 */
export function throttled(requestId: string, retryAfterSeconds: number): Answer {
  return gatewayError(429, 'APIG.0308', 'The throttling threshold has been reached.', requestId, {
    'Retry-After': String(retryAfterSeconds),
  });
}

/**
 * 502/503/504 `APIG.0201`: the gateway could not reach the service behind it.
 * @example
 * backendUnavailable(502, rid).body; // { error_code: 'APIG.0201', error_msg: 'Backend unavailable.', ... }
 */
export function backendUnavailable(status: number, requestId: string): Answer {
  return gatewayError(status, 'APIG.0201', status === 504 ? 'Backend timeout.' : 'Backend unavailable.', requestId);
}

/**
 * A 502 HTML error page, as a load balancer in front of the gateway sends it.
 * @example
 * htmlBadGateway().contentType; // 'text/html'
 */
export function htmlBadGateway(): Answer {
  const body =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n' +
    '<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
  return { status: 502, body, contentType: 'text/html' };
}

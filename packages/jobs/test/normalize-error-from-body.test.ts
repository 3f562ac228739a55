// errorFromBody: the Go SDK's extraction order, request IDs, Retry-After, and non-JSON bodies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/errors.js';
import { SERVICE_NAMES } from '../src/model.js';
import { errorFromBody } from '../src/normalize/index.js';
import { parseRetryAfterMs } from '../src/normalize/parseRetryAfterMs.js';

describe('errorFromBody', () => {
  it('reads top-level error_code + error_msg (DCS, CFW, OSM, the API gateway)', () => {
    const body = { error_code: '111400063', error_msg: 'Invalid {0} parameter in the request.' };
    const error = errorFromBody('dcs', 400, body);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ service: 'dcs', status: 400, code: '111400063', requestId: undefined, retryAfterMs: undefined, body });
    expect(error.message).toBe('dcs: HTTP 400 111400063: Invalid {0} parameter in the request.');
  });

  it('reads ServiceStage error_code + error_message', () => {
    expect(errorFromBody('servicestage', 404, { error_code: 'SVCSTG.00100429', error_message: 'Job not found.' })).toMatchObject({
      code: 'SVCSTG.00100429',
      message: 'servicestage: HTTP 404 SVCSTG.00100429: Job not found.',
    });
  });

  it('falls back to code + message (ECS job-query errors)', () => {
    expect(errorFromBody('ecs', 400, { code: 'Common.0011', message: 'query job fail.' })).toMatchObject({ code: 'Common.0011', message: 'ecs: HTTP 400 Common.0011: query job fail.' });
  });

  it('prefers error_code + error_msg over code + message when both are complete', () => {
    expect(errorFromBody('ecs', 400, { code: 'B', message: 'b', error_code: 'A', error_msg: 'a' }).code).toBe('A');
  });

  it('searches nested objects, error first (ECS general format)', () => {
    const body = { other: { code: 'X.1', message: 'not this' }, error: { code: 'Common.0001', message: 'Internal error.', details: [] } };
    expect(errorFromBody('ecs', 500, body)).toMatchObject({ code: 'Common.0001', message: 'ecs: HTTP 500 Common.0001: Internal error.' });
    expect(errorFromBody('ecs', 403, { error: { code: 'Pdp.0001', message: 'Policy denied.' } }).code).toBe('Pdp.0001');
  });

  it('uses what is there when no complete pair exists', () => {
    expect(errorFromBody('dcs', 400, { error_code: 'X' })).toMatchObject({ code: 'X', message: 'dcs: HTTP 400 X: X' });
    expect(errorFromBody('dcs', 400, { message: 'only a message' })).toMatchObject({ code: undefined, message: 'dcs: HTTP 400: only a message' });
    expect(errorFromBody('dcs', 401, { error: 'invalid_token' })).toMatchObject({ code: undefined, message: 'dcs: HTTP 401: invalid_token' });
    expect(errorFromBody('dcs', 400, { error: { code: 'E' } }).code).toBe('E');
    expect(errorFromBody('dcs', 400, { weird: true })).toMatchObject({ code: undefined, message: 'dcs: HTTP 400: {"weird":true}' });
  });

  it('takes the request ID from X-Request-Id, else from the body', () => {
    const body = { error_code: 'APIG.0101', error_msg: 'The API does not exist.', request_id: 'from-body' };
    expect(errorFromBody('ecs', 404, body).requestId).toBe('from-body');
    expect(errorFromBody('ecs', 404, body, new Headers({ 'X-Request-Id': 'from-header' })).requestId).toBe('from-header');
    expect(errorFromBody('ecs', 404, body, { 'x-request-id': 'plain-object' }).requestId).toBe('plain-object');
    expect(errorFromBody('ecs', 404, body, { 'X-REQUEST-ID': ['first', 'second'] }).requestId).toBe('first');
    expect(errorFromBody('ecs', 404, { error: { code: 'a', message: 'b', request_id: 'nested' } }).requestId).toBe('nested');
    expect(errorFromBody('ecs', 404, body).message).toBe('ecs: HTTP 404 APIG.0101: The API does not exist. (request id from-body)');
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const body = { error_code: 'APIG.0308', error_msg: 'The throttling threshold has been reached.' };
    expect(errorFromBody('cfw', 429, body, new Headers({ 'Retry-After': '2' })).retryAfterMs).toBe(2000);
    const inAMinute = new Date(Date.now() + 60_000).toUTCString();
    const ms = errorFromBody('cfw', 429, body, { 'Retry-After': inAMinute }).retryAfterMs ?? -1;
    expect(ms).toBeGreaterThan(55_000);
    expect(ms).toBeLessThanOrEqual(60_000);
    expect(errorFromBody('cfw', 503, body, { 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }).retryAfterMs).toBe(0);
    expect(errorFromBody('cfw', 503, body, { 'retry-after': 'soon-ish?' }).retryAfterMs).toBeUndefined();
  });

  it('reads a JSON body given as text, and keeps it parsed', () => {
    const error = errorFromBody('osm', 500, '{"error_code":"OSM.0004","error_msg":"System error."}');
    expect(error).toMatchObject({ code: 'OSM.0004', body: { error_code: 'OSM.0004', error_msg: 'System error.' } });
  });

  it('takes the title of an HTML gateway page', () => {
    const page =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
    const error = errorFromBody('ecs', 502, page);
    expect(error).toMatchObject({ status: 502, code: undefined, message: 'ecs: HTTP 502: 502 Bad Gateway', body: page });
    expect(errorFromBody('ecs', 503, '<html><body><h1>Service\n  Unavailable</h1></body></html>').message).toBe('ecs: HTTP 503: Service Unavailable');
  });

  it('takes plain text trimmed, and cuts long text to 300 characters', () => {
    expect(errorFromBody('dcs', 503, '  upstream connect error  \n').message).toBe('dcs: HTTP 503: upstream connect error');
    const long = errorFromBody('dcs', 500, 'x'.repeat(5000));
    const text = long.message.slice('dcs: HTTP 500: '.length);
    expect(text).toHaveLength(300);
    expect(text.endsWith('…')).toBe(true);
    expect(errorFromBody('dcs', 500, '{not json').message).toBe('dcs: HTTP 500: {not json');
  });

  it('says so when there is no body', () => {
    expect(errorFromBody('ecs', 500, undefined).message).toBe('ecs: HTTP 500: the service answered without an error body');
    expect(errorFromBody('ecs', 500, '').message).toBe('ecs: HTTP 500: the service answered without an error body');
    expect(errorFromBody('ecs', 500, null).message).toBe('ecs: HTTP 500: the service answered without an error body');
  });

  it('always returns an ApiError with a message, whatever the body and headers', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SERVICE_NAMES),
        fc.integer({ min: 100, max: 599 }),
        fc.oneof(fc.anything(), fc.json(), fc.string()),
        fc.dictionary(fc.constantFrom('Retry-After', 'X-Request-Id', 'retry-after', 'x-request-id', 'other'), fc.string()),
        (service, status, body, headers) => {
          const error = errorFromBody(service, status, body, headers);
          expect(error).toBeInstanceOf(ApiError);
          expect(error.service).toBe(service);
          expect(error.status).toBe(status);
          expect(error.message.length).toBeGreaterThan(`${service}: HTTP ${status}: `.length);
          if (error.retryAfterMs !== undefined) expect(error.retryAfterMs).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('parseRetryAfterMs', () => {
  it.each([
    ['0', 0],
    ['120', 120_000],
    [' 3 ', 3000],
    ['1.5', 1500],
    ['-1', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
    ['2024-13-45', undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfterMs(value)).toBe(expected);
  });

  it('counts an HTTP date from now', () => {
    expect(parseRetryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:30 GMT'))).toBe(30_000);
  });
});

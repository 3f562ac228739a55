// SDK-HMAC-SHA256: the published vectors (Huawei's signing guide and the Go SDK's signer_test.go),
// the derived DCS/OSM vectors, canonicalization edge cases, and the middleware's headers.
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { AuthConfigError, createAkSkAuth, signFetchRequest, signRequest } from '../src/index.js';
import { formatSdkDate } from '../src/auth/signRequest.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('published vectors', () => {
  it('A: Huawei API Request Signing Guide', () => {
    const signed = signRequest({
      method: 'GET',
      url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      headers: { 'Content-Type': 'application/json', Host: 'service.region.example.com', 'X-Sdk-Date': '20191115T033655Z' },
      accessKey: 'QTWAOYTTINDUT2QVKYUC',
      secretKey: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc',
    });
    expect(signed.stringToSign.split('\n')[2]).toBe('b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
    expect(signed.authorization).toBe(
      'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
    expect(signed.headers).toEqual({ Authorization: signed.authorization }); // X-Sdk-Date was given
  });

  it('B: Go SDK test1 (underscore header excluded, no Host header)', () => {
    const signed = signRequest({
      method: 'GET',
      url: 'https://example.huaweicloud.com/path?limit=1',
      headers: { 'X-Sdk-Date': '20060102T150405Z', TEST_UNDERSCORE: 'TEST_VALUE' },
      accessKey: 'AccessKey',
      secretKey: 'SecretKey',
    });
    expect(signed.canonicalRequest).toBe(`GET\n/path/\nlimit=1\nx-sdk-date:20060102T150405Z\n\nx-sdk-date\n${EMPTY_SHA256}`);
    expect(signed.signedHeaders).toBe('x-sdk-date');
    expect(signed.signature).toBe('5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
  });

  it('C: Go SDK test2 (POST, body hashed with its trailing newline, Content-Type unsigned)', () => {
    const input = {
      method: 'POST',
      url: 'https://example.huaweicloud.com/path?key=value',
      headers: { 'X-Sdk-Date': '20060102T150405Z', 'Content-Type': 'application/json' },
      signedHeaders: ['x-sdk-date'],
      accessKey: 'AccessKey',
      secretKey: 'SecretKey',
    };
    expect(signRequest({ ...input, body: '{"Name":"test","Id":1}\n' }).signature).toBe('cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
    // The exact bytes matter: without the newline the signature differs; bytes and text agree.
    expect(signRequest({ ...input, body: '{"Name":"test","Id":1}' }).signature).not.toBe('cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59');
    expect(signRequest({ ...input, body: new TextEncoder().encode('{"Name":"test","Id":1}\n') }).signature).toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });
});

describe('derived vectors for the job endpoints', () => {
  const keys = { accessKey: 'AKEXAMPLE0000000000', secretKey: 'SKEXAMPLE00000000000000000000000000000000' };

  it('DCS: project-scoped GET with Content-Type and X-Project-Id', () => {
    const signed = signRequest({
      ...keys,
      method: 'GET',
      url: 'https://dcs.cn-north-4.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/jobs/ff8080818822bbf70188235afc24141a',
      headers: {
        'Content-Type': 'application/json',
        Host: 'dcs.cn-north-4.myhuaweicloud.com',
        'X-Project-Id': '0123456789abcdef0123456789abcdef',
        'X-Sdk-Date': '20240101T000000Z',
      },
    });
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/v2/0123456789abcdef0123456789abcdef/jobs/ff8080818822bbf70188235afc24141a/');
    expect(signed.signedHeaders).toBe('content-type;host;x-project-id;x-sdk-date');
    expect(signed.signature).toBe('518c966e6dd48208fedfea048911d27ab96fcb31c1a4296c9fd8f214d7c28707');
  });

  it('OSM: the middleware itself produces the vector through an openapi-fetch client (X-Domain-Id, no project)', async () => {
    const sent: Request[] = [];
    const client = createClient<any>({
      baseUrl: 'https://osm.ap-southeast-3.myhuaweicloud.com',
      fetch: async (request: Request) => {
        sent.push(request);
        return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    client.use(createAkSkAuth({ ...keys, projectId: 'should-not-be-sent', domainId: 'fedcba9876543210fedcba9876543210', clock: () => Date.UTC(2024, 0, 1) }));
    await client.GET('/v2.0/servicerequest/diagnose/job', { params: { query: { job_id: '1' } } });
    const request = sent[0]!;
    expect(request.headers.get('x-domain-id')).toBe('fedcba9876543210fedcba9876543210');
    expect(request.headers.has('x-project-id')).toBe(false);
    expect(request.headers.get('x-sdk-date')).toBe('20240101T000000Z');
    expect(request.headers.get('authorization')).toBe(
      'SDK-HMAC-SHA256 Access=AKEXAMPLE0000000000, SignedHeaders=host;x-domain-id;x-sdk-date, Signature=421f9f93ca245ba907ee50227859d79e907916decb7cc7843cdb350dcd837545',
    );
  });
});

describe('canonicalization edge cases', () => {
  const base = { accessKey: 'AK', secretKey: 'SK', headers: { 'X-Sdk-Date': '20240101T000000Z' } };
  const canonical = (method: string, url: string, extra: Partial<Parameters<typeof signRequest>[0]> = {}): string[] =>
    signRequest({ ...base, method, url, ...extra }).canonicalRequest.split('\n');

  it('an empty body hashes as the empty string, whether absent, empty text or empty bytes', () => {
    expect(canonical('GET', 'https://h/p').at(-1)).toBe(EMPTY_SHA256);
    expect(canonical('POST', 'https://h/p', { body: '' }).at(-1)).toBe(EMPTY_SHA256);
    expect(canonical('POST', 'https://h/p', { body: new Uint8Array(0) }).at(-1)).toBe(EMPTY_SHA256);
    expect(canonical('POST', 'https://h/p', { body: 'x' }).at(-1)).not.toBe(EMPTY_SHA256);
  });

  it('the URI always ends with a slash, and the method is upper-cased', () => {
    const a = signRequest({ ...base, method: 'get', url: 'https://h/v1/p/jobs/j' });
    const b = signRequest({ ...base, method: 'GET', url: 'https://h/v1/p/jobs/j/' });
    expect(a.canonicalRequest.split('\n').slice(0, 2)).toEqual(['GET', '/v1/p/jobs/j/']);
    expect(a.signature).toBe(b.signature);
    expect(canonical('GET', 'https://h')[1]).toBe('/');
  });

  it('encodes a unicode path segment as upper-case UTF-8 escapes, raw or already escaped alike', () => {
    expect(canonical('GET', 'https://h/v1/p/jobs/jöb-名 x')[1]).toBe('/v1/p/jobs/j%C3%B6b-%E5%90%8D%20x/');
    expect(canonical('GET', 'https://h/v1/p/jobs/j%c3%b6b-%E5%90%8D%20x')[1]).toBe('/v1/p/jobs/j%C3%B6b-%E5%90%8D%20x/');
    // RFC 3986 reserved characters that encodeURIComponent leaves alone are escaped too.
    expect(canonical('GET', "https://h/a/it's(1)*!")[1]).toBe('/a/it%27s%281%29%2A%21/');
    expect(canonical('GET', 'https://h/a/-_.~')[1]).toBe('/a/-_.~/');
  });

  it('sorts repeated and unsorted query keys by name, then value; keeps empty values', () => {
    expect(canonical('GET', 'https://h/p?b=2&a=3&a=1&A=0&c=&flag')[2]).toBe('A=0&a=1&a=3&b=2&c=&flag=');
    expect(canonical('GET', 'https://h/p?q=a%20b&q=a+c&k%C3%A9=%E2%9C%93&s=%2F%3F')[2]).toBe('k%C3%A9=%E2%9C%93&q=a%20b&q=a%20c&s=%2F%3F');
    expect(canonical('GET', 'https://h/p')[2]).toBe('');
  });

  it('never signs headers whose name contains an underscore', () => {
    const headers = { 'X-Sdk-Date': '20240101T000000Z', 'X-Custom': 'v', X_Under_Score: 'one' };
    const one = signRequest({ ...base, method: 'GET', url: 'https://h/p', headers });
    const two = signRequest({ ...base, method: 'GET', url: 'https://h/p', headers: { ...headers, X_Under_Score: 'two' } });
    expect(one.signedHeaders).toBe('x-custom;x-sdk-date');
    expect(one.signature).toBe(two.signature);
    expect(signRequest({ ...base, method: 'GET', url: 'https://h/p', headers: { ...headers, 'X-Custom': 'w' } }).signature).not.toBe(one.signature);
  });

  it('trims header values and lower-cases names in the canonical headers', () => {
    const signed = signRequest({ ...base, method: 'GET', url: 'https://h/p', headers: { 'X-Sdk-Date': '20240101T000000Z', 'X-Mixed-Case': '  v  ' } });
    expect(signed.canonicalRequest.split('\n').slice(3, 6)).toEqual(['x-mixed-case:v', 'x-sdk-date:20240101T000000Z', '']);
  });

  it('adds X-Sdk-Date from `date` when the headers have none, and rejects a malformed one', () => {
    const signed = signRequest({ accessKey: 'AK', secretKey: 'SK', method: 'GET', url: 'https://h/p', date: Date.UTC(2019, 10, 15, 3, 36, 55) });
    expect(signed.sdkDate).toBe('20191115T033655Z');
    expect(signed.headers['X-Sdk-Date']).toBe('20191115T033655Z');
    expect(formatSdkDate(new Date('2006-01-02T15:04:05.999Z'))).toBe('20060102T150405Z');
    expect(() => signRequest({ ...base, method: 'GET', url: 'https://h/p', headers: { 'X-Sdk-Date': '2024-01-01T00:00:00Z' } })).toThrow(AuthConfigError);
    expect(() => signRequest({ ...base, secretKey: '', method: 'GET', url: 'https://h/p' })).toThrow(AuthConfigError);
  });

  it('uses UNSIGNED-PAYLOAD instead of the body hash when X-Sdk-Content-Sha256 says so', () => {
    const headers = { 'X-Sdk-Date': '20240101T000000Z', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' };
    expect(canonical('PUT', 'https://h/p', { headers, body: 'anything' }).at(-1)).toBe('UNSIGNED-PAYLOAD');
  });
});

describe('createAkSkAuth / signFetchRequest', () => {
  const keys = { accessKey: 'AKMIDDLEWARE', secretKey: 'SKMIDDLEWARE-secret' };
  const NOW = Date.UTC(2024, 4, 16, 12, 0, 0);

  async function send(init: { path: string; method?: 'GET' | 'POST'; body?: unknown; headers?: Record<string, string> }, auth = createAkSkAuth({ ...keys, projectId: 'p1', domainId: 'd1', clock: () => NOW })) {
    const sent: { request: Request; body: string }[] = [];
    const client = createClient<any>({
      baseUrl: 'https://ecs.eu-de.otc.t-systems.com:8443',
      fetch: async (request: Request) => {
        sent.push({ request, body: await request.text() });
        return new Response(null, { status: 204 });
      },
    });
    client.use(auth);
    await client.request(init.method === 'POST' ? 'post' : 'get', init.path, { ...(init.body !== undefined ? { body: init.body } : {}), ...(init.headers ? { headers: init.headers } : {}) });
    return sent[0]!;
  }

  it('signs host (with a non-default port), X-Project-Id and X-Sdk-Date on a project-scoped GET', async () => {
    const { request } = await send({ path: '/v1/p1/jobs/j1' });
    expect(request.headers.get('x-project-id')).toBe('p1');
    expect(request.headers.has('x-domain-id')).toBe(false);
    const expected = signRequest({
      ...keys,
      method: 'GET',
      url: 'https://ecs.eu-de.otc.t-systems.com:8443/v1/p1/jobs/j1',
      headers: { Host: 'ecs.eu-de.otc.t-systems.com:8443', 'X-Project-Id': 'p1', 'X-Sdk-Date': '20240516T120000Z' },
    });
    expect(expected.signedHeaders).toBe('host;x-project-id;x-sdk-date');
    expect(request.headers.get('authorization')).toBe(expected.authorization);
  });

  it('hashes the exact body of a POST, leaves Content-Type unsigned, and the body is still sent', async () => {
    const { request, body } = await send({ path: '/v1/p1/things', method: 'POST', body: { name: 'ä', n: 1 } });
    expect(body).toBe('{"name":"ä","n":1}');
    const expected = signRequest({
      ...keys,
      method: 'POST',
      url: 'https://ecs.eu-de.otc.t-systems.com:8443/v1/p1/things',
      headers: { Host: 'ecs.eu-de.otc.t-systems.com:8443', 'X-Project-Id': 'p1', 'X-Sdk-Date': '20240516T120000Z' },
      body,
    });
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('authorization')).toBe(expected.authorization);
  });

  it("keeps a caller-supplied X-Sdk-Date and X-Project-Id, signs extra headers but not underscore ones", async () => {
    const { request } = await send({
      path: '/v1/p1/jobs/j1',
      headers: { 'X-Sdk-Date': '20200101T000000Z', 'X-Project-Id': 'other', 'X-Trace': 't', X_Legacy: 'l' },
    });
    expect(request.headers.get('x-sdk-date')).toBe('20200101T000000Z');
    expect(request.headers.get('x-project-id')).toBe('other');
    expect(request.headers.get('authorization')).toContain('SignedHeaders=host;x-project-id;x-sdk-date;x-trace,');
    const expected = signRequest({
      ...keys,
      method: 'GET',
      url: request.url,
      headers: { Host: 'ecs.eu-de.otc.t-systems.com:8443', 'X-Project-Id': 'other', 'X-Sdk-Date': '20200101T000000Z', 'X-Trace': 't' },
    });
    expect(request.headers.get('authorization')).toBe(expected.authorization);
  });

  it('rejects the call when the caller-supplied X-Sdk-Date is malformed', async () => {
    await expect(send({ path: '/v1/p1/jobs/j1', headers: { 'X-Sdk-Date': 'yesterday' } })).rejects.toThrow(AuthConfigError);
  });

  it('sends and signs X-Security-Token for temporary credentials', async () => {
    const auth = createAkSkAuth({ ...keys, securityToken: 'temporary-security-token', clock: () => NOW });
    const { request } = await send({ path: '/v1/p1/jobs/j1' }, auth);
    expect(request.headers.get('x-security-token')).toBe('temporary-security-token');
    expect(request.headers.has('x-project-id')).toBe(false); // no projectId configured
    expect(request.headers.get('authorization')).toContain('SignedHeaders=host;x-sdk-date;x-security-token,');
  });

  it('signFetchRequest signs a plain Request and leaves its body readable', async () => {
    const request = await signFetchRequest(new Request('https://h.example/a?b=1', { method: 'PUT', body: 'payload' }), keys, NOW);
    expect(await request.text()).toBe('payload');
    const expected = signRequest({ ...keys, method: 'PUT', url: 'https://h.example/a?b=1', headers: { Host: 'h.example', 'X-Sdk-Date': '20240516T120000Z' }, body: 'payload' });
    expect(request.headers.get('authorization')).toBe(expected.authorization);
  });

  it('refuses empty keys without naming their values', () => {
    expect(() => createAkSkAuth({ accessKey: '', secretKey: 'x' })).toThrow(/accessKey must be a non-empty string/);
    expect(() => createAkSkAuth({ accessKey: 'AK', secretKey: '' })).toThrow(AuthConfigError);
  });
});

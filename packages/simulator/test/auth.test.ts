// AK/SK signature verification: the simulator's verifier against the published SDK-HMAC-SHA256
// vectors, and a simulator started with `credentials` accepting right and refusing wrong signatures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuth, expectedSignature } from '../src/auth.js';
import { DEFAULT_PROJECT_ID } from '../src/index.js';
import { call, startTestSimulator, type TestSim } from './helpers.js';

describe('expectedSignature reproduces the published vectors', () => {
  it('vector A (Huawei API Request Signing Guide)', () => {
    const headers = { 'content-type': 'application/json', host: 'service.region.example.com', 'x-sdk-date': '20191115T033655Z' };
    const target = '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
    expect(expectedSignature('MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', 'GET', target, headers, ['content-type', 'host', 'x-sdk-date'])).toBe(
      '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    );
  });

  it('vectors B and C (Go SDK signer_test.go)', () => {
    const headers = { 'x-sdk-date': '20060102T150405Z', test_underscore: 'TEST_VALUE' };
    expect(expectedSignature('SecretKey', 'GET', '/path?limit=1', headers, ['x-sdk-date'])).toBe('5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624');
    expect(expectedSignature('SecretKey', 'POST', '/path?key=value', headers, ['x-sdk-date'], '{"Name":"test","Id":1}\n')).toBe(
      'cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59',
    );
  });

  it('the derived DCS and OSM vectors', () => {
    const sk = 'SKEXAMPLE00000000000000000000000000000000';
    const dcs = {
      'content-type': 'application/json',
      host: 'dcs.cn-north-4.myhuaweicloud.com',
      'x-project-id': '0123456789abcdef0123456789abcdef',
      'x-sdk-date': '20240101T000000Z',
    };
    const dcsPath = '/v2/0123456789abcdef0123456789abcdef/jobs/ff8080818822bbf70188235afc24141a';
    expect(expectedSignature(sk, 'GET', dcsPath, dcs, ['content-type', 'host', 'x-project-id', 'x-sdk-date'])).toBe(
      '518c966e6dd48208fedfea048911d27ab96fcb31c1a4296c9fd8f214d7c28707',
    );
    const osm = { host: 'osm.ap-southeast-3.myhuaweicloud.com', 'x-domain-id': 'fedcba9876543210fedcba9876543210', 'x-sdk-date': '20240101T000000Z' };
    expect(expectedSignature(sk, 'GET', '/v2.0/servicerequest/diagnose/job?job_id=1', osm, ['host', 'x-domain-id', 'x-sdk-date'])).toBe(
      '421f9f93ca245ba907ee50227859d79e907916decb7cc7843cdb350dcd837545',
    );
  });

  it('returns null when a signed header is absent', () => {
    expect(expectedSignature('SK', 'GET', '/p', { 'x-sdk-date': '20240101T000000Z' }, ['host', 'x-sdk-date'])).toBeNull();
  });
});

describe('checkAuth with credentials', () => {
  const credentials = new Map([['AK1', 'SK1']]);
  const sign = (secretKey: string, headers: Record<string, string>, target: string): string =>
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${expectedSignature(secretKey, 'GET', target, headers, ['host', 'x-sdk-date'])}`;
  const base = { host: '127.0.0.1:1', 'x-sdk-date': '20240101T000000Z' };

  it('accepts the right signature and refuses a wrong key, a changed path or an unknown access key', () => {
    const good = { ...base, authorization: sign('SK1', base, '/a/b?x=1') };
    expect(checkAuth(good, undefined, { credentials, method: 'GET', target: '/a/b?x=1' })).toBeNull();
    expect(checkAuth(good, undefined, { credentials, method: 'GET', target: '/a/c?x=1' })).toBe('verify aksk signature fail');
    expect(checkAuth(good, undefined, { credentials, method: 'HEAD', target: '/a/b?x=1' })).toBe('verify aksk signature fail');
    const wrong = { ...base, authorization: sign('not-SK1', base, '/a/b?x=1') };
    expect(checkAuth(wrong, undefined, { credentials, method: 'GET', target: '/a/b?x=1' })).toBe('verify aksk signature fail');
    const unknown = { ...good, authorization: good.authorization.replace('Access=AK1', 'Access=AK2') };
    expect(checkAuth(unknown, undefined, { credentials, method: 'GET', target: '/a/b?x=1' })).toBe('verify aksk signature fail');
    // Without credentials, only the form is checked (the default).
    expect(checkAuth(wrong, undefined)).toBeNull();
  });
});

describe('a simulator started with credentials', () => {
  let t: TestSim;
  let path: string;
  beforeAll(async () => {
    t = await startTestSimulator({ credentials: { AKSIM: 'SKSIM-secret' } });
    path = t.sim.createJob({ service: 'dcs' }).path;
  });
  afterAll(() => t.sim.close());

  const signedHeaders = (secretKey: string, accessKey = 'AKSIM'): Record<string, string> => {
    const headers = { host: new URL(t.sim.url).host, 'x-project-id': DEFAULT_PROJECT_ID, 'x-sdk-date': '20240516T000000Z' };
    const signature = expectedSignature(secretKey, 'GET', path, headers, ['host', 'x-project-id', 'x-sdk-date']);
    return {
      'X-Project-Id': headers['x-project-id'],
      'X-Sdk-Date': headers['x-sdk-date'],
      Authorization: `SDK-HMAC-SHA256 Access=${accessKey}, SignedHeaders=host;x-project-id;x-sdk-date, Signature=${signature}`,
    };
  };

  it('answers a correctly signed request', async () => {
    const reply = await call(t.sim, path, { headers: signedHeaders('SKSIM-secret') });
    expect(reply.status).toBe(200);
  });

  it('refuses a wrong signature or an unknown access key with the usual 401 APIG.0301', async () => {
    for (const headers of [signedHeaders('wrong-secret'), signedHeaders('SKSIM-secret', 'AKOTHER')]) {
      const reply = await call(t.sim, path, { headers });
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({
        error_code: 'APIG.0301',
        error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
        request_id: reply.headers.get('x-request-id'),
      });
    }
  });

  it('still accepts tokens', async () => {
    expect((await call(t.sim, path, { headers: { 'X-Auth-Token': 'any' } })).status).toBe(200);
  });
});

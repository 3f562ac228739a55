// AK/SK signature verification: the simulator's verifier against the published SDK-HMAC-SHA256
// vectors, and simulators started with AK/SK keys and/or tokens accepting right and refusing wrong,
// changed, stale and unknown signatures over HTTP. The HTTP tests sign with the node:crypto signer
// of helpers.ts, not with the simulator's code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAuth, expectedSignature, type AuthPolicy } from '../src/auth.js';
import { DEFAULT_PROJECT_ID, SimulatorConfigError, startSimulator, type Simulator } from '../src/index.js';
import { call, signHeaders, startTestSimulator, T0, type Reply, type TestSim } from './helpers.js';

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

const policy = (credentials: Record<string, string>, at: string, extra: Partial<AuthPolicy> = {}): AuthPolicy => ({
  tokens: undefined,
  credentials: new Map(Object.entries(credentials)),
  maxClockSkewMs: 15 * 60_000,
  clock: () => Date.parse(`${at.slice(0, 4)}-${at.slice(4, 6)}-${at.slice(6, 8)}T${at.slice(9, 11)}:${at.slice(11, 13)}:${at.slice(13, 15)}Z`),
  ...extra,
});

describe('checkAuth verifies the published vectors', () => {
  it('A: Huawei API Request Signing Guide', () => {
    const headers = {
      'content-type': 'application/json',
      host: 'service.region.example.com',
      'x-sdk-date': '20191115T033655Z',
      authorization:
        'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    };
    const target = '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';
    const p = policy({ QTWAOYTTINDUT2QVKYUC: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' }, '20191115T033655Z');
    expect(checkAuth(headers, p, { method: 'GET', target })).toBeNull();
    expect(checkAuth(headers, p, { method: 'GET', target: target.replace('limit=2', 'limit=3') })).toBe('verify aksk signature fail');
  });

  it('B and C: Go SDK signer_test.go (underscore header unsigned; the body hashed with its newline)', () => {
    const p = policy({ AccessKey: 'SecretKey' }, '20060102T150405Z');
    const b = {
      'x-sdk-date': '20060102T150405Z',
      test_underscore: 'TEST_VALUE',
      authorization: 'SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624',
    };
    expect(checkAuth(b, p, { method: 'GET', target: '/path?limit=1' })).toBeNull();
    const c = { ...b, 'content-type': 'application/json', authorization: b.authorization.replace(/Signature=\w+/, 'Signature=cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59') };
    expect(checkAuth(c, p, { method: 'POST', target: '/path?key=value', body: '{"Name":"test","Id":1}\n' })).toBeNull();
    expect(checkAuth(c, p, { method: 'POST', target: '/path?key=value', body: '{"Name":"test","Id":1}' })).toBe('verify aksk signature fail');
  });
});

describe('checkAuth', () => {
  const credentials = { AK1: 'SK1' };
  const base = { host: '127.0.0.1:1', 'x-sdk-date': '20240101T000000Z' };
  const sign = (secretKey: string, target: string, headers: Record<string, string> = base): string =>
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${expectedSignature(secretKey, 'GET', target, headers, ['host', 'x-sdk-date'])}`;
  const get = (target: string) => ({ method: 'GET', target });
  const open: AuthPolicy = { tokens: undefined, credentials: undefined, maxClockSkewMs: 0, clock: () => 0 };

  it('accepts the right signature and refuses a wrong key, a changed path or method, an unknown access key', () => {
    const p = policy(credentials, base['x-sdk-date']);
    const good = { ...base, authorization: sign('SK1', '/a/b?x=1') };
    expect(checkAuth(good, p, get('/a/b?x=1'))).toBeNull();
    expect(checkAuth(good, p, get('/a/c?x=1'))).toBe('verify aksk signature fail');
    expect(checkAuth(good, p, { method: 'HEAD', target: '/a/b?x=1' })).toBe('verify aksk signature fail');
    expect(checkAuth({ ...good, host: '127.0.0.2:1' }, p, get('/a/b?x=1'))).toBe('verify aksk signature fail');
    expect(checkAuth({ ...base, authorization: sign('not-SK1', '/a/b?x=1') }, p, get('/a/b?x=1'))).toBe('verify aksk signature fail');
    const unknown = { ...good, authorization: good.authorization.replace('Access=AK1', 'Access=AK2') };
    expect(checkAuth(unknown, p, get('/a/b?x=1'))).toBe('Get secretKey failed,ak:AK2,err:ak not exist');
  });

  it('refuses an X-Sdk-Date more than maxClockSkewMs from the clock, either way, or naming no real instant', () => {
    const good = { ...base, authorization: sign('SK1', '/a') };
    const at = Date.UTC(2024, 0, 1);
    for (const [offset, verdict] of [
      [15 * 60_000, null],
      [-15 * 60_000, null],
      [15 * 60_000 + 1000, 'calc ak sk signature fail:signature expired'],
      [-(15 * 60_000 + 1000), 'calc ak sk signature fail:signature expired'],
    ] as const) {
      expect(checkAuth(good, { ...policy(credentials, base['x-sdk-date']), clock: () => at + offset }, get('/a')), String(offset)).toBe(verdict);
    }
    const month13 = { ...base, 'x-sdk-date': '20241301T000000Z' };
    expect(checkAuth({ ...month13, authorization: sign('SK1', '/a', month13) }, policy(credentials, base['x-sdk-date']), get('/a'))).toBe('verify aksk signature fail');
    expect(checkAuth(good, { ...policy(credentials, base['x-sdk-date']), maxClockSkewMs: Infinity, clock: () => 0 }, get('/a'))).toBeNull();
  });

  it('open (no tokens, no keys) checks the form only; configured, it lets through only what was configured', () => {
    const forged = { ...base, authorization: sign('anything', '/a') };
    expect(checkAuth(forged, open, get('/a'))).toBeNull();
    expect(checkAuth({ 'x-auth-token': 'any' }, open, get('/a'))).toBeNull();
    const tokensOnly: AuthPolicy = { ...open, tokens: new Set(['t']) };
    expect(checkAuth(forged, tokensOnly, get('/a'))).toBe('Get secretKey failed,ak:AK1,err:ak not exist');
    expect(checkAuth({ 'x-auth-token': 't' }, tokensOnly, get('/a'))).toBeNull();
    const keysOnly = policy(credentials, base['x-sdk-date']);
    expect(checkAuth({ 'x-auth-token': 'any' }, keysOnly, get('/a'))).toBe('decrypt token fail');
  });
});

function expectRefused(reply: Reply, reason: string): void {
  expect(reply.status).toBe(401);
  expect(reply.body).toEqual({ error_code: 'APIG.0301', error_msg: `Incorrect IAM authentication information: ${reason}`, request_id: reply.headers.get('x-request-id') });
}

describe('a simulator started with accessKey and secretKey', () => {
  const AK = 'AKSIM0000000000000';
  const SK = 'SKSIM-secret-0123456789';
  let t: TestSim;
  let dcs: string;
  let osm: string;
  beforeAll(async () => {
    t = await startTestSimulator({ accessKey: AK, secretKey: SK, credentials: { AKOTHER: 'SKOTHER' } });
    dcs = t.sim.createJob({ service: 'dcs' }).path;
    osm = t.sim.createJob({ service: 'osm', id: '17' }).path;
    t.sim.createJob({ service: 'osm', id: '18' });
  });
  afterAll(() => t.sim.close());
  const signed = (path: string, overrides: Partial<Parameters<typeof signHeaders>[0]> = {}) =>
    signHeaders({ url: t.sim.url + path, headers: { 'X-Project-Id': DEFAULT_PROJECT_ID }, accessKey: AK, secretKey: SK, date: T0, ...overrides });

  it('answers correctly signed requests, of any known key, on the simulator clock', async () => {
    expect((await call(t.sim, dcs, { headers: signed(dcs) })).status).toBe(200);
    expect((await call(t.sim, osm, { headers: signed(osm, { headers: { 'X-Domain-Id': 'd0' } }) })).status).toBe(200);
    expect((await call(t.sim, dcs, { headers: signed(dcs, { accessKey: 'AKOTHER', secretKey: 'SKOTHER' }) })).status).toBe(200);
    expect((await call(t.sim, dcs, { headers: signed(dcs, { date: T0 - 14 * 60_000 }) })).status).toBe(200);
  });

  it('refuses a forged signature, and a request whose path, query or a signed header changed after signing', async () => {
    const good = signed(dcs);
    expectRefused(await call(t.sim, dcs, { headers: { ...good, Authorization: good.Authorization!.replace(/Signature=\w+/, `Signature=${'0'.repeat(64)}`) } }), 'verify aksk signature fail');
    expectRefused(await call(t.sim, dcs, { headers: signed(dcs, { secretKey: 'not-the-secret' }) }), 'verify aksk signature fail');
    const other = t.sim.createJob({ service: 'dcs' }).path;
    expectRefused(await call(t.sim, other, { headers: good }), 'verify aksk signature fail');
    expectRefused(await call(t.sim, osm.replace('job_id=17', 'job_id=18'), { headers: signed(osm) }), 'verify aksk signature fail');
    expectRefused(await call(t.sim, `${osm}&extra=1`, { headers: signed(osm) }), 'verify aksk signature fail');
    expectRefused(await call(t.sim, dcs, { headers: { ...good, 'X-Project-Id': 'another-project' } }), 'verify aksk signature fail');
  });

  it('refuses a stale or future X-Sdk-Date, an unknown access key, and unsigned requests', async () => {
    expectRefused(await call(t.sim, dcs, { headers: signed(dcs, { date: T0 - 16 * 60_000 }) }), 'calc ak sk signature fail:signature expired');
    expectRefused(await call(t.sim, dcs, { headers: signed(dcs, { date: T0 + 16 * 60_000 }) }), 'calc ak sk signature fail:signature expired');
    expectRefused(await call(t.sim, dcs, { headers: signed(dcs, { accessKey: 'AKWRONG' }) }), 'Get secretKey failed,ak:AKWRONG,err:ak not exist');
    expectRefused(await call(t.sim, dcs, { headers: { 'X-Project-Id': DEFAULT_PROJECT_ID } }), 'x-auth-token not found');
  });

  it('refuses tokens, since only AK/SK was configured; the secret key never appears in an answer', async () => {
    const reply = await call(t.sim, dcs, { headers: { 'X-Auth-Token': 'any' } });
    expectRefused(reply, 'decrypt token fail');
    for (const r of [reply, await call(t.sim, dcs, { headers: signed(dcs, { secretKey: 'x' }) })]) expect(r.text).not.toContain(SK);
  });
});

describe('tokens and AK/SK together, and tokens alone', () => {
  let both: Simulator;
  let tokensOnly: Simulator;
  beforeAll(async () => {
    both = await startSimulator({ tokens: ['tok'], accessKey: 'AKBOTH', secretKey: 'SKBOTH' });
    tokensOnly = await startSimulator({ tokens: ['tok'] });
  });
  afterAll(() => Promise.all([both.close(), tokensOnly.close()]));

  it('accepts the configured token and a signature made now with the configured key (real clock)', async () => {
    const { path } = both.createJob({ service: 'ecs' });
    expect((await call(both, path, { headers: { 'X-Auth-Token': 'tok' } })).status).toBe(200);
    const headers = signHeaders({ url: both.url + path, headers: { 'X-Project-Id': DEFAULT_PROJECT_ID }, accessKey: 'AKBOTH', secretKey: 'SKBOTH', date: Date.now() });
    expect((await call(both, path, { headers })).status).toBe(200);
    expectRefused(await call(both, path, { headers: { 'X-Auth-Token': 'other' } }), 'decrypt token fail');
  });

  it('started with tokens only, refuses every signature, forged or not', async () => {
    const { path } = tokensOnly.createJob({ service: 'ecs' });
    const headers = signHeaders({ url: tokensOnly.url + path, headers: {}, accessKey: 'AKANY', secretKey: 'whatever', date: Date.now() });
    expectRefused(await call(tokensOnly, path, { headers }), 'Get secretKey failed,ak:AKANY,err:ak not exist');
    expect((await call(tokensOnly, path, { headers: { 'X-Auth-Token': 'tok' } })).status).toBe(200);
  });

  it('refuses a half or malformed key configuration naming the option, never the secret', async () => {
    await expect(startSimulator({ accessKey: 'AK1' })).rejects.toMatchObject({ name: 'SimulatorConfigError', option: 'secretKey' });
    await expect(startSimulator({ secretKey: 'hidden-sk' })).rejects.toMatchObject({ option: 'accessKey', message: 'accessKey is required with secretKey' });
    await expect(startSimulator({ accessKey: 'AK 1', secretKey: 'hidden-sk' })).rejects.toThrow(SimulatorConfigError);
    await expect(startSimulator({ accessKey: 'AK1', secretKey: '' })).rejects.toMatchObject({ option: 'secretKey' });
    await expect(startSimulator({ maxClockSkewMs: -1 })).rejects.toMatchObject({ option: 'maxClockSkewMs' });
    const error = (await startSimulator({ credentials: { 'bad key': 'hidden-sk' } }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ option: 'credentials' });
    expect(`${error.message}${error.stack}`).not.toContain('hidden-sk');
  });
});

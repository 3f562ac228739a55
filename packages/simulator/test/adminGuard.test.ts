// The admin API keeps web pages out: a foreign Host (DNS rebinding), a foreign Origin and non-JSON
// bodies are refused before anything changes, and the job store is capped. Raw node:http requests,
// since fetch will not send a chosen Host header.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorConfigError, SimulatorFullError, startSimulator, type Simulator } from '../src/index.js';
import { startTestSimulator, type TestSim } from './helpers.js';

interface RawReply {
  status: number;
  body: any;
}

/** One request with exactly these headers (a `Host` of `null`: no Host header at all). */
function raw(sim: Simulator, method: string, path: string, { Host, ...headers }: Record<string, string | null>, body?: string): Promise<RawReply> {
  if (Host !== null && Host !== undefined) headers['Host'] = Host;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sim.port, method, path, setHost: false, headers: { ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

let t: TestSim;
let local: string;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const SPEC = JSON.stringify({ service: 'ecs' });
beforeAll(async () => {
  t = await startTestSimulator();
  local = `127.0.0.1:${t.sim.port}`;
});
afterAll(() => t.sim.close());

describe('the admin API refuses', () => {
  it.each([
    ['text/plain (a cross-origin "simple" request)', { 'Content-Type': 'text/plain;charset=UTF-8' }],
    ['a form', { 'Content-Type': 'application/x-www-form-urlencoded' }],
    ['multipart', { 'Content-Type': 'multipart/form-data; boundary=x' }],
    ['no Content-Type at all', {}],
    ['a look-alike type', { 'Content-Type': 'application/jsonp' }],
  ])('415 to a POST with %s, creating nothing', async (_, type) => {
    const before = t.sim.jobs.size;
    for (const path of ['/_admin/jobs', '/_admin/faults']) {
      const reply = await raw(t.sim, 'POST', path, { Host: local, ...type }, path.endsWith('jobs') ? SPEC : '{"kind":"drop"}');
      expect(reply.status).toBe(415);
      expect(reply.body.error).toMatch(/Content-Type: application\/json/);
    }
    expect((await raw(t.sim, 'POST', '/_admin/jobs', { Host: local, ...type })).status).toBe(415); // even an empty body
    expect(t.sim.jobs.size).toBe(before);
    expect(t.sim.listFaults()).toEqual([]);
  });

  it.each(['evil.example', `evil.example:${'1234'}`, 'localhost.evil.example', '127.0.0.1.nip.io', '192.168.1.10:80', '[::2]:80', 'a b'])(
    '403 to Host %j (DNS rebinding), for every admin route, changing nothing',
    async (host) => {
      t.sim.createJob({ service: 'cfw' });
      const before = t.sim.jobs.size;
      const replies = [
        await raw(t.sim, 'POST', '/_admin/jobs', { Host: host, ...JSON_TYPE }, SPEC),
        await raw(t.sim, 'GET', '/_admin/jobs', { Host: host }),
        await raw(t.sim, 'DELETE', '/_admin/jobs', { Host: host }),
        await raw(t.sim, 'POST', '/_admin/faults', { Host: host, ...JSON_TYPE }, '{"kind":"drop"}'),
        await raw(t.sim, 'GET', '/_admin/faults', { Host: host }),
        await raw(t.sim, 'DELETE', '/_admin/faults', { Host: host }),
      ];
      for (const reply of replies) {
        expect(reply.status).toBe(403);
        expect(reply.body.error).toMatch(/loopback Host/);
      }
      expect(t.sim.jobs.size).toBe(before);
      expect(t.sim.listFaults()).toEqual([]);
    },
  );

  it.each(['http://evil.example', 'https://evil.example:8443', 'null', 'file://', 'chrome-extension://abc', 'http://127.0.0.1.nip.io'])('403 to Origin %j', async (origin) => {
    const before = t.sim.jobs.size;
    const reply = await raw(t.sim, 'POST', '/_admin/jobs', { Host: local, Origin: origin, ...JSON_TYPE }, SPEC);
    expect(reply.status).toBe(403);
    expect(reply.body.error).toMatch(/other origins/);
    expect((await raw(t.sim, 'DELETE', '/_admin/jobs', { Host: local, Origin: origin })).status).toBe(403);
    expect(t.sim.jobs.size).toBe(before);
  });
});

describe('the admin API accepts', () => {
  it.each([
    [`127.0.0.1:PORT`, {}],
    ['localhost:PORT', { Origin: 'http://localhost:5173' }],
    ['LOCALHOST', {}],
    ['127.0.0.2:PORT', { Origin: 'https://127.0.0.1' }],
    ['[::1]:PORT', { Origin: 'http://[::1]:3000' }],
  ])('Host %s with %j and a JSON body (any charset), and only that', async (host, extra) => {
    const headers = { Host: host.replace('PORT', String(t.sim.port)), ...extra };
    expect((await raw(t.sim, 'POST', '/_admin/jobs', { ...headers, 'Content-Type': 'text/plain' }, SPEC)).status).toBe(415);
    const created = await raw(t.sim, 'POST', '/_admin/jobs', { ...headers, 'Content-Type': 'application/json; charset=utf-8' }, SPEC);
    expect(created.status).toBe(201);
    expect(t.sim.jobs.get('ecs', created.body.id)).toBeDefined();
    expect((await raw(t.sim, 'GET', '/_admin/jobs', headers)).status).toBe(200);
    expect((await raw(t.sim, 'POST', '/_admin/faults', { ...headers, 'Content-Type': 'Application/JSON' }, '{"kind":"drop","jobId":"none"}')).status).toBe(201);
    expect((await raw(t.sim, 'DELETE', '/_admin/faults', headers)).status).toBe(200);
  });

  it('fetch from this machine with a JSON content type (a bare string body is text/plain: 415)', async () => {
    expect((await fetch(`${t.sim.url}/_admin/jobs`, { method: 'POST', headers: JSON_TYPE, body: SPEC })).status).toBe(201);
    expect((await fetch(`${t.sim.url}/_admin/jobs`, { method: 'POST', body: SPEC })).status).toBe(415);
  });
});

describe('maxJobs', () => {
  it('caps the jobs held: 507 over HTTP, SimulatorFullError in process, room again once cleared', async () => {
    const small = await startTestSimulator({ maxJobs: 2 });
    try {
      const post = () => fetch(`${small.sim.url}/_admin/jobs`, { method: 'POST', headers: JSON_TYPE, body: SPEC });
      expect((await post()).status).toBe(201);
      small.sim.createJob({ service: 'dcs' });
      const full = await post();
      expect(full.status).toBe(507);
      expect(((await full.json()) as { error: string }).error).toMatch(/holds 2 jobs already \(maxJobs\)/);
      expect(() => small.sim.createJob({ service: 'osm' })).toThrow(SimulatorFullError);
      // Bad input still says what is wrong with it.
      expect((await fetch(`${small.sim.url}/_admin/jobs`, { method: 'POST', headers: JSON_TYPE, body: '{"service":"nosuch"}' })).status).toBe(400);
      expect(small.sim.jobs.size).toBe(2);
      await fetch(`${small.sim.url}/_admin/jobs`, { method: 'DELETE' });
      expect((await post()).status).toBe(201);
    } finally {
      await small.sim.close();
    }
  });

  it('defaults to 10 000, and refuses a non-integer or < 1', async () => {
    const sim = await startSimulator();
    try {
      for (let i = 0; i < 10_000; i++) sim.createJob({ service: 'cfw' });
      expect(() => sim.createJob({ service: 'cfw' })).toThrow(SimulatorFullError);
    } finally {
      await sim.close();
    }
    for (const maxJobs of [0, -1, 1.5, Number.NaN]) await expect(startSimulator({ maxJobs })).rejects.toThrow(SimulatorConfigError);
  });
});

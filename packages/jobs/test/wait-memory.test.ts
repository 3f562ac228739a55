// Small waits: thousands of waits sleeping between polls hold little heap each (measured after gc in a child process started with --expose-gc). Earlier
// releases held about 4.8 KB per sleeping wait (two DOMExceptions and an AbortController per poll
// and sleep, five suspended async frames), then 3.5 KB (an async frame, a sleep promise, a timer and
// an abort listener each); a wait is now callbacks, one slot of a shared timer queue and one entry in
// a per-signal abort list: 1.4 KB here, the job each read returned included. Through createJobs
// (real requests, coalescing, the facade's options) 1.3-1.4 KB here, measured after a first burst of
// as many waits (the one-time costs of 10,000 requests, ~0.3 KB a wait, are not the waits'). The
// same measure gave 2.0 KB before a lone wait stopped holding a channel, its key string, a listener,
// an unsubscribe, a getJob and an end closure (it now holds one map entry while it sleeps); measured
// without the first burst and with per-wait callbacks, 2.6-2.7 KB then, 3.1-3.3 KB before that.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';

const WAITS = 10_000;
let server: LoopbackServer;
let dir: string;
let bundle: string;
let facadeBundle: string;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const jobId = req.url.split('/jobs/')[1] ?? '';
    // Closed after each answer: idle keep-alive sockets are the pool's, not the waits'.
    sendJson(res, 200, { job_id: jobId, job_type: 'createServer', status: 'RUNNING', entities: {} }, { connection: 'close' });
  });
  dir = await mkdtemp(join(tmpdir(), 'wait-memory-'));
  const src = fileURLToPath(new URL('../src/index.ts', import.meta.url));
  // The child: WAITS waits, each through its first poll into a long sleep; then gc and the heap per wait.
  await writeFile(
    join(dir, 'entry.mjs'),
    `import { waitForJob } from ${JSON.stringify(src)};
const [url, count] = [process.argv[2], Number(process.argv[3])];
let answered = 0;
// The waiter's own state: the server is asked once for the body every wait then reads (the fetch
// path's memory, undici's weakly held bodies included, is reported by the scale bench).
const body = await (await fetch(url + '/v1/p/jobs/shape')).json();
const getJob = (id) => async () => {
  answered += 1;
  return { service: 'ecs', id, type: body.job_type, state: 'running', done: false, status: body.status, subtasks: [], raw: { ...body, job_id: id } };
};
const stop = new AbortController();
await getJob('warm')();
answered = 0;
const settle = async () => { for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); } };
await settle();
const before = process.memoryUsage().heapUsed;
const waits = Array.from({ length: count }, (_, i) => waitForJob(getJob('job-' + i), { ref: { service: 'ecs', jobId: 'job-' + i }, signal: stop.signal, minDelayMs: 600000, maxDelayMs: 600000, timeoutMs: 3600000 }).catch(() => {}));
while (answered < count) await new Promise((r) => setTimeout(r, 20));
await settle();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ perWait: (after - before) / count, answered }));
stop.abort(new Error('done'));
await Promise.all(waits);
`,
  );
  bundle = join(dir, 'bundle.mjs');
  await build({ entryPoints: [join(dir, 'entry.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: bundle, logLevel: 'silent' });
  // The same through createJobs: real requests to the server, coalescing, the facade's options.
  await writeFile(
    join(dir, 'facade.mjs'),
    `import { createJobs } from ${JSON.stringify(src)};
const [url, count] = [process.argv[2], Number(process.argv[3])];
const jobs = createJobs({ baseUrl: url, projectId: 'p' });
await jobs.get('ecs', { jobId: 'warm' });
const settle = async () => { for (let i = 0; i < 3; i++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 50)); } };
// Each wait reads once (then sleeps 10 min): told once, by onProgress or, if its poll failed, onRetry.
// One callback for all (the waits' memory is measured, not per-wait bookkeeping of the test's own).
let asleep = 0;
let failed = 0;
const onProgress = () => { asleep += 1; };
const onRetry = () => { failed += 1; asleep += 1; };
const ignore = () => {};
async function burst(prefix) {
  asleep = 0;
  failed = 0;
  const stop = new AbortController();
  const waits = [];
  // requestTimeoutMs 10 min: a loaded machine must not fail a first poll (the count below would miss it).
  for (let i = 0; i < count; i++) waits.push(jobs.wait('ecs', { jobId: prefix + i }, { signal: stop.signal, minDelayMs: 600000, maxDelayMs: 600000, timeoutMs: 3600000, requestTimeoutMs: 600000, onProgress, onRetry }).catch(ignore));
  while (asleep < count) await new Promise((r) => setTimeout(r, 20));
  // Closed sockets and finished requests go before the heap is read: they are the fetch path's, not the waits'.
  await new Promise((r) => setTimeout(r, 500));
  return { stop, waits };
}
// A first burst of as many waits, then ended: the process's one-time costs of so many requests
// (compiled code, the fetch path's pools and registries, V8's caches) are not the waits' to hold.
const warm = await burst('warm-');
warm.stop.abort(new Error('warm'));
await Promise.all(warm.waits);
await settle();
const before = process.memoryUsage().heapUsed;
const measured = await burst('job-');
await settle();
const after = process.memoryUsage().heapUsed;
process.stdout.write(JSON.stringify({ perWait: (after - before) / count, answered: asleep - failed }));
measured.stop.abort(new Error('done'));
await Promise.all(measured.waits);
`,
  );
  facadeBundle = join(dir, 'facade-bundle.mjs');
  await build({ entryPoints: [join(dir, 'facade.mjs')], bundle: true, platform: 'node', format: 'esm', outfile: facadeBundle, logLevel: 'silent' });
});

function child(script: string, count: number): Promise<{ perWait: number; answered: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--expose-gc', script, server.url, String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    proc.stdout.on('data', (c: Buffer) => (text += c.toString()));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text) as { perWait: number; answered: number }) : reject(new Error(`child exited ${code}`))));
  });
}
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('memory of sleeping waits', () => {
  it(`${WAITS} waits asleep between polls hold <= 1.5 KB each (heap, after gc)`, async () => {
    const { perWait, answered } = await child(bundle, WAITS);
    expect(answered).toBe(WAITS);
    expect(perWait).toBeLessThanOrEqual(1.5 * 1024);
  }, 120_000);

  it(`${WAITS} waits through createJobs (real HTTP, each polled once and asleep) hold <= 1.5 KB each`, async () => {
    const { perWait, answered } = await child(facadeBundle, WAITS);
    // Every first poll answered: none failed or timed out in the in-flight queue.
    expect(answered).toBe(WAITS);
    expect(perWait).toBeLessThanOrEqual(1.5 * 1024);
  }, 300_000);
});

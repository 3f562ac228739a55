// 8. Memory of waits: 10,000 (BENCH_MEMORY_WAITS=10000,100000 for more) concurrent jobs.wait calls (createJobs, real HTTP against a
// lightweight local server in its own process), each polled once and then asleep: heap per
// sleeping wait after gc, and peak RSS per wait while the first polls run.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { BENCH, fmtBytes, jobsFacade } from './lib.mjs';

const COUNTS = (process.env.BENCH_MEMORY_WAITS ?? '10000,100000').split(',').map(Number);
/** The plain waiter (no facade) at this many waits: its own memory, the 1.5 KB target. */
const PLAIN = Number(process.env.BENCH_MEMORY_PLAIN_WAITS ?? 10000);

function start(script, execArgv = []) {
  return fork(join(BENCH, 'procs', script), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
}
const reply = (child, type) => new Promise((resolve, reject) => {
  const on = (m) => m.type === type && (child.off('message', on), resolve(m));
  child.on('message', on);
  child.once('exit', (code) => reject(new Error(`${type}: child exited ${code}`)));
});

export async function measure({ log }) {
  const facade = await jobsFacade();
  if (!facade.url) return { title: '8. Memory of waits', notes: [`Not run: ${facade.why}`], targets: [{ name: 'memory: heap per sleeping wait', target: '<= 1.5 KB', value: 'not measured', met: null, why: facade.why }] };
  const out = [];
  const runs = [...(PLAIN > 0 ? [['waitForJob', PLAIN]] : []), ...COUNTS.map((count) => ['createJobs', count])];
  for (const [mode, count] of runs) {
    const server = start('memory-server.mjs');
    const { url } = await reply(server, 'ready');
    const client = start('memory-client.mjs', ['--expose-gc', '--max-old-space-size=4096']);
    await reply(client, 'ready');
    log(`${count} waits (${mode})`);
    client.send({ url, count, facadeUrl: facade.url, mode });
    const done = await reply(client, 'done');
    client.kill();
    server.send({ type: 'close' });
    out.push(done);
  }
  const rows = out.map((d) => [d.mode, `${d.count.toLocaleString('en')}${d.failed ? ` (${d.failed} first polls failed)` : ''}`, fmtBytes(d.heapPerWait), fmtBytes(d.coldHeapPerWait), fmtBytes(d.peakRssPerWait), fmtBytes(d.peakRss), `${d.firstPollsSeconds.toFixed(1)} s`]);
  const of = (mode) => out.filter((d) => d.mode === mode);
  const values = (list) => list.map((d) => `${d.count.toLocaleString('en')}: ${fmtBytes(d.heapPerWait)}`).join('; ') || 'not run';
  const worst = (list) => (list.length ? Math.max(...list.map((d) => d.heapPerWait)) : NaN);
  return {
    title: '8. Memory of waits (real HTTP, every wait polled once and asleep)',
    table: { head: ['waits through', 'concurrent waits', 'heap per sleeping wait (after gc; second burst)', 'the same, first burst (with what the process keeps once)', 'peak RSS per wait (first burst, over the start)', 'peak RSS', 'all first polls done in (first burst)'], rows },
    notes: [
      'createJobs: each wait goes through one facade (default maxInFlight 256, so at most 256 requests are built at once, and a channel per job for coalescing) to a lightweight HTTP server in its own process that answers RUNNING; after every first poll the waits sleep (minDelayMs 1 h), idle keep-alive sockets close, and the heap is read after gc (--expose-gc).',
      'waitForJob: the plain waiter, its poll one fetch of the job turned into a Job (no facade, no channel), first polls spread over 10 s: what the waiter itself keeps per sleeping wait (the job it last read included).',
      'Two bursts of the same size in one process: the first pays what the process keeps once whatever the number of waits (code compiled on first use, the connection pool, caches), then ends; the second shows what each sleeping wait keeps, and is what the targets judge. Both are in the table.',
      'Peak RSS per wait: (peak RSS − RSS before the waits) / waits, over the start while first polls are in flight: it includes the fetch machinery and V8\'s heap growth, not only what a sleeping wait keeps.',
    ],
    targets: [
      { name: 'memory: heap per sleeping wait (waitForJob)', target: '<= 1.5 KB', value: values(of('waitForJob')), met: of('waitForJob').length ? worst(of('waitForJob')) <= 1536 : null },
      { name: 'memory: heap per sleeping wait (createJobs)', target: '<= 1.5 KB (at 10,000 and 100,000 waits)', value: values(of('createJobs')), met: of('createJobs').length ? worst(of('createJobs')) <= 1536 : null },
      { name: 'memory: peak RSS per wait (createJobs)', target: 'reported at 10,000 and 100,000 waits', value: of('createJobs').map((d) => `${d.count.toLocaleString('en')}: ${fmtBytes(d.peakRssPerWait)}`).join('; ') || 'not run', met: null },
    ],
    raw: out,
  };
}

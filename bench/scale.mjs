// 6. Scale: 10,000 concurrent jobs.wait calls against the simulator (its own process), jobs ending
// at random times within a minute of job time: peak RSS of the client, requests sent, all
// resolved, none lost. Then the same with createJobs' maxRequestsPerSecond, counting requests per
// second at the server. The simulator clock (and the waiters' clock and sleeps) may run faster
// than real time (BENCH_SCALE_SPEED) so that it fits in the time budget.
import { fork, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH, fmtBytes, hasTaskset, jobsFacade, median, prng, simulatorApi } from './lib.mjs';

const SPEED = Number(process.env.BENCH_SCALE_SPEED ?? 4);
/** Real time after which a wait that has not settled counts as lost. */
const GUARD_MS = Number(process.env.BENCH_SCALE_GUARD_SECONDS ?? 120) * 1000;
const PHASES = [
  { id: 'unlimited', jobs: Number(process.env.BENCH_SCALE_JOBS ?? 10_000), withinMs: 60_000 },
  { id: 'limited', jobs: Number(process.env.BENCH_SCALE_LIMITED_JOBS ?? 10_000), withinMs: 60_000, maxRequestsPerSecond: Number(process.env.BENCH_SCALE_RPS ?? 500) },
];

function pin(child, core) {
  if (hasTaskset()) spawnSync('taskset', ['-a', '-pc', String(core), String(child.pid)], { stdio: 'ignore' });
}

function start(script, core, env = {}) {
  const child = fork(join(BENCH, 'procs', script), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--max-old-space-size=4096', '--expose-gc'] });
  pin(child, core);
  return child;
}

function request(child, msg, replyType) {
  return new Promise((resolve, reject) => {
    const onMsg = (m) => {
      if (m.type === replyType) {
        child.off('message', onMsg);
        child.off('exit', onExit);
        resolve(m);
      }
    };
    const onExit = (code) => reject(new Error(`${replyType}: child exited ${code}`));
    child.on('message', onMsg);
    child.once('exit', onExit);
    if (msg) child.send(msg);
  });
}

/** Requests per calendar second (from the first request) and the busiest sliding 1-s window. */
function rates(arrivals) {
  const buckets = [];
  for (const t of arrivals) buckets[Math.floor(t / 1000)] = (buckets[Math.floor(t / 1000)] ?? 0) + 1;
  const perSecond = Array.from(buckets, (x) => x ?? 0);
  let sliding = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i] - arrivals[j] >= 1000) j++;
    sliding = Math.max(sliding, i - j + 1);
  }
  return { perSecond, maxPerSecond: perSecond.length ? Math.max(...perSecond) : 0, maxSliding: sliding };
}

async function runPhase(server, ready, phase, log, facade) {
  const random = prng(phase.jobs + (phase.maxRequestsPerSecond ?? 0));
  const durations = Array.from({ length: phase.jobs }, () => 1 + random() * (phase.withinMs - 1));
  await request(server, { type: 'reset' }, 'reset');
  const { jobs } = await request(server, { type: 'create', durations }, 'created');
  const client = start('scale-client.mjs', 0);
  await request(client, null, 'ready');
  client.on('message', (m) => m.type === 'progress' && log(`${phase.id}: ${m.seconds.toFixed(0)} s, ${m.settled} settled, ${m.requests} requests sent`));
  log(`${phase.id}: ${phase.jobs} concurrent waits${phase.maxRequestsPerSecond ? `, maxRequestsPerSecond ${phase.maxRequestsPerSecond}` : ''}`);
  const done = await request(client, { type: 'run', url: ready.url, jobs, maxRequestsPerSecond: phase.maxRequestsPerSecond, speed: ready.speed, base: ready.base, facadeUrl: facade.url, guardMs: GUARD_MS }, 'done');
  client.kill();
  const st = await request(server, { type: 'stats' }, 'stats');
  const r = rates(st.arrivals);
  const rc = rates(done.starts ?? []);
  const ok = done.states.succeeded ?? 0;
  return {
    ...phase,
    seconds: +done.seconds.toFixed(1),
    settled: done.settled,
    succeeded: ok,
    states: done.states,
    errors: done.errors,
    lost: phase.jobs - done.settled,
    sent: done.sent,
    attempts: done.attempts,
    errorsRetried: done.errorsRetried,
    timedOut: done.timedOut,
    rssBeforeBytes: done.rssBefore,
    peakHeapBytes: done.peakHeap,
    allResolved: ok === phase.jobs,
    requests: st.total,
    requestsPerJob: +(st.total / phase.jobs).toFixed(2),
    serverStates: st.states,
    peakRssBytes: done.peakRss,
    lagMedianMs: Math.round(median(done.lags)),
    lagMaxMs: Math.round(Math.max(...done.lags)),
    clientMaxPerSecond: rc.maxPerSecond,
    clientMaxSliding: rc.maxSliding,
    maxPerSecond: r.maxPerSecond,
    maxSliding: r.maxSliding,
    perSecond: r.perSecond,
  };
}

export async function measure({ log }) {
  const facade = await jobsFacade();
  const simOk = await simulatorApi();
  if (!facade.url || !simOk.ok) {
    const why = [facade.url ? null : facade.why, simOk.ok ? null : simOk.why].filter(Boolean).join('; ');
    return {
      title: '6. Scale (10,000 concurrent jobs.wait against the simulator)',
      notes: [`Not run: ${why}.`],
      targets: [
        { name: `scale: ${PHASES[0].jobs} waits all resolved, none lost`, target: 'all resolved', value: 'not measured', met: null, why },
        { name: 'scale: maxRequestsPerSecond respected', target: 'no second above the limit', value: 'not measured', met: null, why },
      ],
    };
  }
  const server = start('scale-server.mjs', 1, { BENCH_SCALE_SPEED: String(SPEED) });
  const ready = await request(server, null, 'ready');
  const out = [];
  try {
    for (const phase of PHASES) out.push(await runPhase(server, ready, phase, log, facade));
  } finally {
    server.send({ type: 'close' });
  }
  const rows = out.map((p) => [
    p.id === 'limited' ? `maxRequestsPerSecond ${p.maxRequestsPerSecond}` : 'no rate limit',
    p.jobs,
    `${p.succeeded} succeeded${Object.keys(p.errors).length ? `, errors: ${Object.entries(p.errors).map(([k, v]) => `${v}x ${k}`).join('; ')}` : ''}`,
    p.lost,
    `${p.requests} (${p.requestsPerJob}/job)`,
    `${fmtBytes(p.peakRssBytes)} (${fmtBytes(p.rssBeforeBytes)} before the waits; heap peak ${fmtBytes(p.peakHeapBytes)})`,
    `${(p.lagMedianMs / 1000).toFixed(1)} s / ${(p.lagMaxMs / 1000).toFixed(1)} s`,
    `${p.maxPerSecond} / ${p.maxSliding} (client: ${p.clientMaxPerSecond} / ${p.clientMaxSliding})`,
    `${p.seconds} s`,
  ]);
  const [u, l] = out;
  const targets = [
    {
      name: `scale: ${PHASES[0].jobs} waits all resolved, none lost`,
      target: 'every wait resolves succeeded',
      value: `${u.succeeded}/${u.jobs} resolved, ${u.lost} lost, ${u.requests} requests (${u.requestsPerJob}/job), client peak RSS ${fmtBytes(u.peakRssBytes)}`,
      met: u.allResolved && u.lost === 0,
    },
    {
      name: 'scale: maxRequestsPerSecond respected',
      target: `no calendar second above ${l.maxRequestsPerSecond} at the server, no sliding 1-s window above it at the client`,
      value: `server: busiest second ${l.maxPerSecond}, busiest sliding window ${l.maxSliding}; client (fetch starts): ${l.clientMaxPerSecond} / ${l.clientMaxSliding}; ${l.succeeded}/${l.jobs} resolved`,
      met: l.maxPerSecond <= l.maxRequestsPerSecond && l.clientMaxSliding <= l.maxRequestsPerSecond + 1 && l.allResolved,
    },
  ];
  return {
    title: `6. Scale (concurrent jobs.wait against the simulator, clock x${SPEED})`,
    table: { head: ['run', 'waits', 'outcome', 'lost', 'requests at server', 'client peak RSS', 'detection lag median / max (job time)', 'max req/s: calendar s / sliding 1 s, at the server (at the client)', 'wall time'], rows },
    notes: [
      `Jobs end at uniformly random times within ${PHASES[0].withinMs / 1000} s of job time. The simulator's clock runs x${SPEED} real time; the waiters get the same clock and sleeps shortened x${SPEED} (injected through jobs.wait options), so their schedule is unchanged in job time while the request rate is ${SPEED}x what real jobs would see. The request timeout alone stays at its default in real time (30 s), since a slow network does not speed up.`,
      ...out.map((p) => `Client side, ${p.id === 'limited' ? 'rate-limited' : 'unlimited'} run: ${p.sent?.requests ?? '?'} fetches (${Object.entries(p.sent?.byStatus ?? {}).map(([k, v]) => `${v}x HTTP ${k}`).join(', ') || 'no answer'}${Object.keys(p.sent?.failures ?? {}).length ? `; failed: ${Object.entries(p.sent.failures).map(([k, v]) => `${v}x ${k}`).join(', ')}` : ''}); the waits counted ${p.attempts} attempts and retried ${p.errorsRetried} errors.`),
      `"lost": waits that had not settled after ${GUARD_MS / 1000} s of real time (the client then stops and reports them). "all resolved": every wait fulfilled with a succeeded job (the simulator's jobs all succeed).`,
      `The simulator runs in its own process (${hasTaskset() ? 'pinned to core 1; the client to core 0' : 'not pinned'}); requests are counted at the server by arrival time. Peak RSS is the client process's maximum resident set.`,
      `Where the rate is counted: at the server, by the time its request handler runs (the target's calendar seconds); at the client, by the time each fetch starts (after the limiter granted it). A server that is starved of CPU takes queued requests in bursts, so its sliding 1-s window can exceed the rate the client sent at: in this run the server's busiest sliding window was ${l.maxSliding} against the client's ${l.clientMaxSliding}${l.maxSliding > l.maxRequestsPerSecond ? ` (above the limit at the server, ${l.clientMaxSliding <= l.maxRequestsPerSecond + 1 ? 'not at the client: the bunching happened after the requests left' : 'and at the client too'})` : ''}.`,
      `Is the limit binding? Without it the busiest second saw ${u.maxPerSecond} requests; with maxRequestsPerSecond ${l.maxRequestsPerSecond}, ${l.maxPerSecond} (${Math.round((100 * l.maxPerSecond) / l.maxRequestsPerSecond)}% of the limit). ${u.maxPerSecond > l.maxRequestsPerSecond ? 'The unlimited run went above the limit, so the limiter did hold the rate down.' : 'The unlimited run never reached the limit on this machine, so this run does not show the limiter holding anything back: the check is weak here.'} The limiter spaces requests evenly (burst 1) on timers of at least 1 ms, so the rate it reaches can stay below the nominal limit.`,
      'Per-second request counts of the rate-limited run (real seconds): ' + l.perSecond.join(', '),
    ],
    targets,
    raw: out.map(({ perSecond, ...rest }) => ({ ...rest, perSecond })),
  };
}

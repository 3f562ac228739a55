#!/usr/bin/env node
// npm run bench:fleet
// Fleet scale on Redis (@cloud-jobs/redis): 4 processes x 2,500 waits on the same 2,500 simulator
// jobs, sharing one redis-server, against 4 independent processes that split the same budget.
// Reports requests per job, the combined request rate against the configured one (200 and 500
// req/s), how late the waits see the end, and the round trip of the Redis calls on a poll's path.
// Needs redis-server (Debian package redis-server) and a build (npx turbo run build).
import { fork, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@cloud-jobs/simulator';

const BENCH = dirname(fileURLToPath(import.meta.url));
const PROCESSES = 4;
const JOBS = Number(process.env.FLEET_JOBS ?? 2_500);
const PROJECT = '0123456789abcdef0123456789abcdef';
/** Each job lasts 5-20 s: a few polling rounds at either rate, a few minutes in all. */
const DURATION_MS = [5_000, 20_000];
const WAIT = { minDelayMs: 2_000, maxDelayMs: 10_000, timeoutMs: 10 * 60_000 };
const SCENARIOS = [
  { mode: 'fleet', rate: 200 },
  { mode: 'independent', rate: 200 },
  { mode: 'fleet', rate: 500 },
  { mode: 'independent', rate: 500 },
];

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.error('bench:fleet needs redis-server (Debian package redis-server: apt-get install -y redis-server)');
    process.exit(1);
  }
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 200; i += 1) {
    const up = await new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(true)); // taken: redis listens
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

const quantile = (xs, q) => {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** The most requests in any window of `ms` (one starts at each request). */
function busiest(times, ms) {
  let best = 0;
  for (let start = 0, end = 0; end < times.length; end += 1) {
    while (times[end] - times[start] >= ms) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

async function runScenario(sim, redis, { mode, rate }, index) {
  sim.jobs.clear();
  const jobs = Array.from({ length: JOBS }, () => sim.createJob({ service: 'dcs', durationMs: DURATION_MS[0] + Math.random() * (DURATION_MS[1] - DURATION_MS[0]) }));
  const jobIds = jobs.map((j) => j.id);
  const workers = await Promise.all(
    Array.from({ length: PROCESSES }, async () => {
      const child = fork(join(BENCH, 'fleet-worker.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const ready = new Promise((resolve) => child.once('message', resolve));
      child.send({ mode, redisUrl: redis.url, baseUrl: sim.url, projectId: PROJECT, jobIds, rate, wait: WAIT, processes: PROCESSES, keyPrefix: `bench${index}` });
      await ready;
      return child;
    }),
  );
  const started = Date.now();
  const reports = await Promise.all(
    workers.map((child) => {
      const done = new Promise((resolve) => child.on('message', (m) => m.type === 'done' && resolve(m)));
      child.send({ type: 'go' });
      return done;
    }),
  );
  const seconds = (Date.now() - started) / 1_000;
  const snapshots = new Map(sim.jobs.list().map((j) => [j.id, j]));
  const requests = [...snapshots.values()].reduce((sum, j) => sum + j.polls, 0);
  const lags = reports.flatMap((r) => Object.entries(r.settledAt).map(([id, at]) => at - snapshots.get(id).endsAt));
  const redisMs = reports.flatMap((r) => r.redisMs);
  const sentAt = reports.flatMap((r) => r.sentAt).sort((a, b) => a - b);
  return {
    mode,
    rate,
    seconds: +seconds.toFixed(1),
    waits: JOBS * PROCESSES,
    failed: reports.reduce((sum, r) => sum + r.failed, 0),
    requests,
    requestsPerJob: +(requests / JOBS).toFixed(2),
    answersRead: reports.reduce((sum, r) => sum + r.counts.read, 0),
    sentRate: +(requests / seconds).toFixed(1),
    busiestSecond: busiest(sentAt, 1_000),
    degradedEvents: reports.reduce((sum, r) => sum + r.degraded, 0),
    lagMedianMs: Math.round(quantile(lags, 0.5)),
    lagP99Ms: Math.round(quantile(lags, 0.99)),
    redisCalls: redisMs.length,
    redisP50Ms: redisMs.length ? +quantile(redisMs, 0.5).toFixed(2) : null,
    redisP99Ms: redisMs.length ? +quantile(redisMs, 0.99).toFixed(2) : null,
  };
}

const redis = await startRedis();
const sim = await startSimulator({ maxJobs: JOBS + 10 });
const results = [];
try {
  for (const [index, scenario] of SCENARIOS.entries()) {
    console.log(`[bench:fleet] ${scenario.mode} at ${scenario.rate} req/s: ${PROCESSES} processes x ${JOBS} waits...`);
    const result = await runScenario(sim, redis, scenario, index);
    results.push(result);
    console.log(`[bench:fleet]   ${result.requests} requests (${result.requestsPerJob}/job) in ${result.seconds} s; busiest second ${result.busiestSecond}; lag median ${result.lagMedianMs} ms`);
  }
} finally {
  await sim.close();
  redis.stop();
}

const byKey = (mode, rate) => results.find((r) => r.mode === mode && r.rate === rate);
const lines = [
  `# Fleet benchmark (@cloud-jobs/redis)`,
  '',
  `${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)} at the end (other work on the machine slows every figure here).`,
  '',
  `${PROCESSES} processes x ${JOBS} waits on the same ${JOBS} simulator jobs (each ${DURATION_MS[0] / 1000}-${DURATION_MS[1] / 1000} s), one redis-server. ` +
    '`fleet`: createFleetJobs (one shared budget, one poll per job); `independent`: createJobs in each process with a quarter of the budget each. ' +
    'Busiest second: the most requests sent in any 1 s window (all processes, timestamped where they leave). Degraded: onDegraded events (a Redis call over its 2 s budget: that process then works locally). Lag: from the job\'s end to its wait settling. Redis: round trip of each script/read call (a poll makes one on its path, the claim; publishing is not awaited).',
  '',
  '| mode | budget req/s | requests/job | busiest second | vs budget | mean rate | lag median / p99 ms | Redis p50 / p99 ms | degraded | failed |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.mode} | ${r.rate} | ${r.requestsPerJob} | ${r.busiestSecond} | ${(r.busiestSecond / r.rate).toFixed(2)} | ${r.sentRate} | ${r.lagMedianMs} / ${r.lagP99Ms} | ${r.redisP50Ms ?? '-'} / ${r.redisP99Ms ?? '-'} | ${r.mode === 'fleet' ? r.degradedEvents : '-'} | ${r.failed} |`),
  '',
  ...[200, 500].flatMap((rate) => {
    const f = byKey('fleet', rate);
    const i = byKey('independent', rate);
    return f && i ? [`- at ${rate} req/s: requests per job ${f.requestsPerJob} shared vs ${i.requestsPerJob} independent (${(i.requestsPerJob / f.requestsPerJob).toFixed(1)}x fewer); busiest second ${f.busiestSecond} of ${rate} (${((100 * f.busiestSecond) / rate).toFixed(0)}%).`] : [];
  }),
  '',
];
writeFileSync(join(BENCH, 'fleet-results.md'), lines.join('\n'));
writeFileSync(join(BENCH, 'fleet-results.json'), `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
console.log(lines.join('\n'));

// The simulator of the scale benchmark, in its own process. Counts every request it receives by
// arrival time (at the server, so the rate limit is checked where it matters). IPC commands:
// { type: 'create', durations: [ms...] } -> { type: 'created', jobs: [{ id, projectId, endsAt }] }
// { type: 'stats' } -> { type: 'stats', total, arrivals: [ms since the first request...], polled, states }
// { type: 'reset' } clears the jobs and the counters.
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib.mjs';

let arrivals = [];
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  if (event === 'request') arrivals.push(performance.now());
  return emit.call(this, event, ...args);
};

const { startSimulator } = await import(pathToFileURL(join(ROOT, 'packages/simulator/dist/index.js')).href);
const speed = Number(process.env.BENCH_SCALE_SPEED ?? 1);
const base = Date.now();
const clock = () => base + (Date.now() - base) * speed;
const sim = await startSimulator({ port: 0, clock, seed: 7 });

process.on('message', (msg) => {
  if (msg.type === 'create') {
    const jobs = msg.durations.map((durationMs) => {
      const job = sim.createJob({ service: 'ecs', durationMs: Math.max(1, Math.round(durationMs)), subtasks: 1 });
      return { id: job.id, projectId: job.projectId, endsAt: clock() + durationMs };
    });
    process.send({ type: 'created', jobs });
  } else if (msg.type === 'stats') {
    const states = {};
    let polled = 0;
    let neverPolledAfterEnd = 0;
    for (const j of sim.jobs.list()) {
      states[j.state] = (states[j.state] ?? 0) + 1;
      polled += j.polls;
      if (j.polls === 0) neverPolledAfterEnd++;
    }
    const t0 = arrivals[0] ?? 0;
    process.send({ type: 'stats', total: arrivals.length, arrivals: arrivals.map((t) => Math.round((t - t0) * 10) / 10), polled, states, neverPolled: neverPolledAfterEnd });
  } else if (msg.type === 'reset') {
    sim.jobs.clear();
    arrivals = [];
    process.send({ type: 'reset' });
  } else if (msg.type === 'close') {
    sim.close().then(() => process.exit(0));
  }
});
process.send({ type: 'ready', url: sim.url, base, speed });

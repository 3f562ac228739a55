// 5. Waiter efficiency on a virtual clock (nothing sleeps for real): for jobs of 2 s ... 2 h, how
// many requests each polling schedule sends and how late it notices the end (detection lag); then
// workloads of 200 jobs of one kind, where ours learns durations and reads progress.
// Ours is the real waitForJob of @cloud-jobs/jobs, driven through its injectable clock, sleep and
// random; the peers are re-implementations of their published schedules.
import { readFileSync } from 'node:fs';
import { median, prng, waitForJobImpl } from './lib.mjs';

const DURATIONS = [
  ['2 s', 2_000],
  ['10 s', 10_000],
  ['1 min', 60_000],
  ['10 min', 600_000],
  ['1 h', 3_600_000],
  ['2 h', 7_200_000],
];
const DRAWS = 101; // draws per nominal duration: the job's length, and the jitter of ours and AWS-style (15 left medians to the luck of a few draws near a fixed-interval peer's round multiples)
/** Each draw's job lasts the nominal duration x U(0.9, 1.1): real jobs do not end on a round number,
 * and a fixed-interval schedule would otherwise hit (or miss) round durations by construction. */
const SPREAD = 0.1;
const FAR = 24 * 3_600_000; // a deadline no job here reaches

/** A normalized Job as the waiter sees it (ECS field values); `steps`: when each sub-job ends. */
function jobAt(now, durationMs, steps) {
  const done = now >= durationMs;
  const job = {
    service: 'ecs',
    id: 'bench-job',
    type: 'createServer',
    state: done ? 'succeeded' : 'running',
    done,
    status: done ? 'SUCCESS' : 'RUNNING',
    subtasks: [],
    raw: {},
  };
  if (steps) job.progress = { completed: done ? steps.length : steps.filter((t) => t <= now).length, total: steps.length };
  return job;
}

/**
 * Virtual time: `sleep` only schedules a timer; `run(promise)` lets every pending microtask run,
 * then jumps the clock to the earliest timer and fires it, until the promise settles. Timers are
 * abortable, so a waiter's request-timeout timers (armed and cancelled around each request) never
 * move time by themselves.
 */
class VirtualTime {
  now = 0;
  #timers = [];
  #seq = 0;
  clock = () => this.now;
  sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = { at: this.now + Math.max(0, Number.isFinite(ms) ? ms : 0), seq: this.#seq++, cancelled: false };
      const onAbort = () => {
        timer.cancelled = true;
        reject(signal.reason);
      };
      timer.fire = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  async run(promise) {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise((r) => setImmediate(r)); // every microtask has run
      if (settled) return promise;
      this.#timers = this.#timers.filter((t) => !t.cancelled);
      if (this.#timers.length === 0) throw new Error('virtual time: nothing scheduled and the wait has not settled');
      this.#timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.#timers.shift();
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
  }
}

/** A job that ends at `durationMs` of virtual time, and the requests made to it. */
function virtualJob(durationMs, steps) {
  const v = new VirtualTime();
  v.polls = [];
  v.getJob = async () => {
    v.polls.push(v.now);
    return jobAt(v.now, durationMs, steps);
  };
  return v;
}

/** Requests and lag of a list of poll times against a job that ends at `durationMs`. */
function outcome(polls, durationMs) {
  const i = polls.findIndex((t) => t >= durationMs);
  if (i < 0) throw new Error('schedule ended before the job');
  return { requests: i + 1, lagMs: polls[i] - durationMs };
}

/** Poll times of a peer from its delays: `first` is the time of the first poll, `next(n)` the delay after the n-th (1-based). */
function pollsOf(first, next, durationMs) {
  const polls = [first];
  for (let n = 1; polls.at(-1) < durationMs; n++) polls.push(polls.at(-1) + next(n));
  return polls;
}

/**
 * The peers. Each returns its poll times for one job (a request at each). Sources: @smithy/util-waiter
 * (runPolling + exponentialBackoffWithJitter), terraform-plugin-sdk helper/retry StateChangeConf
 * (WaitForStateContext), @azure/core-lro (createHttpPoller, default intervalInMs 2000), google-gax
 * LRO polling (initial 1 s, multiplier 1.3, max 60 s).
 */
const PEERS = [
  {
    id: 'aws',
    label: 'AWS SDK v3 waiter (2–120 s, jittered exp.)',
    // One attempt at once; then min + random x (min·2^(n−1) − min), maxDelay flat past the attempt ceiling.
    polls: (d, random) => {
      const min = 2000;
      const max = 120_000;
      const ceiling = Math.log(max / min) / Math.log(2) + 1;
      return pollsOf(0, (n) => (n > ceiling ? max : min + random() * (min * 2 ** (n - 1) - min)), d);
    },
  },
  {
    id: 'tf',
    label: 'terraform StateChangeConf default (0.2 s ×2 to 10 s)',
    // wait starts at 100 ms and doubles before each sleep, capped at 10 s; the first refresh is at once (Delay 0).
    polls: (d) => pollsOf(0, (n) => Math.min(10_000, 100 * 2 ** n), d),
  },
  { id: 'tf5', label: 'terraform PollInterval 5 s', polls: (d) => pollsOf(0, () => 5000, d) },
  { id: 'tf10', label: 'terraform PollInterval 10 s', polls: (d) => pollsOf(0, () => 10_000, d) },
  { id: 'azure', label: 'Azure core-lro (fixed 2 s)', polls: (d) => pollsOf(2000, () => 2000, d) },
  { id: 'google', label: 'Google LRO (1 s ×1.3 to 60 s)', polls: (d) => pollsOf(1000, (n) => Math.min(60_000, 1000 * 1.3 ** n), d) },
];

/** Ours: the real waitForJob with the virtual clock, sleep and a seeded random (`extra`: option overrides). */
async function ours(waitForJob, durationMs, random, extra = {}, steps) {
  const v = virtualJob(durationMs, steps);
  const job = await v.run(
    waitForJob(v.getJob, {
      ref: { service: 'ecs', jobId: 'bench-job', projectId: 'bench-project' },
      timeoutMs: FAR,
      ...extra,
      clock: { now: v.clock, wallNow: () => 1_700_000_000_000 + v.now, sleep: v.sleep, random },
    }),
  );
  if (job.state !== 'succeeded') throw new Error(`waitForJob resolved with state ${job.state}`);
  return outcome(v.polls, durationMs);
}

const fmtS = (ms) => {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 1000).toFixed(1)} s`;
};

/** Median requests and lag over draws. */
function summarize(xs) {
  return { requests: median(xs.map((x) => x.requests)), lagMs: median(xs.map((x) => x.lagMs)) };
}

/** `a` dominates `b`: no worse on both axes, better on one. */
const dominates = (a, b) => a.requests <= b.requests && a.lagMs <= b.lagMs && (a.requests < b.requests || a.lagMs < b.lagMs);
const cell = (x) => `${x.requests} req, ${fmtS(x.lagMs)}`;

/** Log-normal draws: `median x exp(sigma x N(0,1))` (Box-Muller on a seeded source). */
function logNormal(random, medianMs, sigma) {
  const u = Math.max(1e-12, random());
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  return Math.round(medianMs * Math.exp(sigma * z));
}

/** A workload: 200 jobs of one kind, waited on one after another by one process. */
const WORKLOADS = [
  { id: 'w90', label: '200 jobs, log-normal median 90 s (σ 0.25), no progress', medianMs: 90_000, sigma: 0.25, seed: 90 },
  { id: 'w20', label: '200 jobs, log-normal median 20 min (σ 0.25), no progress', medianMs: 1_200_000, sigma: 0.25, seed: 1200 },
  { id: 'wsub', label: '200 jobs, log-normal median 20 min (σ 0.25), 10 sub-jobs each', medianMs: 1_200_000, sigma: 0.25, seed: 1201, subJobs: 10 },
];
const WORKLOAD_JOBS = 200;

/** Φ⁻¹, the standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9). */
function normalQuantile(q) {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const e = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (r) => (((((c[0] * r + c[1]) * r + c[2]) * r + c[3]) * r + c[4]) * r + c[5]) / ((((e[0] * r + e[1]) * r + e[2]) * r + e[3]) * r + 1);
  if (q < 0.02425) return tail(Math.sqrt(-2 * Math.log(q)));
  if (q > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - q)));
  const x = q - 0.5;
  const r = x * x;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * x) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** ORACLE_ATOMS quantiles of a workload's log-normal: its distribution, as dense as the dynamic programme allows. */
const ORACLE_ATOMS = 500;
const quantilesOf = (w) => Array.from({ length: ORACLE_ATOMS }, (_, i) => w.medianMs * Math.exp(w.sigma * normalQuantile((i + 0.5) / ORACLE_ATOMS)));

/**
 * The best any poller could do on a workload without progress: one that knows the distribution
 * the durations are drawn from (not which job lasts how long), polls at once and then on the best
 * schedule for it (without progress, "not done yet" is all a poll says, so a fixed schedule is as
 * good as any). On a distribution of many equal atoms (its quantiles) the optimal polls sit on
 * atoms, so a dynamic programme over them (minimizing mean lag + λ x mean requests, for many λ)
 * traces the lower convex hull of the (requests, lag) pairs such a poller can reach; learning from
 * earlier jobs can at best approach it. Returns the hull as points { requests (per job), lagMs (mean) }.
 */
function oracleHull(durations) {
  const d = [...durations].sort((a, b) => a - b);
  const n = d.length;
  const c = [0, ...new Set(d)].sort((a, b) => a - b);
  const g = c.length;
  // still[j]: share of jobs not done at c[j]; prefix sums of durations for the lag of a gap.
  const idx = (t) => { let lo = 0, hi = n; while (lo < hi) { const mid = (lo + hi) >> 1; if (d[mid] <= t) lo = mid + 1; else hi = mid; } return lo; };
  const upto = c.map(idx);
  const prefix = [0];
  for (const x of d) prefix.push(prefix.at(-1) + x);
  const gapLag = (a, b) => { const i = upto[a], k = upto[b]; return ((k - i) * c[b] - (prefix[k] - prefix[i])) / n; };
  const points = [];
  for (let e = -3; e <= 7; e += 0.05) {
    const lambda = 10 ** e; // ms of lag one request is worth
    const cost = new Float64Array(g), req = new Float64Array(g), lag = new Float64Array(g);
    for (let j = g - 1; j >= 0; j--) {
      if (upto[j] === n) continue; // every job is done: no more polls
      const still = (n - upto[j]) / n;
      let best = Infinity, br = 0, bl = 0;
      for (let k = j + 1; k < g; k++) {
        const l = gapLag(j, k);
        const v = lambda * still + l + cost[k];
        if (v < best) { best = v; br = still + req[k]; bl = l + lag[k]; }
      }
      cost[j] = best; req[j] = br; lag[j] = bl;
    }
    points.push({ requests: 1 + req[0], lagMs: lag[0] });
  }
  points.sort((a, b) => a.requests - b.requests || a.lagMs - b.lagMs);
  const hull = [];
  for (const p of points) {
    while (hull.length >= 2) {
      const [a, b] = hull.slice(-2);
      if ((b.lagMs - a.lagMs) * (p.requests - a.requests) >= (p.lagMs - a.lagMs) * (b.requests - a.requests)) hull.pop();
      else break;
    }
    if (!hull.length || p.lagMs < hull.at(-1).lagMs) hull.push(p);
  }
  return hull;
}

/** On the oracle's hull: the least mean lag at `requests` per job, and the fewest requests per job at a mean lag (linear between points: a lower bound). */
function hullAt(hull, key, x, other) {
  if (x <= hull[0][key]) return key === 'requests' ? hull[0][other] : hull[0][other];
  for (let i = 1; i < hull.length; i++) {
    const a = hull[i - 1], b = hull[i];
    const lo = Math.min(a[key], b[key]), hi = Math.max(a[key], b[key]);
    if (x >= lo && x <= hi) return a[other] + ((x - a[key]) / (b[key] - a[key] || 1)) * (b[other] - a[other]);
  }
  return hull.at(-1)[other];
}
const minLagAt = (hull, requestsPerJob) => (requestsPerJob < hull[0].requests ? Infinity : hullAt(hull, 'requests', requestsPerJob, 'lagMs'));
function minRequestsAt(hull, lagMs) {
  const byLag = [...hull].sort((a, b) => a.lagMs - b.lagMs);
  if (lagMs < byLag[0].lagMs) return Infinity;
  return hullAt(byLag, 'lagMs', lagMs, 'requests');
}

async function runWorkload(impl, w) {
  const random = prng(w.seed);
  const jobs = Array.from({ length: WORKLOAD_JOBS }, () => {
    const d = logNormal(random, w.medianMs, w.sigma);
    // Sub-jobs end one after another at uneven (but steady on average) times.
    let steps;
    if (w.subJobs) {
      const cuts = Array.from({ length: w.subJobs }, () => 0.5 + random());
      const sum = cuts.reduce((a, b) => a + b, 0);
      let at = 0;
      steps = cuts.map((c) => (at += (c / sum) * d));
      steps[steps.length - 1] = d;
    }
    return { d, steps };
  });
  const durations = impl.mod.createDurationStore();
  const sum = { learned: { requests: 0, lag: 0 }, blind: { requests: 0, lag: 0 } };
  const peers = Object.fromEntries(PEERS.map((p) => [p.id, { requests: 0, lag: 0 }]));
  for (let i = 0; i < jobs.length; i++) {
    const { d, steps } = jobs[i];
    const learned = await ours(impl.waitForJob, d, prng(7000 + i), { durations }, steps);
    const blind = await ours(impl.waitForJob, d, prng(7000 + i), { durations: null }, steps);
    sum.learned.requests += learned.requests;
    sum.learned.lag += learned.lagMs;
    sum.blind.requests += blind.requests;
    sum.blind.lag += blind.lagMs;
    for (const p of PEERS) {
      const o = outcome(p.polls(d, prng(8000 + i)), d);
      peers[p.id].requests += o.requests;
      peers[p.id].lag += o.lagMs;
    }
  }
  const mean = (x) => ({ requests: x.requests, meanLagMs: x.lag / jobs.length });
  const hull = oracleHull(quantilesOf(w));
  const awsPerJob = peers.aws.requests / jobs.length;
  const tfLag = peers.tf.lag / jobs.length;
  const oracle = { lagAtAwsRequestsMs: minLagAt(hull, awsPerJob), requestsAtTfLag: minRequestsAt(hull, tfLag) * jobs.length, lagAtOurRequestsMs: minLagAt(hull, sum.learned.requests / jobs.length) };
  return { ...w, learned: mean(sum.learned), blind: mean(sum.blind), oracle, peers: Object.fromEntries(Object.entries(peers).map(([k, v]) => [k, mean(v)])) };
}

/** A constant of the waiter's schedule, read from its source (they are not exported). */
const SCHEDULE_CONSTANT = (name) => readFileSync(new URL('../packages/jobs/src/wait/schedule.ts', import.meta.url), 'utf8').match(new RegExp(`export const ${name} = ([0-9.]+);`))?.[1] ?? '?';

/** Other seed sets the default is also judged on (only the default runs on them). */
const OTHER_SEED_SETS = 10;

/** One job duration: every schedule on the same draws (`offset` shifts every seed; `withExp`: the exponential schedule too). */
async function singleRow(waitForJob, label, d, offset, withExp) {
  const draws = { ours: [], exp: [], ...Object.fromEntries(PEERS.map((p) => [p.id, []])) };
  const lengths = prng(3000 + d + offset);
  for (let i = 0; i < DRAWS; i++) {
    const di = Math.round(d * (1 - SPREAD + 2 * SPREAD * lengths()));
    for (const p of PEERS) draws[p.id].push(outcome(p.polls(di, prng(1000 + i + offset)), di));
    draws.ours.push(await ours(waitForJob, di, prng(2000 + i + offset), { durations: null }));
    if (withExp) draws.exp.push(await ours(waitForJob, di, prng(2000 + i + offset), { durations: null, schedule: 'exponential' }));
  }
  const row = { label, durationMs: d, ...Object.fromEntries(Object.entries(draws).filter(([, xs]) => xs.length).map(([k, xs]) => [k, summarize(xs)])) };
  row.oursDominatedBy = PEERS.filter((p) => dominates(row[p.id], row.ours)).map((p) => p.id);
  if (withExp) row.expDominatedBy = PEERS.filter((p) => dominates(row[p.id], row.exp)).map((p) => p.id);
  row.oursDominates = PEERS.filter((p) => dominates(row.ours, row[p.id])).map((p) => p.id);
  return row;
}

export async function measure() {
  const impl = await waitForJobImpl();
  const waitForJob = impl.waitForJob;
  const defaults = impl.mod?.WAIT_DEFAULTS;
  if (!waitForJob || typeof impl.mod?.createDurationStore !== 'function') {
    const why = impl.why ?? 'waitForJob or createDurationStore not available';
    return { title: '5. Waiter', notes: [`Not run: ${why}`], targets: [{ name: 'waiter: on the Pareto front', target: 'dominated by no peer', value: 'not measured', met: null, why }] };
  }
  const res = [];
  for (const [label, d] of DURATIONS) res.push(await singleRow(waitForJob, label, d, 0, true));
  // The same on other seed sets (other job lengths and jitter draws): how often the verdict of the
  // main table flips. Ties within tens of milliseconds (2 s, 10 s) flip with the draws.
  const reseeded = Object.fromEntries(DURATIONS.map(([label]) => [label, 0]));
  for (let s = 1; s <= OTHER_SEED_SETS; s++) {
    for (const [label, d] of DURATIONS) if ((await singleRow(waitForJob, label, d, s * 7919, false)).oursDominatedBy.length) reseeded[label] += 1;
  }
  const workloads = [];
  for (const w of WORKLOADS) workloads.push(await runWorkload(impl, w));

  const peerLabel = Object.fromEntries(PEERS.map((p) => [p.id, p.label]));
  const names = (ids) => (ids.length ? ids.map((id) => peerLabel[id].split(' (')[0]).join(', ') : 'none');
  const rows = res.map((r) => [r.label, cell(r.ours), cell(r.exp), ...PEERS.map((p) => cell(r[p.id])), names(r.oursDominatedBy), names(r.expDominatedBy)]);
  const wRows = workloads.map((w) => [
    w.label,
    `${w.learned.requests} req, mean lag ${fmtS(w.learned.meanLagMs)}`,
    `${w.blind.requests} req, mean lag ${fmtS(w.blind.meanLagMs)}`,
    `${w.peers.aws.requests} req, mean lag ${fmtS(w.peers.aws.meanLagMs)}`,
    `${w.peers.tf.requests} req, mean lag ${fmtS(w.peers.tf.meanLagMs)}`,
    `${w.peers.tf10.requests} req, mean lag ${fmtS(w.peers.tf10.meanLagMs)}`,
    `at AWS's requests: mean lag ≥ ${fmtS(w.oracle.lagAtAwsRequestsMs)}; at terraform's lag: ≥ ${Math.ceil(w.oracle.requestsAtTfLag)} req; at ours: ≥ ${fmtS(w.oracle.lagAtOurRequestsMs)}${w.subJobs ? ' (without progress)' : ''}`,
    `${w.learned.requests < w.peers.aws.requests ? 'fewer requests than AWS' : '**more requests than AWS**'}, ${w.learned.meanLagMs < w.peers.tf.meanLagMs ? 'less lag than terraform' : '**more lag than terraform**'}`,
  ]);
  const front = res.filter((r) => r.oursDominatedBy.length === 0).map((r) => r.label);
  const wMet = workloads.filter((w) => w.learned.requests < w.peers.aws.requests && w.learned.meanLagMs < w.peers.tf.meanLagMs).map((w) => w.id);
  const targets = [
    {
      name: 'waiter: default on the Pareto front',
      target: 'dominated by no peer (fewer-or-equal requests AND lag) at any duration 2 s – 2 h',
      value: `${front.length === res.length ? 'dominated by none at every duration' : `dominated at ${res.filter((r) => r.oursDominatedBy.length).map((r) => `${r.label} (by ${names(r.oursDominatedBy)})`).join('; ')}`}; on ${OTHER_SEED_SETS} other seed sets dominated at ${Object.entries(reseeded).filter(([, k]) => k).map(([l, k]) => `${l} in ${k}`).join(', ') || 'no duration'}`,
      met: front.length === res.length,
    },
    {
      name: 'waiter: workloads (learning, progress)',
      target: 'fewer requests than AWS-style and lower mean lag than terraform-style (default), each workload',
      value: workloads.map((w) => `${w.id}: ${w.learned.requests} vs ${w.peers.aws.requests} req, ${fmtS(w.learned.meanLagMs)} vs ${fmtS(w.peers.tf.meanLagMs)}${!w.subJobs && w.oracle.lagAtAwsRequestsMs > w.peers.tf.meanLagMs ? ` (unreachable: at AWS's requests no poller without progress gets below ${fmtS(w.oracle.lagAtAwsRequestsMs)})` : ''}`).join('; '),
      met: wMet.length === workloads.length,
    },
  ];
  const notes = [
    `Each cell: requests sent until the waiter saw the job done, and the detection lag (time from the job's end to the request that saw it), medians over ${DRAWS} seeded draws. In each draw the job lasts the nominal duration x U(${1 - SPREAD}, ${1 + SPREAD}) (the same lengths for every schedule). No real time passes: a virtual clock jumps to the next timer.`,
    'Ours runs the real waitForJob with its clock (now, wallNow, sleep, random) injected; a deadline far beyond 2 h; learning off (`durations: null`) for single jobs, so the blind default is what is measured. "dominated by": a peer with no more requests and no more lag (and less of one).',
    `The default (${defaults?.schedule ?? '?'}): sleep ${SCHEDULE_CONSTANT('ELAPSED_FRACTION')} x the time waited, ±10% jitter, within minDelayMs ${defaults?.minDelayMs} ms and maxDelayMs ${defaults?.maxDelayMs} ms, and ${SCHEDULE_CONSTANT('FIRST_GAP')} x minDelayMs after the first read. Chosen by sweeping the fraction (0.05–0.1), minDelayMs (1–2.2 s) and the first gap on these draws and on 20 other seed sets: no pair is dominated by none on every seed set. At 2 s and 10 s the medians of ours and of Google LRO (2 s) or Azure (10 s) are within tens of milliseconds of each other, so which side of a tie a draw falls on decides the verdict there; this choice was undominated on the most seed sets (11 of 20). The column "default dominated by" is this seed set; the target line also gives the ${OTHER_SEED_SETS} other seed sets.`,
    'Peers implemented from their sources as described in the comments of bench/waiter.mjs: AWS SDK v3 waiters (@smithy/util-waiter: an attempt at once, then min + random × (min·2^(n−1) − min), flat maxDelay past the attempt ceiling; 2 s / 120 s); terraform StateChangeConf (WaitForStateContext: wait 100 ms doubled before each sleep, capped at 10 s; or a fixed PollInterval); Azure core-lro (a poll every 2 s after the initial response); Google LRO (first poll after 1 s, then ×1.3 to 60 s).',
    `Workloads: ${WORKLOAD_JOBS} jobs of one kind waited on one after another by one process; ours with a durations store (createDurationStore, fresh per workload: the first jobs are waited on blind) and the progress the job reports (the sub-job workload: completed/total of 10 sub-jobs that end at uneven times). Totals of requests, and mean lag. "blind" is ours with durations: null (progress still read).`,
    `Best possible from the durations alone: a poller that knows the log-normal the durations are drawn from (not which job lasts how long), polls at once and then on the best schedule for it; without progress a poll only says "not done yet", so no poller can do better. Its lower convex hull of (requests per job, mean lag) is computed by a dynamic programme over ${ORACLE_ATOMS} quantiles of the distribution for many request prices, and read at AWS's requests, at terraform's lag and at ours (linear between hull points: a lower bound). Learning from earlier jobs can at best reach it. Where it says a mean lag above terraform\'s at AWS\'s requests, the target cannot be met from durations: only progress the job reports can beat it. With σ 0.25 a job\'s end spreads over minutes, and a mean lag of 5 s needs polls every ~10 s across that spread.`,
  ];
  return {
    title: `5. Waiter efficiency (virtual clock; median of ${DRAWS} seeded draws per job duration)`,
    tables: [
      { head: ['job duration', 'ours: default (elapsed)', "ours: schedule 'exponential' (earlier default)", ...PEERS.map((p) => p.label), 'default dominated by', 'exponential dominated by'], rows },
      { caption: '**Workloads** (totals over 200 jobs):', head: ['workload', 'ours, learning + progress', 'ours, no learning', 'AWS SDK v3', 'terraform default', 'terraform 10 s', 'best possible from the durations alone (per workload)', 'vs targets'], rows: wRows },
    ],
    notes,
    targets,
    raw: { durations: res, workloads, defaults, source: impl.source },
  };
}

// 5. Waiter efficiency on a virtual clock (nothing sleeps for real): for jobs of 2 s ... 2 h, how
// many requests each polling schedule sends and how late it notices the end (detection lag).
// Ours is the real waitForJob of @cloud-jobs/jobs, driven through its injectable clock, sleep and
// random; the others are re-implementations of well-known schedules.
import { fmtRatio, median, prng, waitForJobImpl } from './lib.mjs';

const DURATIONS = [
  ['2 s', 2_000],
  ['10 s', 10_000],
  ['1 min', 60_000],
  ['10 min', 600_000],
  ['1 h', 3_600_000],
  ['2 h', 7_200_000],
];
const DRAWS = 15; // draws per nominal duration: the job's length, and the jitter of ours and AWS-style
/** Each draw's job lasts the nominal duration x U(0.9, 1.1): real jobs do not end on a round number,
 * and a fixed-interval schedule would otherwise hit (or miss) round durations by construction. */
const SPREAD = 0.1;
const FAR = 24 * 3_600_000; // a deadline no job here reaches

/** A normalized Job as the waiter sees it (ECS field values). */
function jobAt(now, durationMs) {
  const done = now >= durationMs;
  return {
    service: 'ecs',
    id: 'bench-job',
    type: 'createServer',
    state: done ? 'succeeded' : 'running',
    done,
    status: done ? 'SUCCESS' : 'RUNNING',
    subtasks: [],
    raw: {},
  };
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
function virtualJob(durationMs) {
  const v = new VirtualTime();
  v.polls = [];
  v.getJob = async () => {
    v.polls.push(v.now);
    return jobAt(v.now, durationMs);
  };
  return v;
}

/** Requests, lag and the largest gap between two requests of one simulated wait. */
function outcome(v, durationMs) {
  const detected = v.polls.find((t) => t >= durationMs);
  const gaps = v.polls.slice(1).map((t, i) => t - v.polls[i]);
  return { requests: v.polls.length, lagMs: detected === undefined ? NaN : detected - durationMs, maxGapMs: gaps.length ? Math.max(...gaps) : 0 };
}

/** AWS SDK v3 waiter (smithy util-waiter runPolling): one attempt at once, then exponential backoff with full jitter between minDelay and maxDelay. */
async function aws(durationMs, random, minDelay = 2, maxDelay = 120) {
  const v = virtualJob(durationMs);
  const poll = async () => {
    if ((await v.getJob()).done) return;
    const attemptCeiling = Math.log(maxDelay / minDelay) / Math.log(2) + 1;
    for (let attempt = 1; ; attempt++) {
      const delay = attempt > attemptCeiling ? maxDelay : minDelay + random() * (minDelay * 2 ** (attempt - 1) - minDelay);
      await v.sleep(delay * 1000);
      if ((await v.getJob()).done) return;
    }
  };
  await v.run(poll());
  return outcome(v, durationMs);
}

/** terraform StateChangeConf as the huaweicloud provider uses it: Delay 5 s, then PollInterval 10 s. */
async function terraform(durationMs) {
  const v = virtualJob(durationMs);
  const poll = async () => {
    await v.sleep(5_000);
    while (!(await v.getJob()).done) await v.sleep(10_000);
  };
  await v.run(poll());
  return outcome(v, durationMs);
}

/** The oracle: one request exactly when the job ends. */
function oracle() {
  return { requests: 1, lagMs: 0, maxGapMs: 0 };
}

/** Ours: the real waitForJob with the virtual clock, sleep and a seeded random (`extra`: option overrides). */
async function ours(waitForJob, durationMs, random, extra = {}) {
  const v = virtualJob(durationMs);
  const job = await v.run(
    waitForJob(v.getJob, {
      ref: { service: 'ecs', jobId: 'bench-job', projectId: 'bench-project' },
      timeoutMs: FAR,
      ...extra,
      clock: { now: v.clock, wallNow: () => 1_700_000_000_000 + v.now, sleep: v.sleep, random },
    }),
  );
  if (job.state !== 'succeeded') throw new Error(`waitForJob resolved with state ${job.state}`);
  return outcome(v, durationMs);
}


const fmtS = (ms) => {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms >= 60_000) return `${(ms / 60_000).toFixed(ms % 60_000 ? 1 : 0)} min`;
  return `${(ms / 1000).toFixed(ms % 1000 ? 1 : 0)} s`;
};

/** Median requests and lag over draws, with their ranges, and the largest gap seen. */
function summarize(xs) {
  if (!xs.length) return undefined;
  const req = xs.map((x) => x.requests);
  const lag = xs.map((x) => x.lagMs);
  return {
    requests: median(req),
    requestsRange: [Math.min(...req), Math.max(...req)],
    lagMs: median(lag),
    lagRange: [Math.min(...lag), Math.max(...lag)],
    maxGapMs: Math.max(...xs.map((x) => x.maxGapMs)),
  };
}
const fixed = (x) => ({ ...x, requestsRange: [x.requests, x.requests], lagRange: [x.lagMs, x.lagMs] });

function cell(x) {
  if (!x) return 'n/a';
  const rq = x.requestsRange[0] === x.requestsRange[1] ? `${x.requests}` : `${x.requests} (${x.requestsRange[0]}–${x.requestsRange[1]})`;
  const lag = x.lagRange[0] === x.lagRange[1] ? fmtS(x.lagMs) : `${fmtS(x.lagMs)} (${fmtS(x.lagRange[0])}–${fmtS(x.lagRange[1])})`;
  return `${rq} req, lag ${lag}`;
}

/** "What if" variant of our waiter (not the default): shows what a miss would need. */
const WHAT_IF = { label: 'ours with maxDelayMs 120 s (NOT the default)', options: { maxDelayMs: 120_000 } };

export async function measure() {
  const impl = await waitForJobImpl();
  const waitForJob = impl.waitForJob;
  const defaults = impl.mod?.WAIT_DEFAULTS;
  const res = [];
  let oursError;
  for (const [label, d] of DURATIONS) {
    const draws = { ours: [], whatIf: [], aws: [], terraform: [] };
    const lengths = prng(3000 + d);
    for (let i = 0; i < DRAWS; i++) {
      const di = Math.round(d * (1 - SPREAD + 2 * SPREAD * lengths()));
      draws.aws.push(await aws(di, prng(1000 + i)));
      draws.terraform.push(await terraform(di));
      if (waitForJob && !oursError) {
        try {
          draws.ours.push(await ours(waitForJob, di, prng(2000 + i)));
          draws.whatIf.push(await ours(waitForJob, di, prng(2000 + i), WHAT_IF.options));
        } catch (err) {
          oursError = `waitForJob threw: ${err.message}`;
        }
      }
    }
    res.push({
      label,
      durationMs: d,
      ours: oursError ? undefined : summarize(draws.ours),
      whatIf: oursError ? undefined : summarize(draws.whatIf),
      aws: summarize(draws.aws),
      terraform: summarize(draws.terraform),
      oracle: fixed(oracle()),
    });
  }

  // The bound of the lag target: our max delay, the configured one (WAIT_DEFAULTS.maxDelayMs); the
  // largest gap actually observed between two of our requests is printed next to it.
  const observedMaxGapMs = res.every((r) => r.ours) ? Math.max(...res.map((r) => r.ours.maxGapMs)) : NaN;
  const maxDelayMs = defaults?.maxDelayMs ?? observedMaxGapMs;
  const allowedLag = (d, cap = maxDelayMs) => Math.min(0.1 * d, cap);
  const best = (r) => Math.min(r.aws.requests, r.terraform.requests);
  const judge = (x, r, cap) => ({ lagOk: x.lagMs <= allowedLag(r.durationMs, cap), reqOk: x.requests <= 2 * best(r), reqRatio: x.requests / best(r) });
  const verdictText = (x, r, cap) => {
    const v = judge(x, r, cap);
    return `${v.lagOk ? 'lag ok' : '**lag missed**'} (${((100 * x.lagMs) / r.durationMs).toFixed(1)}% of d; allowed ≤ ${fmtS(allowedLag(r.durationMs, cap))}), ${v.reqOk ? 'requests ok' : '**requests missed**'} (${fmtRatio(v.reqRatio, 1)} the best other)`;
  };

  const verdicts = [];
  const rows = res.map((r) => {
    let verdict = 'n/a';
    let lagMetBy = 'n/a';
    if (r.ours) {
      verdicts.push({ label: r.label, ...judge(r.ours, r) });
      verdict = verdictText(r.ours, r);
      const meets = [['ours', r.ours], ['AWS', r.aws], ['terraform', r.terraform]].filter(([, x]) => x.lagMs <= allowedLag(r.durationMs)).map(([n]) => n);
      lagMetBy = meets.length ? meets.join(', ') : 'none';
    }
    return [r.label, cell(r.ours), cell(r.aws), cell(r.terraform), cell(r.oracle), verdict, lagMetBy];
  });
  const whatIfRows = res.filter((r) => r.whatIf).map((r) => [r.label, cell(r.whatIf), verdictText(r.whatIf, r, WHAT_IF.options.maxDelayMs)]);

  const targets = [];
  if (verdicts.length === DURATIONS.length) {
    const lagMiss = verdicts.filter((v) => !v.lagOk).map((v) => v.label);
    const reqMiss = verdicts.filter((v) => !v.reqOk).map((v) => v.label);
    targets.push({
      name: 'waiter: detection lag',
      target: `<= 10% of the duration, bounded by our max delay (${fmtS(maxDelayMs)})`,
      value: lagMiss.length ? `missed at ${lagMiss.join(', ')}; met at ${verdicts.filter((v) => v.lagOk).map((v) => v.label).join(', ') || 'none'}` : 'met at every duration',
      met: lagMiss.length === 0,
    });
    targets.push({
      name: 'waiter: requests',
      target: '<= 2x the fewer of AWS-style / terraform-style',
      value: reqMiss.length
        ? `missed at ${reqMiss.join(', ')} (up to ${fmtRatio(Math.max(...verdicts.map((v) => v.reqRatio)), 1)}); met at ${verdicts.filter((v) => v.reqOk).map((v) => v.label).join(', ') || 'none'}`
        : 'met at every duration',
      met: reqMiss.length === 0,
    });
  } else {
    const why = oursError ?? impl.why ?? 'waitForJob not available';
    targets.push({ name: 'waiter: detection lag', target: '<= 10% of the duration (bounded by max delay)', value: 'not measured', met: null, why });
    targets.push({ name: 'waiter: requests', target: '<= 2x the best other schedule', value: 'not measured', met: null, why });
  }

  const minDelayMs = defaults?.minDelayMs ?? 2000;
  const nominal = (label) => DURATIONS.find(([l]) => l === label)[1];
  const shortMisses = verdicts.filter((v) => !v.lagOk && nominal(v.label) * 0.1 < minDelayMs);
  const otherLagMisses = verdicts.filter((v) => !v.lagOk && nominal(v.label) * 0.1 >= minDelayMs);
  const notes = [
    `Each cell: requests sent until the waiter saw the job done, and the detection lag (time from the job's end to the request that saw it), median (min–max) over ${DRAWS} seeded draws. In each draw the job lasts the nominal duration x U(${1 - SPREAD}, ${1 + SPREAD}) (the same lengths for every schedule), so no schedule profits from round numbers. No real time passes: a virtual clock jumps to the next timer.`,
    'Ours runs the real waitForJob with its clock (now, wallNow, sleep, random) injected: sleeps advance the virtual clock, and getJob answers `running` before the job\'s end and `succeeded` from then on. A deadline far beyond 2 h is passed so no wait times out; every other option is the default.',
    `Targets per duration: lag <= min(10% of the duration, our maxDelayMs ${fmtS(maxDelayMs)}; the largest gap observed between two of our requests: ${fmtS(observedMaxGapMs)}); requests <= 2x the fewer of AWS-style and terraform-style (the oracle is a bound, not a schedule, so it is not one of "the others"). "lag target met by" applies the same bound to every schedule.`,
    'AWS-style: the AWS SDK v3 waiter loop (smithy util-waiter runPolling) with its service defaults minDelay 2 s, maxDelay 120 s: one request at once, then min + random × (min·2^(n−1) − min) s, and maxDelay flat once past the attempt ceiling. Terraform-style: a StateChangeConf with Delay 5 s and PollInterval 10 s, as the huaweicloud provider waits on ECS jobs.',
    ...(shortMisses.length
      ? [`Why the lag target is missed at ${shortMisses.map((v) => v.label).join(', ')}: 10% of such a job is less than our minDelayMs (${fmtS(minDelayMs)}), so only a poll that happens to land just after the end can meet it; a schedule with a 2 s floor (ours, AWS-style) or a 10 s interval (terraform-style) meets it by luck, not by design (see "lag target met by"). Meeting it would need sub-second polls for short jobs (minDelayMs about 10% of the expected duration).`]
      : []),
    ...(otherLagMisses.length
      ? [`Lag also missed at ${otherLagMisses.map((v) => v.label).join(', ')}: by then our jittered gaps are drawn from 2 s up to a 16–30 s ceiling, and the median lag (about half a gap) is more than 10% of the job.`]
      : []),
    ...(verdicts.some((v) => !v.reqOk)
      ? [
          (() => {
            const longest = res.at(-1);
            const floor = Math.ceil(longest.durationMs / maxDelayMs);
            const wi = res.filter((r) => r.whatIf).map((r) => ({ label: r.label, ...judge(r.whatIf, r, WHAT_IF.options.maxDelayMs) }));
            const list = (xs) => (xs.length === wi.length ? 'at every duration' : xs.length ? `at ${xs.join(', ')}` : 'at no duration');
            return `Why the request target is missed for long jobs: our ceiling stops at maxDelayMs ${fmtS(maxDelayMs)} with full jitter (mean gap about ${fmtS((minDelayMs + maxDelayMs) / 2)}), while AWS-style backs off to 120 s. The two targets pull apart: bounding the lag by our max delay caps every gap at ${fmtS(maxDelayMs)}, so a ${longest.label} job costs at least ${floor} requests, against 2x ${longest.aws.requests} = ${2 * longest.aws.requests} allowed by AWS-style's count. ${wi.length ? `The "what if" table runs the waiter with maxDelayMs ${fmtS(WHAT_IF.options.maxDelayMs)} (judged against its own bound, min(10% of d, ${fmtS(WHAT_IF.options.maxDelayMs)})): it meets the request target ${list(wi.filter((v) => v.reqOk).map((v) => v.label))} and the lag target ${list(wi.filter((v) => v.lagOk).map((v) => v.label))}. ` : ''}A delay that grows with the elapsed time (e.g. capped at 10% of it) would keep the lag under 10% with a number of requests that grows with the logarithm of the duration.`;
          })(),
        ]
      : []),
    ...(waitForJob ? [`waitForJob taken from ${impl.source}${defaults ? `; its defaults: minDelayMs ${defaults.minDelayMs}, maxDelayMs ${defaults.maxDelayMs}, initialDelayMs ${defaults.initialDelayMs}, full jitter, ceiling doubling per request` : ''}.`] : []),
    ...(oursError ? [`Ours not measured: ${oursError}`] : []),
  ];
  return {
    title: `5. Waiter efficiency (virtual clock; median of ${DRAWS} seeded draws per job duration)`,
    tables: [
      { head: ['job duration', 'ours: waitForJob defaults', 'AWS-style (2–120 s, exp. + jitter)', 'terraform-style (5 s, then every 10 s)', 'oracle', 'ours vs targets', 'lag target met by'], rows },
      ...(whatIfRows.length
        ? [{ caption: `**What if** (informational, not judged): ${WHAT_IF.label}, same draws, same targets (its lag bound: min(10% of d, ${fmtS(WHAT_IF.options.maxDelayMs)})):`, head: ['job duration', WHAT_IF.label, 'vs targets'], rows: whatIfRows }]
        : []),
    ],
    notes,
    targets,
    raw: { durations: res, maxDelayMs, observedMaxGapMs, source: impl.source, defaults, whatIf: WHAT_IF },
  };
}

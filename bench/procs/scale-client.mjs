// The client of the scale benchmark: N concurrent jobs.wait calls through one createJobs facade.
// IPC: receives { type: 'run', url, jobs, maxRequestsPerSecond?, speed, base } and answers
// { type: 'done', ... } with outcomes, timings and peak RSS.

process.once('message', async (msg) => {
  const { url, jobs: list, maxRequestsPerSecond, speed, base, facadeUrl, guardMs } = msg;
  const { createJobs, WAIT_DEFAULTS = { requestTimeoutMs: 30_000 } } = await import(facadeUrl);
  // The simulator's clock runs `speed` times faster than real time from `base`; the waiters get
  // the same clock, and sleeps shortened by the same factor, so their schedule stays in job time.
  const clock = () => base + (Date.now() - base) * speed;
  const sleep = (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const t = setTimeout(resolve, ms / speed);
      signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
    });
  const projectId = list[0]?.projectId;
  // What the requests met, counted client-side around the real fetch.
  const sent = { requests: 0, byStatus: {}, failures: {} };
  const starts = []; // when each fetch started (ms, this process's clock)
  const countingFetch = async (request) => {
    sent.requests += 1;
    starts.push(performance.now());
    try {
      const res = await fetch(request);
      sent.byStatus[res.status] = (sent.byStatus[res.status] ?? 0) + 1;
      return res;
    } catch (err) {
      const key = `${err?.name ?? 'Error'}${err?.cause?.code ? ` (${err.cause.code})` : ''}`;
      sent.failures[key] = (sent.failures[key] ?? 0) + 1;
      throw err;
    }
  };
  const facade = createJobs({ baseUrl: url, token: 'bench-token', projectId, fetch: countingFetch, ...(maxRequestsPerSecond ? { maxRequestsPerSecond } : {}) });
  // WaitOptions.clock: { now, wallNow, sleep, random }: the waiter's timers run in job time. The
  // request timeout guards against a slow network, which does not speed up: it is kept at its
  // default in real time (x speed in job time).
  const waitOptions =
    speed === 1
      ? { timeoutMs: 3_600_000 }
      : { timeoutMs: 3_600_000, requestTimeoutMs: WAIT_DEFAULTS.requestTimeoutMs * speed, clock: { now: clock, wallNow: clock, sleep } };
  let attempts = 0;
  let errorsRetried = 0;
  waitOptions.onSettled = (stats) => {
    attempts += stats.attempts;
    errorsRetried += stats.errorsRetried;
  };
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 100);
  const t0 = performance.now();
  const lags = [];
  const states = {};
  const errors = {};
  let settled = 0;
  const all = Promise.all(
    list.map(async (j) => {
      try {
        const job = await facade.wait('ecs', { jobId: j.id }, waitOptions);
        lags.push(clock() - j.endsAt);
        states[job.state] = (states[job.state] ?? 0) + 1;
      } catch (err) {
        const key = `${err?.name ?? 'Error'}: ${String(err?.message ?? err).slice(0, 120)}`;
        errors[key] = (errors[key] ?? 0) + 1;
      } finally {
        settled += 1;
      }
    }),
  );
  const progress = setInterval(() => process.send({ type: 'progress', settled, requests: sent.requests, seconds: (performance.now() - t0) / 1000 }), 15_000);
  // A wait that never settles is "lost": stop looking after guardMs of real time and count them.
  let guard;
  const timedOut = await Promise.race([all.then(() => false), new Promise((r) => (guard = setTimeout(() => r(true), guardMs)))]);
  clearTimeout(guard);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  clearInterval(progress);
  const s0 = starts[0] ?? 0;
  process.send({
    starts: starts.map((t) => Math.round((t - s0) * 10) / 10),
    sent,
    attempts,
    errorsRetried,
    type: 'done',
    seconds,
    settled,
    timedOut,
    states,
    errors,
    lags,
    rssBefore,
    peakHeap,
    peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
  });
});
process.send({ type: 'ready' });

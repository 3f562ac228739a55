// The client of the memory benchmark: N concurrent jobs.wait calls (createJobs, real HTTP), each
// through its first poll into a long sleep, twice (the first burst ended before the second starts);
// reports heap per sleeping wait (after gc) of both bursts, and peak RSS over the first.
// mode 'waitForJob': N plain waitForJob calls whose poll is one fetch of the job (no facade, no
// channel), first polls spread over 10 s: the waiter's own memory.
process.once('message', async ({ url, count, facadeUrl, mode = 'createJobs' }) => {
  const { createJobs, waitForJob } = await import(facadeUrl);
  let answered = 0;
  let failed = 0;
  const failedBy = {};
  // A first poll counts once answered or failed (a failed one is retried after the wait's long sleep).
  const counting = async (request) => {
    try {
      return await fetch(request);
    } catch (error) {
      failed += 1;
      // Why, by kind (an abort, EMFILE, a reset...): the notes show it.
      const why = `${error?.name ?? 'Error'}${error?.cause?.code ? ` ${error.cause.code}` : ''}`;
      failedBy[why] = (failedBy[why] ?? 0) + 1;
      throw error;
    } finally {
      answered += 1;
    }
  };
  const jobs = createJobs({ baseUrl: url, projectId: 'p', fetch: counting });
  await jobs.get('ecs', { jobId: 'warm' });
  answered = 0;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await settle();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  // A burst: `n` waits, each through its first poll into a long sleep; then gc and the heap they hold.
  const burst = async (n, tag) => {
    const heapBefore = process.memoryUsage().heapUsed;
    const stop = new AbortController();
    const t0 = performance.now();
    const waits = [];
    // A wait is asleep after its first read or its first retried failure.
    let asleep = 0;
    const once = () => {
      let told = false;
      return () => {
        if (!told) (told = true), (asleep += 1);
      };
    };
    for (let i = 0; i < n; i++) {
      const first = once();
      // The default requestTimeoutMs (30 s): it counts from when a request leaves the in-flight queue,
      // so first polls queued behind thousands of others do not fail (a failed one is counted).
      const options = { signal: stop.signal, minDelayMs: 3_600_000, maxDelayMs: 3_600_000, timeoutMs: 7_200_000, onProgress: first, onRetry: first };
      const jobId = `${tag}-${i}`;
      if (mode === 'waitForJob') {
        const getJob = async ({ signal }) => {
          const raw = await (await counting(new Request(`${url}/v1/p/cloudservers/jobs/${jobId}`, { signal }))).json();
          return { service: 'ecs', id: raw.job_id, type: raw.job_type, state: 'running', done: false, status: raw.status, subtasks: [], raw };
        };
        waits.push(waitForJob(getJob, { ...options, ref: { service: 'ecs', jobId }, firstPollSpreadMs: 10_000 }).catch(() => {}));
      } else waits.push(jobs.wait('ecs', { jobId }, options).catch(() => {}));
    }
    while (asleep < n) await new Promise((r) => setTimeout(r, 50));
    const firstPollsSeconds = (performance.now() - t0) / 1000;
    // Idle keep-alive sockets close (the server's keepAliveTimeout is 2 s): they are the pool's, not the waits'.
    await new Promise((r) => setTimeout(r, 2500));
    await settle();
    const heapPerWait = (process.memoryUsage().heapUsed - heapBefore) / n;
    const rssAfter = process.memoryUsage().rss;
    stop.abort(new Error('done'));
    await Promise.all(waits);
    return { heapPerWait, firstPollsSeconds, rssAfter };
  };
  // The first burst also pays what the process keeps once (compiled code, the connection pool, caches);
  // a second one, after the first has ended, shows what each sleeping wait keeps.
  const cold = await burst(count, 'cold');
  const coldPeak = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  await settle();
  const steady = await burst(count, 'job');
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const firstPollsSeconds = cold.firstPollsSeconds;
  const heapPerWait = steady.heapPerWait;
  const coldHeapPerWait = cold.heapPerWait;
  process.send({ type: 'done', mode, count, failed, failedBy, firstPollsSeconds, heapPerWait, coldHeapPerWait, steadyFirstPollsSeconds: steady.firstPollsSeconds, peakRssPerWait: (coldPeak - rssBefore) / count, peakRss, rssBefore });
});
process.send({ type: 'ready' });

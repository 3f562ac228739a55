// One process of the fleet benchmark (forked by bench/fleet.mjs): waits on every job it is given,
// through createFleetJobs on the shared Redis (`fleet`) or createJobs with a local limiter
// (`independent`), and reports what it sent and how long its Redis calls took.
import { createJobs } from '@cloud-jobs/jobs';
import { connectRedis, createFleetJobs } from '@cloud-jobs/redis';

process.once('message', async (config) => {
  const { mode, redisUrl, baseUrl, projectId, jobIds, rate, wait } = config;
  let requests = 0;
  /** When each request left, epoch ms: the combined rate is measured where requests are sent. */
  const sentAt = [];
  let degraded = 0;
  const countingFetch = (input, init) => {
    requests += 1;
    sentAt.push(Date.now());
    return fetch(input, init);
  };
  const base = { baseUrl, token: 'bench', projectId, fetch: countingFetch };
  /** Round trips of every script call to Redis, ms (claim, grant, publish). */
  const redisMs = [];
  let waitFor;
  let fleet;
  let redis;
  if (mode === 'fleet') {
    redis = connectRedis(redisUrl, { commandTimeoutMs: 2_000 });
    for (const name of ['evalsha', 'mget']) {
      const original = redis[name].bind(redis);
      redis[name] = (...args) => {
        const started = performance.now();
        const pending = original(...args);
        pending.then(() => redisMs.push(performance.now() - started), () => {});
        return pending;
      };
    }
    fleet = createFleetJobs({ ...base, redis, maxRequestsPerSecond: rate, keyPrefix: config.keyPrefix, redisTimeoutMs: 2_000, fleetSize: config.processes, onDegraded: () => (degraded += 1) });
    waitFor = (jobId) => fleet.wait('dcs', { jobId }, wait);
  } else {
    // The same account budget split four ways: what independent processes can do without sharing.
    const jobs = createJobs({ ...base, maxRequestsPerSecond: rate / config.processes });
    waitFor = (jobId) => jobs.wait('dcs', { jobId }, wait);
  }
  process.send({ type: 'ready' });
  await new Promise((resolve) => process.once('message', resolve));
  const settledAt = {};
  let failed = 0;
  await Promise.all(
    jobIds.map((jobId) =>
      waitFor(jobId).then(
        () => (settledAt[jobId] = Date.now()),
        () => (failed += 1),
      ),
    ),
  );
  await fleet?.close();
  redis?.disconnect();
  process.send({ type: 'done', requests, failed, settledAt, redisMs, sentAt, degraded, counts: fleet?.counts ?? { polled: requests, read: 0 } }, () => process.exit(0));
});

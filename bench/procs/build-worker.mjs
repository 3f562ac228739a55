// A worker process of the synthetic build. For each spec index it is sent over IPC (the spec is
// written already), it generates the package and compiles it (in-process tsc, sharing parsed
// declaration files between packages), then reports the wall and CPU time of that spec. Its own
// start-up (loading TypeScript, openapi-typescript) is reported once, with `ready`. CPU time is
// this process's user + system time: what other processes on the machine do hardly changes it.
const cpu0 = process.cpuUsage();
const { compileInProcess, generate } = await import('../synthetic.mjs');
const { workerData } = JSON.parse(process.argv[2]);
const cache = new Map();
let built = 0;
const cpuMs = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
};

process.on('message', async (i) => {
  if (i === null) return process.exit(0);
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const pkg = await generate(workerData.dir, i);
    const t1 = performance.now();
    compileInProcess(pkg, cache);
    const t2 = performance.now();
    const spent = cpuMs(c0);
    built += 1;
    // Every 20 packages: the heap after a full GC (outside the timed part), to show whether the
    // harness itself grows from one package to the next.
    let heapMB;
    if (built % 20 === 0 && globalThis.gc) {
      globalThis.gc();
      heapMB = Math.round(process.memoryUsage().heapUsed / 1e6);
    }
    process.send({ i, genMs: t1 - t0, tscMs: t2 - t1, cpuMs: spent, heapMB });
  } catch (err) {
    process.send({ i, error: String(err.message ?? err).slice(0, 500) });
  }
});
process.send({ ready: true, startupCpuMs: cpuMs(cpu0) });

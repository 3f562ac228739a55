// 7. Build: a cold `turbo run build --force` of the whole repo, the warm rerun (all cached:
// FULL TURBO), and a synthetic build of 200 generated service specs in a temp folder outside the
// repo, timed at every package (checkpoints 25 / 50 / 100 / 200, and a linear fit of all of them)
// to show that build time grows linearly with the number of specs.
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH, fmtRatio, run, stats } from './lib.mjs';
import { TSC_BIN, createWorkspace, generate, writeSpec, writeSpecs } from './synthetic.mjs';

const SIZES = (process.env.BENCH_BUILD_SIZES ?? '25,50,100,200').split(',').map(Number).sort((a, b) => a - b);
const PROCESS_TSC_SPECS = Number(process.env.BENCH_BUILD_PROCESS_SPECS ?? 2);
const WORKERS = Math.max(1, Math.min(cpus().length, 4));

function turboSummary(text) {
  const tasks = /Tasks:\s+(\d+) successful, (\d+) total/.exec(text);
  const cached = /Cached:\s+(\d+) cached, (\d+) total/.exec(text);
  const failed = /Failed:\s+(.*)/.exec(text);
  return {
    successful: tasks ? +tasks[1] : undefined,
    total: tasks ? +tasks[2] : undefined,
    cached: cached ? +cached[1] : undefined,
    fullTurbo: text.includes('FULL TURBO'),
    failed: failed ? failed[1].trim() : undefined,
    // Tasks turbo ran instead of replaying from its cache (from the hash-only log lines).
    misses: [...text.matchAll(/^(\S+?):(\S+): cache (?:miss|bypass)/gm)].map((m) => `${m[1]}#${m[2]}`),
  };
}

async function turbo(args) {
  const r = await run('npx', ['turbo', 'run', 'build', '--continue', '--output-logs=hash-only', ...args], { env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.code, seconds: +(r.ms / 1000).toFixed(1), ...turboSummary(r.stdout + r.stderr) };
}

/**
 * One synthetic build of `n` specs in a fresh temp folder outside the repo: the script writes the
 * `n` specs first, then WORKERS worker threads generate and compile them, one package at a time.
 * Every completion is timed, so T(k) (seconds until k packages are built) is known for k = 1..n:
 * the build of the first k specs. Stops early (and says so) when the time budget runs out.
 */
export async function synthetic(n, { deadline, log }) {
  const ws = createWorkspace();
  const w0 = performance.now();
  writeSpecs(ws.dir, n);
  const writeSeconds = (performance.now() - w0) / 1000;
  const t0 = performance.now();
  const workers = Array.from({ length: WORKERS }, () =>
    fork(join(BENCH, 'procs/build-worker.mjs'), [JSON.stringify({ workerData: { dir: ws.dir } })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] }),
  );
  const results = [];
  const completions = []; // seconds from t0 at which the k-th package was built
  const cpuCompletions = []; // CPU seconds spent by all workers (start-up included) once k packages were built
  const loads = []; // the machine's 1-min load average when the k-th package was built
  const heaps = workers.map(() => []); // per worker: its heap after a full GC, every 20 of its packages (MB)
  let startupCpuMs = 0;
  let specCpuMs = 0;
  let stoppedEarly = false;
  try {
    let next = 1;
    await Promise.all(
      workers.map(
        (w, wi) =>
          new Promise((resolve, reject) => {
            const feed = () => {
              // Keep a reserve for the rest of the run: stop handing out specs near the deadline.
              if (deadline && Date.now() > deadline - 75_000) {
                if (!stoppedEarly) log(`synthetic: stopped after ${completions.length} specs: time budget`);
                stoppedEarly = true;
                return resolve();
              }
              if (next <= n) w.send(next++);
              else resolve();
            };
            w.on('message', (m) => {
              if (m.ready) {
                startupCpuMs += m.startupCpuMs;
                return feed();
              }
              if (m.error) return reject(new Error(`spec ${m.i}: ${m.error}`));
              results.push(m);
              if (m.heapMB !== undefined) heaps[wi].push(m.heapMB);
              specCpuMs += m.cpuMs;
              completions.push((performance.now() - t0) / 1000);
              cpuCompletions.push((startupCpuMs + specCpuMs) / 1000);
              loads.push(+loadavg()[0].toFixed(2));
              if (completions.length % 50 === 0) log(`synthetic: ${completions.length}/${n} specs built, ${completions.at(-1).toFixed(1)} s`);
              feed();
            });
            w.on('error', reject);
            w.on('exit', (code) => reject(new Error(`a build worker exited ${code}`)));
          }),
      ),
    );
    return {
      n,
      built: completions.length,
      stoppedEarly,
      writeSeconds: +writeSeconds.toFixed(2),
      completions,
      cpuCompletions,
      loads,
      heaps,
      startupCpuSeconds: +(startupCpuMs / 1000).toFixed(2),
      gen: stats(results.map((r) => r.genMs)),
      tsc: stats(results.map((r) => r.tscMs)),
      cpu: stats(results.map((r) => r.cpuMs)),
    };
  } finally {
    for (const w of workers) {
      w.removeAllListeners('exit');
      w.kill();
    }
    ws.remove();
  }
}

/** Least-squares line y = a + b x, and its R². */
export function linearFit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((p, x) => p + x, 0) / n;
  const my = ys.reduce((p, y) => p + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let ssRes = 0;
  for (let i = 0; i < n; i++) ssRes += (ys[i] - (a + b * xs[i])) ** 2;
  return { intercept: a, slope: b, r2: 1 - ssRes / syy };
}

/** The same build as turbo runs it per package: one `tsc -p tsconfig.build.json` process per spec, WORKERS at a time. */
async function processTsc(ws, n) {
  const t0 = performance.now();
  let next = 1;
  const times = [];
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next <= n) {
        const i = next++;
        const t = performance.now();
        writeSpec(ws.dir, i);
        const pkg = await generate(ws.dir, i);
        const r = await run(process.execPath, [TSC_BIN, '-p', 'tsconfig.build.json'], { cwd: pkg });
        if (r.code !== 0) throw new Error(`tsc on spec ${i} exited ${r.code}: ${r.stdout.slice(0, 300)}`);
        times.push(performance.now() - t);
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  return { n, seconds: +wall.toFixed(1), perSpec: +(wall / n).toFixed(3), perPackage: stats(times.map((x) => x / 1000)) };
}

export async function measure({ log, deadline }) {
  log('cold: npx turbo run build --force');
  const cold = await turbo(['--force']);
  log(`cold: ${cold.seconds}s, ${cold.successful}/${cold.total} tasks${cold.failed ? `, failed: ${cold.failed}` : ''}`);
  const warm = await turbo([]);
  log(`warm: ${warm.seconds}s, ${warm.cached}/${warm.total} cached${warm.fullTurbo ? ', FULL TURBO' : ''}`);

  const N = Math.max(...SIZES);
  log(`synthetic: ${N} specs, ${WORKERS} workers, checkpoints ${SIZES.join('/')}`);
  const syn = await synthetic(N, { deadline, log });
  const T = (k) => syn.completions[k - 1];
  const C = (k) => syn.cpuCompletions[k - 1];
  const points = SIZES.filter((k) => k <= syn.built).map((k) => ({ n: k, seconds: +T(k).toFixed(1), perSpec: +(T(k) / k).toFixed(3), cpuSeconds: +C(k).toFixed(1), cpuPerSpec: +(C(k) / k).toFixed(3) }));
  const missing = SIZES.filter((k) => k > syn.built);
  const segments = points.slice(1).map((p, i) => {
    const q = points[i];
    return { from: q.n, to: p.n, perSpec: +((T(p.n) - T(q.n)) / (p.n - q.n)).toFixed(3), cpuPerSpec: +((C(p.n) - C(q.n)) / (p.n - q.n)).toFixed(3) };
  });
  const ks = syn.completions.map((_, i) => i + 1);
  const fit = syn.built >= 3 ? linearFit(ks, syn.completions) : undefined;
  const cpuFit = syn.built >= 3 ? linearFit(ks, syn.cpuCompletions) : undefined;
  log(`synthetic: ${syn.built} specs in ${T(syn.built)?.toFixed(1)} s${fit ? `; wall fit ${fit.slope.toFixed(3)} s/spec, R² ${fit.r2.toFixed(4)}; CPU fit ${cpuFit.slope.toFixed(3)} s/spec, R² ${cpuFit.r2.toFixed(4)}` : ''}`);

  let proc;
  if (PROCESS_TSC_SPECS > 0 && !(deadline && Date.now() + 60_000 > deadline)) {
    const ws = createWorkspace();
    try {
      log(`synthetic, one tsc process per spec: ${PROCESS_TSC_SPECS} specs`);
      proc = await processTsc(ws, PROCESS_TSC_SPECS);
    } finally {
      ws.remove();
    }
  }

  const rows = [
    ['cold `turbo run build --force` (whole repo)', `${cold.seconds} s`, `${cold.successful}/${cold.total} tasks succeeded${cold.failed ? `; failed: ${cold.failed}` : ''}`],
    ['warm rerun `turbo run build`', `${warm.seconds} s`, `${warm.cached}/${warm.total} cached${warm.fullTurbo ? ', **FULL TURBO**' : `, not FULL TURBO; ran again: ${warm.misses.join(', ') || '?'}`}`],
  ];
  const synthRows = [
    ...points.map((p) => [`first ${p.n} specs built`, `${p.seconds} s (${p.perSpec} s/spec)`, `**${p.cpuPerSpec} s/spec** (${p.cpuSeconds} s)`, syn.loads[p.n - 1]]),
    ...segments.map((g) => [`marginal cost ${g.from} → ${g.to} specs`, `${g.perSpec} s per added spec`, `${g.cpuPerSpec} s per added spec`, '']),
    ...(fit ? [[`linear fit of T(k), k = 1..${syn.built}`, `${fit.intercept.toFixed(2)} s + ${fit.slope.toFixed(3)} s × k, R² ${fit.r2.toFixed(4)}`, `${cpuFit.intercept.toFixed(2)} s + ${cpuFit.slope.toFixed(3)} s × k, **R² ${cpuFit.r2.toFixed(4)}**`, '']] : []),
    ...(syn.built ? [['one spec, inside a worker', `generate ${(syn.gen.median / 1000).toFixed(3)} s (${(syn.gen.min / 1000).toFixed(3)}–${(syn.gen.max / 1000).toFixed(3)}), tsc ${(syn.tsc.median / 1000).toFixed(2)} s (${(syn.tsc.min / 1000).toFixed(2)}–${(syn.tsc.max / 1000).toFixed(2)})`, `${(syn.cpu.median / 1000).toFixed(3)} s (${(syn.cpu.min / 1000).toFixed(3)}–${(syn.cpu.max / 1000).toFixed(3)}); worker start-up ${syn.startupCpuSeconds} s in all`, '']] : []),
    ...missing.map((k) => [`first ${k} specs`, 'not reached', `the time budget stopped the run after ${syn.built} specs`, '']),
  ];
  if (proc) rows.push([`${proc.n} synthetic specs, one \`tsc -p\` process each (as turbo runs it)`, `${proc.seconds} s`, `**${proc.perSpec} s/spec**; one package ${proc.perPackage.median.toFixed(2)} s (${proc.perPackage.min.toFixed(2)}–${proc.perPackage.max.toFixed(2)})`]);
  const growth = segments.length >= 2 ? segments.at(-1).cpuPerSpec / segments[0].cpuPerSpec : NaN;
  // Judged when at least three checkpoints (two marginal steps) were reached, even if the largest
  // size was not (the table says so); otherwise the figures are shown but not judged.
  const linearMet = cpuFit && Number.isFinite(growth) ? cpuFit.r2 >= 0.99 && growth <= 1.25 : null;
  const targets = [
    {
      name: 'build: warm rerun',
      target: 'FULL TURBO (all cached)',
      value: `${warm.cached}/${warm.total} cached in ${warm.seconds} s${warm.fullTurbo ? ', FULL TURBO' : ''}; cold ${cold.seconds} s (${cold.successful}/${cold.total} ok)`,
      met: warm.fullTurbo && cold.code === 0,
      ...(cold.code !== 0
        ? { why: `the cold build failed: ${cold.failed ?? `exit ${cold.code}`}` }
        : !warm.fullTurbo
          ? { why: `ran again: ${warm.misses.join(', ') || 'see the table'}; a task whose inputs changed between the two runs (another process editing the tree) or a task that is not deterministic is not a cache hit` }
          : {}),
    },
    {
      name: 'build: linear in the number of specs',
      target: 'CPU time: R² of a linear fit >= 0.99, and the marginal s/spec of the last step within 1.25x of the first',
      value: cpuFit
        ? `${syn.built}/${N} specs built; CPU s/spec ${points.map((p) => `${p.n}: ${p.cpuPerSpec}`).join(', ') || 'no checkpoint reached'}${segments.length ? `; marginal ${segments.map((g) => `${g.from}→${g.to} ${g.cpuPerSpec}`).join(', ')}${Number.isFinite(growth) ? ` (${fmtRatio(growth)})` : ''}` : ''}; R² ${cpuFit.r2.toFixed(4)} over k = 1..${syn.built} (wall clock: R² ${fit.r2.toFixed(4)})`
        : 'not measured',
      met: linearMet,
      ...(missing.length ? { why: `sizes ${missing.join(', ')} not reached within the time budget${linearMet === null ? ': fewer than three checkpoints, not judged' : ''}` } : {}),
    },
  ];
  return {
    title: '7. Build',
    tables: [
      { head: ['build', 'time', 'detail'], rows },
      ...(synthRows.length ? [{ caption: `**Synthetic build of ${N} generated specs** (${WORKERS} worker processes; the wall clock includes whatever else the machine runs, the CPU time is the workers' own):`, head: ['synthetic', 'wall clock', 'CPU time (user + system)', 'load average (1 min) then'], rows: synthRows }] : []),
    ],
    notes: [
      'Cold and warm runs use `--continue`, so a failing package (e.g. one still being written) does not hide the others\' build time; failed tasks are listed and are never cached.',
      `Synthetic specs: bench/synthetic.mjs writes ${N} copies of specs/ecs/openapi.yaml with renamed paths, operationIds and titles into a fresh temp folder outside the repo (removed afterwards), then each is generated as scripts/generate.mjs does (openapi-typescript's Node API, same options and templates) and compiled with the repo's tsconfig.base.json (skipLibCheck off), one package per spec as in the repo. ${WORKERS} worker processes each build one package at a time in-process, reusing parsed declaration files (TypeScript lib, @types/node, openapi-fetch); each package is still its own program, type-checked and emitted.`,
      `Every completion is timed: T(k) is the time until k packages were built, i.e. the build of the first k specs (with ${WORKERS} workers, at most ${WORKERS - 1} more spec is in flight at that moment); its CPU twin is the workers' user + system time by then, start-up included. "s/spec" is T(k)/k (it falls as the fixed start-up cost, loading TypeScript and the declaration files, is spread); the marginal rows are the cost per added spec between checkpoints, flat when growth is linear; the fits use every k. The target is judged on CPU time, because on a shared machine the wall clock mostly measures the other tenants: the wall-clock R² is printed next to it.`,
      'The row "one `tsc -p` process each" builds synthetic specs with the real `tsc -p tsconfig.build.json` process per package, as turbo does: its s/spec is the realistic per-package cost (node start, loading TypeScript and type-checking @types/node every time); the in-process rows of the synthetic build isolate how the cost grows with the number of specs.',
      'Other processes on the machine slow some stretches of the run (see the load average at each checkpoint): that shows as scatter around the wall-clock line. The CPU time is far less sensitive to it, but not immune: on shared cores (hyperthreads, caches) the same work takes more CPU time while the machine is busy, so a load that rises during the run raises the later marginal costs.',
      ...(syn.heaps.some((h) => h.length >= 2)
        ? [
            `Each worker's heap after a full GC, every 20 of its packages: ${syn.heaps.map((h, i) => `worker ${i + 1}: ${h.join(', ')} MB`).join('; ')}${
              syn.heaps.every((h) => h.length < 2 || Math.max(...h.slice(1)) <= 1.1 * h[0]) ? ' (flat: the harness keeps nothing from one package to the next)' : ' (it grows: part of the cost growth may come from the harness, not the build)'
            }.`,
          ]
        : []),
    ],
    targets,
    raw: { cold, warm, synthetic: { ...syn, points, segments, fit, missing }, processTsc: proc, workers: WORKERS },
  };
}

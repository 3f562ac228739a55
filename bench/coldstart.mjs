// 3. Cold start: wall time of a fresh `node` process that imports a package and exits, vs a bare
// `node -e ''` and vs the official SDK. Runs are interleaved (one of each variant per round) so
// that drift hits every variant alike; a few warm-up rounds fill the OS file cache first.
import { spawnSync } from 'node:child_process';
import { ROOT, OFFICIAL_DIR, OFFICIAL_HOME, ensureOfficial, fmtRatio, fmtStats, isBuilt, ratio, roundOrder, stats } from './lib.mjs';

const RUNS = Number(process.env.BENCH_COLDSTART_RUNS ?? 20);
/** On a busy machine the rounds stop after this many seconds (at least MIN_RUNS rounds). */
const MAX_SECONDS = Number(process.env.BENCH_COLDSTART_SECONDS ?? 45);
const MIN_RUNS = Math.min(10, RUNS);
const WARMUP = 3;

function variants() {
  const v = [
    { id: 'bare', label: "bare `node -e ''`", code: '', cwd: ROOT },
    { id: 'bare-fetch', label: "bare node loading its fetch: `node -e 'Request'`", code: 'Request', cwd: ROOT },
    { id: 'openapi-fetch', label: "openapi-fetch: `import('openapi-fetch')`", code: "import('openapi-fetch')", cwd: ROOT },
  ];
  if (isBuilt('ecs')) {
    v.push({ id: 'ecs', label: "ours: `import('@cloud-jobs/ecs')`", code: "import('@cloud-jobs/ecs')", cwd: ROOT });
    v.push({
      id: 'ecs-client',
      label: 'ours: import + createEcsClient()',
      code: "import('@cloud-jobs/ecs').then((m) => m.createEcsClient({ region: 'eu-de', cloud: 'otc', token: 't' }))",
      cwd: ROOT,
    });
  }
  if (isBuilt('jobs')) {
    v.push({ id: 'jobs', label: "ours: `import('@cloud-jobs/jobs')` (the facade and every service's entry)", code: "import('@cloud-jobs/jobs')", cwd: ROOT });
    v.push({ id: 'jobs-ecs', label: "ours: `import('@cloud-jobs/jobs/ecs')` (one service's entry)", code: "import('@cloud-jobs/jobs/ecs')", cwd: ROOT });
    v.push({
      id: 'jobs-facade',
      label: "ours: import + createJobs() + jobs.client('ecs')",
      code: "import('@cloud-jobs/jobs').then((m) => m.createJobs({ region: 'eu-de', cloud: 'otc', token: 't', projectId: 'p' }).client('ecs'))",
      cwd: ROOT,
    });
  }
  v.push({
    id: 'official',
    label: "official: `require('@huaweicloud/huaweicloud-sdk-ecs')`",
    code: "require('@huaweicloud/huaweicloud-sdk-ecs')",
    cwd: OFFICIAL_DIR,
    env: { HOME: OFFICIAL_HOME },
  });
  return v;
}

function once(v) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', v.code], { cwd: v.cwd, env: { ...process.env, ...v.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${v.label} exited ${r.status}: ${r.stderr.toString().slice(0, 300)}`);
  return ms;
}

/** Error text of a variant that does not run (first meaningful line). */
function reason(err) {
  const lines = String(err.message ?? err).split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines[0] ?? 'failed').slice(0, 240);
}

export async function measure({ log }) {
  await ensureOfficial(log);
  // A variant that cannot run (a package half built) is reported, not fatal.
  const skipped = {};
  const vs = variants().filter((v) => {
    try {
      once(v);
      return true;
    } catch (err) {
      skipped[v.id] = { label: v.label, why: reason(err) };
      log(`${v.id}: not measured: ${skipped[v.id].why}`);
      return false;
    }
  });
  const samples = Object.fromEntries(vs.map((v) => [v.id, []]));
  const t0 = performance.now();
  let runs = 0;
  for (let round = 0; round < WARMUP + RUNS; round++) {
    if (round >= WARMUP + MIN_RUNS && performance.now() - t0 > MAX_SECONDS * 1000) {
      log(`stopped after ${runs} runs per variant: ${MAX_SECONDS} s time cap`);
      break;
    }
    if (round >= WARMUP) runs++;
    // A new (seeded) order each round, so no variant always runs right after the same other one.
    for (const v of roundOrder(vs, round)) {
      const ms = once(v);
      if (round >= WARMUP) samples[v.id].push(ms);
    }
  }
  const s = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, stats(xs)]));
  const bare = s.bare.median;
  const off = s.official?.median;
  const rows = vs.map((v) => [v.label, fmtStats(s[v.id], 1, ' ms'), fmtRatio(ratio(s[v.id].median, bare)), `+${(s[v.id].median - bare).toFixed(1)} ms`, off ? fmtRatio(ratio(off, s[v.id].median), 1) : 'n/a']);
  for (const k of Object.values(skipped)) rows.push([k.label, `not measured: ${k.why}`, '', '', '']);
  const targets = [];
  const offText = off ? `; official ${fmtRatio(off / bare)}` : '';
  // Issue 11: the facade <= 1.3x bare node; a per-service entry or client <= 1.15x.
  for (const [id, pkg, limit] of [['ecs', 'ecs', 1.15], ['jobs-ecs', 'jobs/ecs', 1.15], ['jobs', 'jobs', 1.3]]) {
    const name = `cold start: import @cloud-jobs/${pkg}`;
    const target = `<= ${limit}x bare \`node -e ''\``;
    if (s[id]) {
      const r = s[id].median / bare;
      targets.push({ name, target, value: `${s[id].median.toFixed(1)} ms vs ${bare.toFixed(1)} ms: ${fmtRatio(r)}${offText}`, met: r <= limit });
    } else {
      const why = skipped[id]?.why ?? (isBuilt(pkg.split('/')[0]) ? 'not run' : `@cloud-jobs/${pkg} is not built`);
      targets.push({ name, target, value: 'not measured', met: null, why });
    }
  }
  return {
    title: `3. Cold start (fresh node process, ${runs} runs each, interleaved, after ${WARMUP} warm-up rounds)`,
    table: { head: ['process', 'wall time', '÷ bare node', 'added', 'official ÷ this'], rows },
    notes: [
      `Wall time from spawn to exit of \`node -e <code>\` (spawnSync), so process creation and node boot are in every figure; "added" is the median minus bare node's. ${runs} of up to ${RUNS} runs per variant${runs < RUNS ? ` (the ${MAX_SECONDS} s time cap stopped the rounds)` : ''}.`,
      "Creating any openapi-fetch client reads `globalThis.Request`, which makes node load its built-in fetch (undici) lazily: the `node -e 'Request'` row shows that cost, paid once by every fetch-based client (raw fetch included).",
      'Ours resolve through the workspace (node_modules/@cloud-jobs/* -> packages/*/dist); the official SDK from its own install in bench/.work/official.',
    ],
    targets,
    raw: { runs, stats: s, skipped },
  };
}

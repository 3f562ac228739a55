// The client of the overhead benchmark (run pinned to its own core). argv[2]: JSON config
// { baseUrl, rounds, seq, conc, batches, warmup, variants: [ids], officialDir }.
// Prints one JSON line: per variant and round, wall µs and client-CPU µs per request, sequential and concurrent.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { JOB_ID, PROJECT_ID, roundOrder } from '../lib.mjs';

const cfg = JSON.parse(process.argv[2]);
const { baseUrl } = cfg;
const TOKEN = 'bench-token';
const PATH = '/v1/{project_id}/jobs/{job_id}';
const url = `${baseUrl}/v1/${PROJECT_ID}/jobs/${JOB_ID}`;
const params = { params: { path: { project_id: PROJECT_ID, job_id: JOB_ID } } };

const makers = {
  async raw() {
    const headers = { 'X-Auth-Token': TOKEN };
    return async () => {
      const res = await fetch(url, { headers });
      const data = await res.json();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return data.status;
    };
  },
  async 'openapi-fetch'() {
    const { default: createClient } = await import('openapi-fetch');
    const client = createClient({ baseUrl, headers: { 'X-Auth-Token': TOKEN } });
    return async () => (await client.GET(PATH, params)).data.status;
  },
  async ecs() {
    const { createEcsClient } = await import('@cloud-jobs/ecs');
    const client = createEcsClient({ baseUrl, token: TOKEN });
    return async () => (await client.GET(PATH, params)).data.status;
  },
  async 'jobs.get'() {
    const { createJobs } = await import(cfg.facadeUrl);
    const jobs = createJobs({ baseUrl, token: TOKEN, projectId: PROJECT_ID });
    // 100 references to distinct jobs (the same length of ID), in turn: concurrent gets of ONE job
    // share one request (coalescing), which would measure that instead of a request's cost.
    const refs = Array.from({ length: 100 }, (_, i) => ({ jobId: `${JOB_ID.slice(0, -2)}${String(i).padStart(2, '0')}` }));
    let next = 0;
    return async () => (await jobs.get('ecs', refs[(next = (next + 1) % 100)])).state;
  },
  async official() {
    const require = createRequire(join(cfg.officialDir, 'package.json'));
    const { EcsClient, ShowJobRequest } = require('@huaweicloud/huaweicloud-sdk-ecs');
    const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
    const credentials = new BasicCredentials().withAk('BENCHAK').withSk('BENCHSK').withProjectId(PROJECT_ID);
    const client = EcsClient.newBuilder().withCredential(credentials).withEndpoint(baseUrl).build();
    return async () => (await client.showJob(new ShowJobRequest(JOB_ID))).status;
  },
};

// Collect garbage before every timed chunk, so one variant's garbage is not paid by the next.
const gc = globalThis.gc ?? (() => {});

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** Runs `work` and returns [wall µs, client CPU µs] per request. */
async function timed(work, n) {
  gc();
  const c0 = cpuNow();
  const t0 = performance.now();
  await work();
  const wall = ((performance.now() - t0) * 1000) / n;
  return [wall, (cpuNow() - c0) / n];
}

function seq(get, n) {
  return timed(async () => {
    for (let i = 0; i < n; i++) await get();
  }, n);
}

function conc(get, width, batches) {
  return timed(async () => {
    for (let b = 0; b < batches; b++) {
      const all = [];
      for (let i = 0; i < width; i++) all.push(get());
      await Promise.all(all);
    }
  }, width * batches);
}

const gets = {};
const check = {};
for (const id of cfg.variants) {
  gets[id] = await makers[id]();
  check[id] = await gets[id](); // must be the job's status / state
}
// Warm up: JIT, connection pools (sequential and concurrent) for every variant.
for (const id of cfg.variants) {
  await seq(gets[id], cfg.warmup);
  await conc(gets[id], cfg.conc, 2);
}
const out = Object.fromEntries(cfg.variants.map((id) => [id, { seq: [], conc: [], seqCpu: [], concCpu: [] }]));
// On a busy machine the rounds stop after maxSeconds (at least minRounds rounds).
const started = performance.now();
let rounds = 0;
for (let r = 0; r < cfg.rounds; r++) {
  if (r >= cfg.minRounds && performance.now() - started > cfg.maxSeconds * 1000) break;
  rounds++;
  for (const id of roundOrder(cfg.variants, 2 * r)) {
    const [wall, cpu] = await seq(gets[id], cfg.seq);
    out[id].seq.push(wall);
    out[id].seqCpu.push(cpu);
  }
  for (const id of roundOrder(cfg.variants, 2 * r + 1)) {
    const [wall, cpu] = await conc(gets[id], cfg.conc, cfg.batches);
    out[id].conc.push(wall);
    out[id].concCpu.push(cpu);
  }
}

// The library's own cost, without the network: the same calls with a fetch that answers at once
// with a prebuilt Response of the same body (raw, openapi-fetch, ECS client, jobs.get; the official
// SDK goes through axios and takes no fetch). Rounds interleave the variants, as above.
const inMemory = {};
{
  const { ECS_BODY } = await import('../lib.mjs');
  const headers = { 'content-type': 'application/json;charset=UTF-8', 'content-length': String(Buffer.byteLength(ECS_BODY)) };
  const memFetch = async () => new Response(ECS_BODY, { status: 200, headers });
  const mem = {};
  mem.raw = async () => (await (await memFetch(url)).json()).status;
  {
    const { default: createClient } = await import('openapi-fetch');
    const client = createClient({ baseUrl, headers: { 'X-Auth-Token': TOKEN }, fetch: memFetch });
    mem['openapi-fetch'] = async () => (await client.GET(PATH, params)).data.status;
  }
  if (cfg.variants.includes('ecs')) {
    const { createEcsClient } = await import('@cloud-jobs/ecs');
    const client = createEcsClient({ baseUrl, token: TOKEN, fetch: memFetch });
    mem.ecs = async () => (await client.GET(PATH, params)).data.status;
  }
  if (cfg.variants.includes('jobs.get')) {
    const { createJobs } = await import(cfg.facadeUrl);
    const jobs = createJobs({ baseUrl, token: TOKEN, projectId: PROJECT_ID, fetch: memFetch });
    const refs = Array.from({ length: 100 }, (_, i) => ({ jobId: `${JOB_ID.slice(0, -2)}${String(i).padStart(2, '0')}` }));
    let next = 0;
    mem['jobs.get'] = async () => (await jobs.get('ecs', refs[(next = (next + 1) % 100)])).state;
  }
  const ids = Object.keys(mem);
  const N = 2000;
  for (const id of ids) {
    inMemory[id] = [];
    for (let i = 0; i < N; i++) await mem[id]();
  }
  for (let r = 0; r < cfg.memRounds; r++) {
    for (const id of roundOrder(ids, 1000 + r)) {
      gc();
      const t0 = performance.now();
      for (let k = 0; k < N; k++) await mem[id]();
      inMemory[id].push(((performance.now() - t0) * 1000) / N);
    }
  }
}
process.stdout.write(JSON.stringify({ check, out, rounds, inMemory }) + '\n');
process.exit(0);

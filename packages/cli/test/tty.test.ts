// `cloud-jobs wait` in a real pseudo-terminal (util-linux `script`): one line redrawn in place with
// `\r` + clear-line, a progress bar, colors, and a final line; NO_COLOR turns it into plain lines.
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripAnsi } from '../src/render.js';
import { BIN, cleanEnv, FAST, hasCommand, shellQuote, start, TOKEN, type Finished } from './helpers.js';

const HAS_SCRIPT = hasCommand('script');
const REDRAW = '\r\u001b[2K';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN] });
});
afterAll(() => sim.close());

/** Runs the bin inside a pseudo-terminal; stdout and stderr both go to the terminal. */
function inTerminal(args: readonly string[], env: Record<string, string> = cleanEnv()): Promise<Finished> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  return start('script', ['-qfec', command, '/dev/null'], { ...env, COLUMNS: '120', TERM: 'xterm-256color' }).done;
}

describe.skipIf(!HAS_SCRIPT).concurrent('in a pseudo-terminal', () => {
  it('redraws one live line with spinner, elapsed time and progress bar, then ends with success', async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 2500, subtasks: 3 });
    const result = await inTerminal(['wait', 'ecs', job.id, '--endpoint', sim.url, ...FAST]);
    expect(result.code).toBe(0);
    const screen = result.stdout;
    expect(screen.split(REDRAW).length).toBeGreaterThan(5); // redrawn in place, many times
    expect(screen).toContain('\u001b[?25l'); // cursor hidden while drawing...
    expect(screen).toContain('\u001b[?25h'); // ...and shown again
    expect(screen).toMatch(/\u001b\[3\dm/); // colors
    const plain = stripAnsi(screen);
    expect(plain).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (pending|running) {2}(INIT|RUNNING) {2}\d+\.\ds {2}\[[█░]{20}\] [0-2]\/3 sub-jobs/);
    expect(plain).toMatch(/✔ succeeded {2}SUCCESS {2}\d+\.\ds {2}\[█{20}\] 3\/3 sub-jobs {2}ecs \S+\r?\n/);
    // No plain change lines: everything before the final line is one line redrawn.
    const lastLine = plain.slice(0, plain.lastIndexOf('✔ succeeded'));
    expect(lastLine).not.toMatch(/\n/);
  });

  it("shows the failed sub-job's reason at the end and exits 1", async () => {
    const job = sim.createJob({ service: 'ecs', durationMs: 1500, subtasks: 2, outcome: 'failure' });
    const result = await inTerminal(['wait', 'ecs', job.id, '--endpoint', sim.url, ...FAST]);
    expect(result.code).toBe(1);
    const plain = stripAnsi(result.stdout);
    // Not a full bar: one of the two sub-jobs failed, and the count says how many succeeded.
    expect(plain).toMatch(/✖ failed {2}FAIL {2}\d+\.\ds {2}\[█{10}░{10}\] 1\/2 sub-jobs succeeded/);
    expect(plain).toMatch(new RegExp(`\\ncloud-jobs: ecs job ${job.id} failed: sub-job 2/2 \\(\\w+\\) failed: Ecs\\.0013 Insufficient EIP quota\\.\\r?\\n$`));
  });

  it('with NO_COLOR prints plain change lines, no escape sequences', async () => {
    const job = sim.createJob({ service: 'servicestage', durationMs: 1500, subtasks: 3 });
    const result = await inTerminal(['wait', 'servicestage', job.id, '--endpoint', sim.url, ...FAST], cleanEnv({ NO_COLOR: '1' }));
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('\u001b');
    const lines = result.stdout.replace(/\r\n/g, '\n').trimEnd().split('\n');
    expect(lines[0]).toBe(`waiting for servicestage job ${job.id} (timeout 30m00s)`);
    expect(lines.at(-1)).toMatch(new RegExp(`^servicestage job ${job.id} succeeded after`));
  });
});

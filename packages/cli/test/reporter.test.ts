// The wait's view: live (redrawn in place, ticking) and plain (one line per change).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDRAW, stripAnsi } from '../src/render.js';
import { createReporter, type ReporterOptions } from '../src/reporter.js';
import { ecsJob, subtask } from './fixtures.js';

let now = 0;
let written = '';
const base: ReporterOptions = { mode: 'plain', out: { write: (text: string) => (written += text) }, service: 'ecs', jobId: 'j1', color: false, width: 100, now: () => now };

beforeEach(() => {
  now = 0;
  written = '';
});
afterEach(() => {
  vi.useRealTimers();
});

describe('plain reporter', () => {
  it('prints a header, one line per change, and the result', () => {
    const reporter = createReporter({ ...base, timeoutMs: 1_800_000 });
    reporter.start();
    reporter.update(ecsJob('pending', 0, 2));
    now = 500;
    reporter.update(ecsJob('pending', 0, 2)); // no change: no line
    now = 1_200;
    reporter.update(ecsJob('running', 1, 2));
    now = 2_000;
    const done = ecsJob('succeeded', 2, 2);
    reporter.update(done);
    reporter.finish('succeeded', done);
    reporter.finish('succeeded', done); // idempotent
    expect(written.split('\n')).toEqual([
      'waiting for ecs job j1 (timeout 30m00s)',
      '[0.0s] pending (INIT) 0/2 sub-jobs',
      '[1.2s] running (RUNNING) 1/2 sub-jobs',
      '[2.0s] succeeded (SUCCESS) 2/2 sub-jobs',
      'ecs job ff8080881e2a4c0f9b4a succeeded after 2.0s',
      '',
    ]);
  });
  it('gives the reason of a failure', () => {
    const reporter = createReporter(base);
    reporter.start();
    const failed = ecsJob('failed', 1, 1, { subtasks: [subtask('failed', { id: 's1', error: { code: 'Ecs.0013', message: 'no quota' } })] });
    reporter.finish('failed', failed);
    expect(written).toBe(
      'waiting for ecs job j1\n[0.0s] failed (FAIL) 1/1 sub-jobs\necs job ff8080881e2a4c0f9b4a failed after 0.0s\nreason: sub-job 1/1 (s1) failed: Ecs.0013 no quota\n',
    );
  });
  it('prints nothing more for a timeout or an error: stderr says it', () => {
    const reporter = createReporter(base);
    reporter.start();
    reporter.update(ecsJob('running', 1, 3));
    reporter.finish('timeout', ecsJob('running', 1, 3));
    reporter.update(ecsJob('running', 2, 3));
    expect(written).toBe('waiting for ecs job j1\n[0.0s] running (RUNNING) 1/3 sub-jobs\n');
    expect(written).not.toContain('\u001b');
  });
});

describe('live reporter', () => {
  it('redraws one line in place, ticks without reads, and ends it with a newline', () => {
    vi.useFakeTimers();
    const reporter = createReporter({ ...base, mode: 'live', tickMs: 100 });
    reporter.start();
    expect(written).toBe(`\u001b[?25l${REDRAW}⠋ connecting  0.0s  ecs j1`);
    now = 300;
    vi.advanceTimersByTime(300); // three ticks: spinner and elapsed time move
    expect(written.split(REDRAW)).toHaveLength(5);
    expect(written.endsWith(`${REDRAW}⠸ connecting  0.3s  ecs j1`)).toBe(true);
    reporter.update(ecsJob('running', 1, 2));
    expect(written.endsWith(`${REDRAW}⠸ running  RUNNING  0.3s  [${'█'.repeat(10)}${'░'.repeat(10)}] 1/2 sub-jobs  ecs j1`)).toBe(true);
    now = 1_000;
    reporter.finish('succeeded', ecsJob('succeeded', 2, 2));
    expect(written.endsWith(`${REDRAW}✔ succeeded  SUCCESS  1.0s  [${'█'.repeat(20)}] 2/2 sub-jobs  ecs j1\n\u001b[?25h`)).toBe(true);
    const before = written;
    vi.advanceTimersByTime(1_000); // the timer is gone
    reporter.update(ecsJob('running', 1, 2));
    expect(written).toBe(before);
    expect(written).not.toContain('\n\u001b[?25h\r');
  });
  it("shows the failed subtask's reason under the last line, unless told the caller will", () => {
    const failed = ecsJob('failed', 2, 2, { subtasks: [subtask('succeeded'), subtask('failed', { id: 's2', error: { message: 'Insufficient EIP quota.' } })] });
    const shown = createReporter({ ...base, mode: 'live' });
    shown.start();
    shown.finish('failed', failed);
    expect(stripAnsi(written)).toContain('✖ failed  FAIL  0.0s');
    expect(written).toContain('\n  sub-job 2/2 (s2) failed: Insufficient EIP quota.\n');
    written = '';
    const hidden = createReporter({ ...base, mode: 'live', showReason: false });
    hidden.start();
    hidden.finish('failed', failed);
    expect(written).not.toContain('Insufficient');
  });
  it('colors when asked', () => {
    const reporter = createReporter({ ...base, mode: 'live', color: true });
    reporter.start();
    reporter.finish('interrupted', ecsJob('running', 1, 2));
    expect(written).toContain('\u001b[33m■ interrupted\u001b[0m');
    expect(stripAnsi(written)).toContain('■ interrupted  running  RUNNING  0.0s');
  });
});

describe('silent reporter', () => {
  it('writes nothing', () => {
    const reporter = createReporter({ ...base, mode: 'silent' });
    reporter.start();
    reporter.update(ecsJob('running', 1, 2));
    reporter.finish('succeeded', ecsJob('succeeded', 2, 2));
    expect(written).toBe('');
  });
});

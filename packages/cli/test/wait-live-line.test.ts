// The live line of `wait` says what is happening: a job the service does not know yet (or a
// mistyped ID) is "not visible yet" with the time the wait gives up on it, and a failed job never
// shows a full progress bar.
import { describe, expect, it } from 'vitest';
import { createReporter } from '../src/reporter.js';
import { notVisibleText, renderLiveLine } from '../src/render.js';
import { ecsJob } from './fixtures.js';

const live = { service: 'ecs' as const, jobId: 'ff8080881e2a4c0f9b4a', elapsedMs: 3_240, frame: 0, color: false, width: 120 };
const UNTIL = Date.UTC(2026, 0, 1, 12, 0, 30);

describe('the live line of wait', () => {
  it('before any read, says the job is not visible yet and until when the wait keeps trying (not "connecting")', () => {
    const line = renderLiveLine(undefined, { ...live, notVisibleUntil: UNTIL });
    expect(line).toBe('⠋ not visible yet, will keep trying until 12:00:30 UTC  3.2s  ecs ff8080881e2a…');
    expect(line).not.toContain('connecting');
    expect(notVisibleText(UNTIL)).toBe('not visible yet, will keep trying until 12:00:30 UTC');
  });

  it('a failed job with every sub-job done does not show a full bar', () => {
    const failed = renderLiveLine(ecsJob('failed', 3, 3), { ...live, outcome: 'failed' });
    expect(failed).not.toContain('█'.repeat(20));
    expect(failed).toContain('3/3');
    const succeeded = renderLiveLine(ecsJob('succeeded', 3, 3), { ...live, outcome: 'succeeded' });
    expect(succeeded).toContain('█'.repeat(20));
  });

  it('a failed job whose sub-jobs are known counts the ones that succeeded, in the bar and the text', () => {
    const sub = (state: 'succeeded' | 'failed') => ({ id: state, state, done: true, status: state === 'failed' ? 'FAIL' : 'SUCCESS', raw: {} });
    const failed = renderLiveLine(ecsJob('failed', 2, 2, { subtasks: [sub('succeeded'), sub('failed')] }), { ...live, outcome: 'failed' });
    expect(failed).toContain(`[${'█'.repeat(10)}${'░'.repeat(10)}] 1/2 sub-jobs succeeded`);
  });

  it('the live reporter shows "not visible yet" until the first read; the plain one prints it once', () => {
    let written = '';
    const out = { write: (text: string) => (written += text) };
    const base = { out, service: 'ecs' as const, jobId: 'j1', color: false, width: 120, now: () => 0, tickMs: 60_000 };
    const reporter = createReporter({ ...base, mode: 'live' });
    reporter.start();
    reporter.notVisible?.(UNTIL);
    expect(written).toContain('not visible yet, will keep trying until 12:00:30 UTC');
    reporter.update(ecsJob('running', 1, 2));
    expect(written.slice(written.lastIndexOf('\r'))).not.toContain('not visible');
    reporter.finish('succeeded', ecsJob('succeeded', 2, 2));

    written = '';
    const plain = createReporter({ ...base, mode: 'plain' });
    plain.start();
    plain.notVisible?.(UNTIL);
    plain.notVisible?.(UNTIL);
    expect(written.match(/not visible yet/g)).toHaveLength(1);
  });
});

// The strings a job turns into: the live line, plain change lines, the result and the get summary.
import { services } from '@cloud-jobs/jobs';
import { describe, expect, it } from 'vitest';
import {
  failureReason,
  formatJobError,
  oneLine,
  paint,
  progressBar,
  progressText,
  REDRAW,
  renderJobSummary,
  renderLiveLine,
  renderPlainLine,
  renderResult,
  stripAnsi,
  subtaskNoun,
} from '../src/render.js';
import { ecsJob, subtask } from './fixtures.js';

const live = { service: 'ecs' as const, jobId: 'ff8080881e2a4c0f9b4a', elapsedMs: 3_240, frame: 2, color: false, width: 120 };

describe('progressBar', () => {
  it.each([
    [0, 4, '[░░░░░░░░]'],
    [1, 4, '[██░░░░░░]'],
    [3, 4, '[██████░░]'],
    [4, 4, '[████████]'],
    [9, 4, '[████████]'],
    [0, 0, '[░░░░░░░░]'],
  ])('%d/%d', (completed, total, bar) => {
    expect(progressBar({ completed, total }, 8)).toBe(bar);
  });
  it('is 20 cells by default', () => {
    expect(progressBar({ completed: 1, total: 2 })).toBe(`[${'█'.repeat(10)}${'░'.repeat(10)}]`);
  });
});

describe('small helpers', () => {
  it('names subtasks the way each service does', () => {
    expect(subtaskNoun('ecs')).toEqual(['sub-job', 'sub-jobs']);
    expect(subtaskNoun('servicestage')).toEqual(['task', 'tasks']);
    expect(subtaskNoun('osm')).toEqual(['check item', 'check items']);
    expect(subtaskNoun('dcs')).toEqual(['subtask', 'subtasks']);
  });
  it("takes each registered service's subtask noun from its descriptor, else the generic one", () => {
    for (const s of services) expect(subtaskNoun(s.name), s.name).toEqual(s.subtaskNoun[0] === '' ? ['subtask', 'subtasks'] : s.subtaskNoun);
    expect(subtaskNoun('not-a-service')).toEqual(['subtask', 'subtasks']);
  });
  it('progressText is undefined without progress', () => {
    expect(progressText(ecsJob('running', 1, 3))).toBe('1/3 sub-jobs');
    const { progress: _unused, ...noProgress } = ecsJob('running', 0, 0);
    expect(progressText({ ...noProgress, service: 'dcs' })).toBeUndefined();
    expect(progressText(ecsJob('running', 0, 0))).toBeUndefined();
  });
  it('paint colors only when enabled, stripAnsi undoes it', () => {
    expect(paint('green', 'ok', true)).toBe('\u001b[32mok\u001b[0m');
    expect(paint('green', 'ok', false)).toBe('ok');
    expect(stripAnsi(`${REDRAW}\u001b[?25l${paint('red', 'x', true)}`)).toBe('\rx');
  });
  it('formatJobError and oneLine', () => {
    expect(formatJobError({ code: 'Ecs.0013', message: 'Insufficient\n quota ' })).toBe('Ecs.0013 Insufficient quota');
    expect(formatJobError({ code: 'X', message: 'X' })).toBe('X');
    expect(formatJobError({ message: 'plain' })).toBe('plain');
    expect(oneLine(' a\r\n\tb ')).toBe('a b');
  });
});

describe('failureReason', () => {
  it('names the first failed subtask, its position and its error', () => {
    const job = ecsJob('failed', 3, 3, {
      subtasks: [subtask('succeeded'), subtask('failed', { id: 'sub-2', error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' } }), subtask('failed', { id: 'sub-3' })],
      error: { code: 'Ecs.0000', message: 'job failed' },
    });
    expect(failureReason(job)).toBe('sub-job 2/3 (sub-2) failed: Ecs.0013 Insufficient EIP quota.');
  });
  it("prefers a subtask's name and falls back to the job's error", () => {
    const job = ecsJob('failed', 1, 1, { service: 'servicestage', subtasks: [subtask('failed', { name: 'build image' })], error: { message: 'Building failed.' } });
    expect(failureReason(job)).toBe('task 1/1 (build image) failed: Building failed.');
  });
  it("is the job's error without a failed subtask, undefined without any", () => {
    expect(failureReason(ecsJob('failed', 0, 0, { error: { code: 'E1', message: 'boom' } }))).toBe('E1 boom');
    expect(failureReason(ecsJob('failed', 0, 0))).toBeUndefined();
  });
});

describe('renderLiveLine', () => {
  it('shows spinner, state, status, elapsed time, bar, count and job', () => {
    expect(renderLiveLine(ecsJob('running', 2, 3), live)).toBe(`⠹ running  RUNNING  3.2s  [${'█'.repeat(13)}${'░'.repeat(7)}] 2/3 sub-jobs  ecs ff8080881e2a…`);
  });
  it('says connecting before the first read, and turns the spinner each frame', () => {
    expect(renderLiveLine(undefined, { ...live, frame: 0 })).toBe('⠋ connecting  3.2s  ecs ff8080881e2a…');
    expect(renderLiveLine(undefined, { ...live, frame: 11 })).toMatch(/^⠙ /);
  });
  it('has no bar without progress (DCS, CFW)', () => {
    const { progress: _unused, ...job } = ecsJob('running', 0, 0);
    expect(renderLiveLine({ ...job, service: 'dcs', subtasks: [] }, { ...live, service: 'dcs' })).toBe('⠹ running  RUNNING  3.2s  dcs ff8080881e2a…');
  });
  it('ends with a mark and label', () => {
    expect(renderLiveLine(ecsJob('succeeded', 3, 3), { ...live, outcome: 'succeeded' })).toMatch(/^✔ succeeded {2}SUCCESS {2}3\.2s {2}\[█{20}\] 3\/3 sub-jobs/);
    expect(renderLiveLine(ecsJob('failed', 2, 3), { ...live, outcome: 'failed' })).toMatch(/^✖ failed {2}FAIL {2}/);
    expect(renderLiveLine(ecsJob('running', 1, 3), { ...live, outcome: 'timeout' })).toMatch(/^⏱ timed out {2}running {2}RUNNING {2}/);
    expect(renderLiveLine(undefined, { ...live, outcome: 'interrupted' })).toBe('■ interrupted  3.2s  ecs ff8080881e2a…');
  });
  it('never grows wider than the terminal', () => {
    for (const width of [20, 40, 60, 80]) {
      const line = renderLiveLine(ecsJob('running', 2, 3), { ...live, width, color: true });
      expect(stripAnsi(line).length).toBeLessThanOrEqual(width - 1);
    }
    expect(renderLiveLine(ecsJob('running', 2, 3), { ...live, width: 40 })).toBe('⠹ running  RUNNING  3.2s  [███████████…');
  });
  it('colors the state when asked', () => {
    const line = renderLiveLine(ecsJob('failed', 2, 3), { ...live, color: true, outcome: 'failed' });
    expect(line).toContain('\u001b[31m✖ failed\u001b[0m');
    expect(stripAnsi(line)).toBe(renderLiveLine(ecsJob('failed', 2, 3), { ...live, outcome: 'failed' }));
  });
});

describe('renderPlainLine and renderResult', () => {
  it('one plain line per read: elapsed, state, status, progress', () => {
    expect(renderPlainLine(ecsJob('running', 1, 3), 3_240)).toBe('[3.2s] running (RUNNING) 1/3 sub-jobs');
    expect(renderPlainLine(ecsJob('pending', 0, 0, { status: '' }), 0)).toBe('[0.0s] pending');
    expect(renderPlainLine(ecsJob('running', 0, 0, { service: 'osm', status: 2, progress: { completed: 1, total: 3 } }), 61_000)).toBe('[1m01s] running (2) 1/3 check items');
  });
  it('the result names the job, the time, the resource, and why it failed', () => {
    expect(renderResult(ecsJob('succeeded', 3, 3, { resource: { kind: 'server_id', id: 'srv-1' } }), 12_000)).toEqual([
      'ecs job ff8080881e2a4c0f9b4a succeeded after 12s (server_id srv-1)',
    ]);
    expect(renderResult(ecsJob('failed', 1, 1, { subtasks: [subtask('failed', { id: 's1', error: { message: 'no quota' } })] }), 1_000)).toEqual([
      'ecs job ff8080881e2a4c0f9b4a failed after 1.0s',
      'reason: sub-job 1/1 (s1) failed: no quota',
    ]);
  });
});

describe('renderJobSummary', () => {
  it('lists the fields and subtasks', () => {
    const job = ecsJob('failed', 2, 2, {
      type: 'createServer',
      startedAt: new Date('2026-11-30T08:00:00Z'),
      finishedAt: new Date('2026-11-30T08:01:00Z'),
      resource: { kind: 'server_id', id: 'srv-1' },
      error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' },
      subtasks: [subtask('succeeded', { id: 's1' }), subtask('failed', { id: 's2', error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' } })],
    });
    expect(renderJobSummary(job, false)).toEqual([
      'ecs job ff8080881e2a4c0f9b4a',
      '  state     failed (FAIL)',
      '  type      createServer',
      '  progress  2/2 sub-jobs',
      '  started   2026-11-30T08:00:00.000Z',
      '  finished  2026-11-30T08:01:00.000Z',
      '  resource  server_id srv-1',
      '  error     Ecs.0013 Insufficient EIP quota.',
      '  reason    sub-job 2/2 (s2) failed: Ecs.0013 Insufficient EIP quota.',
      '  sub-jobs:',
      '    1  succeeded  SUCCESS    s1',
      '    2  failed     FAIL       s2  - Ecs.0013 Insufficient EIP quota.',
    ]);
  });
  it('shows dashes for missing times and caps long subtask lists', () => {
    const many = Array.from({ length: 35 }, (_, i) => subtask('pending', { id: `s${i}` }));
    const lines = renderJobSummary(ecsJob('running', 0, 35, { subtasks: many }), false);
    expect(lines).toContain('  started   -');
    expect(lines.filter((line) => /^ {4}\s*\d+ /.test(line))).toHaveLength(30);
    expect(lines.at(-1)).toBe('    ... and 5 more');
  });
  it('has no ANSI without color', () => {
    expect(renderJobSummary(ecsJob('running', 1, 2), false).join('\n')).not.toContain('\u001b');
    expect(renderJobSummary(ecsJob('running', 1, 2), true).join('\n')).toContain('\u001b[36mrunning\u001b[0m');
  });
});

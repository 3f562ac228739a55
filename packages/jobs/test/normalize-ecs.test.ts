// normalizeEcsJob: the seed's and the spec's example payloads, field by field, and the edge cases.
import { describe, expect, it } from 'vitest';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import type { Job } from '../src/model.js';
import { normalizeEcsJob } from '../src/services/ecs/index.js';

const d = (iso: string) => new Date(iso);

/** The seed's example response (OTC "Querying Task Execution Status"), also the spec's `Succeeded`. */
const seedSucceeded = {
  status: 'SUCCESS',
  entities: {
    sub_jobs_total: 1,
    sub_jobs: [
      {
        status: 'SUCCESS',
        entities: { server_id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
        job_id: '2c9eb2c5544cbf6101544f0635672b60',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.591Z',
        end_time: '2016-04-25T20:08:21.328Z',
        error_code: null,
        fail_reason: null,
      },
    ],
  },
  job_id: '2c9eb2c5544cbf6101544f0602af2b4f',
  job_type: 'createServer',
  begin_time: '2016-04-25T20:04:34.604Z',
  end_time: '2016-04-25T20:08:41.593Z',
  error_code: null,
  fail_reason: null,
};

/** The spec's `Running` example. */
const specRunning = {
  status: 'RUNNING',
  entities: {
    sub_jobs_total: 2,
    sub_jobs: [
      {
        status: 'SUCCESS',
        entities: { server_id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
        job_id: '2c9eb2c5544cbf6101544f0635672b60',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.591Z',
        end_time: '2016-04-25T20:08:21.328Z',
        error_code: null,
        fail_reason: null,
      },
      {
        status: 'RUNNING',
        entities: {},
        job_id: '2c9eb2c5544cbf6101544f0635672b61',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.602Z',
        end_time: '',
        error_code: null,
        fail_reason: null,
      },
    ],
  },
  job_id: '2c9eb2c5544cbf6101544f0602af2b4f',
  job_type: 'createServer',
  begin_time: '2016-04-25T20:04:34.604Z',
  end_time: '',
  error_code: null,
  fail_reason: null,
};

/** The spec's `Failed` example. */
const specFailed = {
  status: 'FAIL',
  entities: {
    sub_jobs_total: 1,
    sub_jobs: [
      {
        status: 'FAIL',
        entities: { errorcode_message: 'Ecs.0013: Insufficient EIP quota.' },
        job_id: '2c9eb2c5544cbf6101544f0635672b62',
        job_type: 'createSingleServer',
        begin_time: '2016-04-25T20:04:47.591Z',
        end_time: '2016-04-25T20:05:02.100Z',
        error_code: 'Ecs.0013',
        fail_reason: 'Insufficient EIP quota.',
      },
    ],
  },
  job_id: '2c9eb2c5544cbf6101544f0602af2b4e',
  job_type: 'createServer',
  begin_time: '2016-04-25T20:04:34.604Z',
  end_time: '2016-04-25T20:05:03.000Z',
  error_code: 'Ecs.0013',
  fail_reason: 'Insufficient EIP quota.',
};

describe('normalizeEcsJob', () => {
  it('normalizes the seed example (a finished createServer job)', () => {
    const job = normalizeEcsJob(seedSucceeded);
    const subJob = seedSucceeded.entities.sub_jobs[0];
    expect(job).toStrictEqual<Job>({
      service: 'ecs',
      id: '2c9eb2c5544cbf6101544f0602af2b4f',
      type: 'createServer',
      state: 'succeeded',
      done: true,
      status: 'SUCCESS',
      startedAt: d('2016-04-25T20:04:34.604Z'),
      finishedAt: d('2016-04-25T20:08:41.593Z'),
      resource: { kind: 'server_id', id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
      progress: { completed: 1, total: 1 },
      subtasks: [
        {
          id: '2c9eb2c5544cbf6101544f0635672b60',
          type: 'createSingleServer',
          state: 'succeeded',
          done: true,
          status: 'SUCCESS',
          startedAt: d('2016-04-25T20:04:47.591Z'),
          finishedAt: d('2016-04-25T20:08:21.328Z'),
          resource: { kind: 'server_id', id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
          raw: subJob,
        },
      ],
      raw: seedSucceeded,
    });
    expect(job.raw).toBe(seedSucceeded);
    expect(job.subtasks[0]?.raw).toBe(subJob);
  });

  it('normalizes the spec Running example: empty end times are absent, progress 1 of 2', () => {
    expect(normalizeEcsJob(specRunning)).toStrictEqual<Job>({
      service: 'ecs',
      id: '2c9eb2c5544cbf6101544f0602af2b4f',
      type: 'createServer',
      state: 'running',
      done: false,
      status: 'RUNNING',
      startedAt: d('2016-04-25T20:04:34.604Z'),
      resource: { kind: 'server_id', id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
      progress: { completed: 1, total: 2 },
      subtasks: [
        {
          id: '2c9eb2c5544cbf6101544f0635672b60',
          type: 'createSingleServer',
          state: 'succeeded',
          done: true,
          status: 'SUCCESS',
          startedAt: d('2016-04-25T20:04:47.591Z'),
          finishedAt: d('2016-04-25T20:08:21.328Z'),
          resource: { kind: 'server_id', id: 'bae51750-0089-41a1-9b18-5c777978ff6d' },
          raw: specRunning.entities.sub_jobs[0],
        },
        {
          id: '2c9eb2c5544cbf6101544f0635672b61',
          type: 'createSingleServer',
          state: 'running',
          done: false,
          status: 'RUNNING',
          startedAt: d('2016-04-25T20:04:47.602Z'),
          raw: specRunning.entities.sub_jobs[1],
        },
      ],
      raw: specRunning,
    });
  });

  it('normalizes the spec Failed example: job and sub-job errors', () => {
    expect(normalizeEcsJob(specFailed)).toStrictEqual<Job>({
      service: 'ecs',
      id: '2c9eb2c5544cbf6101544f0602af2b4e',
      type: 'createServer',
      state: 'failed',
      done: true,
      status: 'FAIL',
      startedAt: d('2016-04-25T20:04:34.604Z'),
      finishedAt: d('2016-04-25T20:05:03.000Z'),
      error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' },
      progress: { completed: 1, total: 1 },
      subtasks: [
        {
          id: '2c9eb2c5544cbf6101544f0635672b62',
          type: 'createSingleServer',
          state: 'failed',
          done: true,
          status: 'FAIL',
          startedAt: d('2016-04-25T20:04:47.591Z'),
          finishedAt: d('2016-04-25T20:05:02.100Z'),
          error: { code: 'Ecs.0013', message: 'Insufficient EIP quota.' },
          raw: specFailed.entities.sub_jobs[0],
        },
      ],
      raw: specFailed,
    });
  });

  it('takes a failed job without its own error from its first failed sub-job (errorcode_message)', () => {
    const payload = {
      status: 'FAIL',
      job_id: 'j',
      error_code: null,
      fail_reason: null,
      entities: {
        sub_jobs: [
          { status: 'SUCCESS', job_id: 's0', entities: { server_id: 'srv-0' } },
          { status: 'FAIL', job_id: 's1', entities: { errorcode_message: 'Ecs.0001: Quota exceeded.' } },
          { status: 'FAIL', job_id: 's2', fail_reason: 'other' },
        ],
      },
    };
    const job = normalizeEcsJob(payload);
    expect(job.error).toStrictEqual({ code: 'Ecs.0001', message: 'Quota exceeded.' });
    expect(job.subtasks.map((s) => s.error)).toStrictEqual([undefined, { code: 'Ecs.0001', message: 'Quota exceeded.' }, { message: 'other' }]);
    expect(job.resource).toStrictEqual({ kind: 'server_id', id: 'srv-0' });
  });

  it('keeps sub-job errors off a succeeded job, but on the sub-job', () => {
    const job = normalizeEcsJob({ status: 'SUCCESS', entities: { sub_jobs: [{ status: 'FAIL', fail_reason: 'odd' }] } });
    expect(job.error).toBeUndefined();
    expect(job.subtasks[0]?.error).toStrictEqual({ message: 'odd' });
  });

  it('reads an errorcode_message without a code as the message, and an error_code alone as both', () => {
    const job = normalizeEcsJob({
      status: 'FAIL',
      entities: { sub_jobs: [{ status: 'FAIL', error_code: 'Ecs.0100', entities: { errorcode_message: 'no coded prefix' } }, { status: 'FAIL', error_code: 'Ecs.0101' }] },
    });
    expect(job.subtasks.map((s) => s.error)).toStrictEqual([{ code: 'Ecs.0100', message: 'no coded prefix' }, { code: 'Ecs.0101', message: 'Ecs.0101' }]);
  });

  it('uses the job entities for the resource first (server_id, then nic_id)', () => {
    expect(normalizeEcsJob({ status: 'SUCCESS', entities: { nic_id: 'nic-1', sub_jobs: [{ entities: { server_id: 'srv' } }] } }).resource).toStrictEqual({
      kind: 'nic_id',
      id: 'nic-1',
    });
    expect(normalizeEcsJob({ status: 'SUCCESS', entities: { server_id: 'srv-1', nic_id: 'nic-1' } }).resource).toStrictEqual({
      kind: 'server_id',
      id: 'srv-1',
    });
    expect(normalizeEcsJob({ status: 'SUCCESS', entities: {} }).resource).toBeUndefined();
  });

  it('counts progress against sub_jobs_total when it is larger than the list', () => {
    expect(normalizeEcsJob({ status: 'RUNNING', entities: { sub_jobs_total: 5, sub_jobs: [{ status: 'SUCCESS' }, { status: 'FAIL' }] } }).progress).toStrictEqual({
      completed: 2,
      total: 5,
    });
    expect(normalizeEcsJob({ status: 'RUNNING', entities: { sub_jobs_total: 1, sub_jobs: [{ status: 'INIT' }, { status: 'INIT' }] } }).progress).toStrictEqual({
      completed: 0,
      total: 2,
    });
    expect(normalizeEcsJob({ status: 'RUNNING', entities: { server_id: 'x' } }).progress).toBeUndefined();
  });

  it('maps PENDING_PAYMENT to blocked, not done', () => {
    const job = normalizeEcsJob({ status: 'PENDING_PAYMENT', job_id: 'j' });
    expect([job.state, job.done, job.status]).toStrictEqual(['blocked', false, 'PENDING_PAYMENT']);
  });

  it('falls back to the context job ID, then to an empty string', () => {
    expect(normalizeEcsJob({ status: 'INIT' }, { jobId: 'asked' }).id).toBe('asked');
    expect(normalizeEcsJob({ status: 'INIT' }).id).toBe('');
    expect(normalizeEcsJob({ status: 'INIT', job_id: '' }, { jobId: 'asked' }).id).toBe('asked');
  });

  it('ignores descriptive fields of the wrong type and keeps them in raw', () => {
    const payload = { status: 'RUNNING', entities: 'x', job_id: ['j'], job_type: 5, begin_time: {}, error_code: true };
    const job = normalizeEcsJob(payload, { jobId: 'ctx' });
    expect(job).toStrictEqual<Job>({ service: 'ecs', id: 'ctx', type: '5', state: 'running', done: false, status: 'RUNNING', subtasks: [], raw: payload });
    const odd = normalizeEcsJob({ status: 'RUNNING', entities: { sub_jobs: {}, sub_jobs_total: 'many' } });
    expect([odd.subtasks, odd.progress]).toStrictEqual([[], undefined]);
    const mixed = normalizeEcsJob({ status: 'RUNNING', entities: { sub_jobs: [null, 'x', { status: { s: 1 }, entities: 7 }] } });
    expect(mixed.subtasks).toStrictEqual([{ id: '', state: 'unknown', done: false, status: '', raw: { status: { s: 1 }, entities: 7 } }]);
  });

  it('throws UnexpectedResponseError for a status of the wrong type', () => {
    expect(() => normalizeEcsJob({ status: true })).toThrow(UnexpectedResponseError);
    expect(() => normalizeEcsJob({ status: ['SUCCESS'] })).toThrow(/ecs: unexpected response: status: expected a string or a number, got array/);
  });

  it('turns a 2xx body with code/message and no status into an ApiError', () => {
    const error = (() => {
      try {
        normalizeEcsJob({ code: 'Common.0024', message: 'Exceeds flow over limit.' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ service: 'ecs', status: 200, code: 'Common.0024', message: 'ecs: HTTP 200 Common.0024: Exceeds flow over limit.' });
    expect(() => normalizeEcsJob({ error: { code: 'Common.0024', message: 'Exceeds flow over limit.' } })).toThrow(ApiError);
  });

  it('tolerates undefined fields (official SDK output)', () => {
    const job = normalizeEcsJob({ status: 'RUNNING', entities: undefined, job_id: 'j', end_time: undefined, error_code: undefined });
    expect(job).toStrictEqual<Job>({ service: 'ecs', id: 'j', state: 'running', done: false, status: 'RUNNING', subtasks: [], raw: job.raw });
  });
});

// normalizeDcsJob and normalizeCfwJob: the seeds' and the specs' examples, field by field.
import { describe, expect, it } from 'vitest';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import type { Job } from '../src/model.js';
import { normalizeCfwJob } from '../src/services/cfw/index.js';
import { normalizeDcsJob } from '../src/services/dcs/index.js';

const d = (iso: string) => new Date(iso);

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('normalizeDcsJob', () => {
  it('normalizes the seed example (a finished master/standby switchover)', () => {
    const seed = {
      job_id: 'ff8080818822bbf70188235afc24141a',
      job_type: 'masterStandbySwapJob',
      status: 'SUCCESS',
      begin_time: '1684191545379',
      end_time: '1684191548248',
      fail_reason: null,
    };
    const job = normalizeDcsJob(seed);
    expect(job).toStrictEqual<Job>({
      service: 'dcs',
      id: 'ff8080818822bbf70188235afc24141a',
      type: 'masterStandbySwapJob',
      state: 'succeeded',
      done: true,
      status: 'SUCCESS',
      startedAt: new Date(1684191545379),
      finishedAt: new Date(1684191548248),
      subtasks: [],
      raw: seed,
    });
    expect(job.raw).toBe(seed);
  });

  it('normalizes the spec Running example (end_time null)', () => {
    const running = {
      job_id: 'ff8080818822bbf70188235b0e8c142b',
      job_type: 'modifyBandwidth',
      status: 'RUNNING',
      begin_time: '1684191602117',
      end_time: null,
      fail_reason: null,
    };
    expect(normalizeDcsJob(running)).toStrictEqual<Job>({
      service: 'dcs',
      id: 'ff8080818822bbf70188235b0e8c142b',
      type: 'modifyBandwidth',
      state: 'running',
      done: false,
      status: 'RUNNING',
      startedAt: new Date(1684191602117),
      subtasks: [],
      raw: running,
    });
  });

  it('normalizes the spec Failed example (fail_reason)', () => {
    const failed = {
      job_id: 'ff8080818822bbf70188235c2d1a143c',
      job_type: 'extendDCSInstance',
      status: 'FAIL',
      begin_time: '1684192001000',
      end_time: '1684192093512',
      fail_reason: 'Failed to update the status of the DCS instance.',
    };
    expect(normalizeDcsJob(failed)).toStrictEqual<Job>({
      service: 'dcs',
      id: 'ff8080818822bbf70188235c2d1a143c',
      type: 'extendDCSInstance',
      state: 'failed',
      done: true,
      status: 'FAIL',
      startedAt: new Date(1684192001000),
      finishedAt: new Date(1684192093512),
      error: { message: 'Failed to update the status of the DCS instance.' },
      subtasks: [],
      raw: failed,
    });
  });

  it('turns a 200 body with an error_code and no status into an ApiError', () => {
    const error = thrown(() => normalizeDcsJob({ error_code: '111400063', error_msg: 'Invalid {0} parameter in the request.' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 200, code: '111400063' });
  });

  it('ignores wrong-typed descriptive fields; throws on a wrong-typed status', () => {
    const payload = { status: 'INIT', begin_time: true, fail_reason: { why: 1 }, job_id: null };
    expect(normalizeDcsJob(payload, { jobId: 'asked' })).toStrictEqual<Job>({
      service: 'dcs',
      id: 'asked',
      state: 'pending',
      done: false,
      status: 'INIT',
      subtasks: [],
      raw: payload,
    });
    expect(() => normalizeDcsJob({ status: {} })).toThrow(UnexpectedResponseError);
  });
});

describe('normalizeCfwJob', () => {
  it('normalizes the seed example (epoch-ms numbers)', () => {
    const seed = {
      data: { begin_time: 1641370501000, end_time: 1641370515000, id: 'f588ce71-e26c-400d-8981-f854355f6849', status: 'Success' },
    };
    const job = normalizeCfwJob(seed);
    expect(job).toStrictEqual<Job>({
      service: 'cfw',
      id: 'f588ce71-e26c-400d-8981-f854355f6849',
      state: 'succeeded',
      done: true,
      status: 'Success',
      startedAt: new Date(1641370501000),
      finishedAt: new Date(1641370515000),
      subtasks: [],
      raw: seed,
    });
    expect(job.raw).toBe(seed);
  });

  it('normalizes the spec Running example (no end time)', () => {
    const running = { data: { begin_time: 1641370501000, id: '0c5a7d1e-3f2b-4e8a-9d6c-1b2a3c4d5e6f', status: 'Running' } };
    expect(normalizeCfwJob(running)).toStrictEqual<Job>({
      service: 'cfw',
      id: '0c5a7d1e-3f2b-4e8a-9d6c-1b2a3c4d5e6f',
      state: 'running',
      done: false,
      status: 'Running',
      startedAt: new Date(1641370501000),
      subtasks: [],
      raw: running,
    });
  });

  it('normalizes the spec Failed example (documented +0800 string times)', () => {
    const failed = {
      data: {
        begin_time: '2023-10-26T10:30:00+0800',
        end_time: '2023-10-26T10:34:12+0800',
        id: '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
        status: 'Failed',
      },
    };
    expect(normalizeCfwJob(failed)).toStrictEqual<Job>({
      service: 'cfw',
      id: '7e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
      state: 'failed',
      done: true,
      status: 'Failed',
      startedAt: d('2023-10-26T02:30:00Z'),
      finishedAt: d('2023-10-26T02:34:12Z'),
      subtasks: [],
      raw: failed,
    });
  });

  it('takes the error of a job from the body error_code/error_msg', () => {
    const job = normalizeCfwJob({ error_code: 'CFW.00100001', error_msg: 'System busy.', data: { id: 'j', status: 'Failed' } });
    expect(job.error).toStrictEqual({ code: 'CFW.00100001', message: 'System busy.' });
  });

  it('turns a 200 body with error_code and no data.status into an ApiError', () => {
    const error = thrown(() => normalizeCfwJob({ error_code: 'CFW.00200005', error_msg: 'Object not found.' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ service: 'cfw', status: 200, code: 'CFW.00200005', body: { error_code: 'CFW.00200005', error_msg: 'Object not found.' } });
    expect(() => normalizeCfwJob({ error_code: 'CFW.00200005', error_msg: 'x', data: {} })).toThrow(ApiError);
  });

  it('reads a body without data (or with data null) as an unknown job', () => {
    expect(normalizeCfwJob({}, { jobId: 'asked' })).toStrictEqual<Job>({
      service: 'cfw',
      id: 'asked',
      state: 'unknown',
      done: false,
      status: '',
      subtasks: [],
      raw: {},
    });
    expect(normalizeCfwJob({ data: null, trace_id: 't' }).state).toBe('unknown');
  });

  it('throws UnexpectedResponseError naming data or data.status when of the wrong type', () => {
    expect(thrown(() => normalizeCfwJob({ data: 5 }))).toMatchObject({ name: 'UnexpectedResponseError', service: 'cfw', reason: 'data: expected an object, got number' });
    expect(thrown(() => normalizeCfwJob({ data: [] }))).toMatchObject({ reason: 'data: expected an object, got array' });
    expect(thrown(() => normalizeCfwJob({ data: { status: false } }))).toMatchObject({ reason: 'data.status: expected a string or a number, got boolean' });
  });

  it('matches statuses case-insensitively after the exact match', () => {
    expect(normalizeCfwJob({ data: { status: 'SUCCESS' } }).state).toBe('succeeded');
    expect(normalizeCfwJob({ data: { status: ' running ' } }).state).toBe('running');
    expect(normalizeCfwJob({ data: { status: 'Pending' } }).state).toBe('unknown');
  });
});

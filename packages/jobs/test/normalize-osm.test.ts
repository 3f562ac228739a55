// normalizeOsmJob: the seed example, integer/"3" statuses, check items, and HTTP-200 business errors.
import { describe, expect, it } from 'vitest';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import type { Job } from '../src/model.js';
import { normalizeOsmJob } from '../src/services/osm/index.js';

/** The seed's example response ("Querying Execution Results of Diagnosis Tasks"). */
const seed = {
  status: 0,
  job_id: 1,
  domain_id: 'Domain ID',
  items_result: [
    {
      status: 1,
      visible: 0,
      resource_id: 'Resource ID of a check item',
      resource_name: 'Resource name of a check item',
      check_id: 'ID of a check item',
      check_name: 'Name of a check item',
      problem_level: 0,
    },
  ],
};

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('normalizeOsmJob', () => {
  it('normalizes the seed example (preparing, one item not executed)', () => {
    const job = normalizeOsmJob(seed);
    expect(job).toStrictEqual<Job>({
      service: 'osm',
      id: '1',
      state: 'pending',
      done: false,
      status: 0,
      progress: { completed: 0, total: 1 },
      subtasks: [
        {
          id: 'ID of a check item',
          name: 'Name of a check item',
          state: 'pending',
          done: false,
          status: 0,
          resource: { kind: 'resource_id', id: 'Resource ID of a check item' },
          raw: seed.items_result[0],
        },
      ],
      raw: seed,
    });
    expect(job.raw).toBe(seed);
  });

  it('normalizes a completed diagnosis: items normal/abnormal, create_time in seconds or ms', () => {
    const payload = {
      status: 3,
      job_id: 1234567,
      create_time: 1700000000,
      items_result: [
        { check_id: 'ECS_STATUS', check_name: 'Instance status', resource_id: 'ecs', problem_level: 3 },
        { check_id: 'VPC_SG_RULES', check_name: 'Security group rules', resource_id: 'vpc', problem_level: 4 },
        { check_id: 'EVS_ATTACH', check_name: 'Disk attachment', problem_level: 0 },
      ],
    };
    const job = normalizeOsmJob(payload);
    expect(job).toStrictEqual<Job>({
      service: 'osm',
      id: '1234567',
      state: 'succeeded',
      done: true,
      status: 3,
      startedAt: new Date(1700000000000),
      progress: { completed: 2, total: 3 },
      subtasks: [
        {
          id: 'ECS_STATUS',
          name: 'Instance status',
          state: 'succeeded',
          done: true,
          status: 3,
          resource: { kind: 'resource_id', id: 'ecs' },
          raw: payload.items_result[0],
        },
        {
          id: 'VPC_SG_RULES',
          name: 'Security group rules',
          state: 'failed',
          done: true,
          status: 4,
          resource: { kind: 'resource_id', id: 'vpc' },
          raw: payload.items_result[1],
        },
        { id: 'EVS_ATTACH', name: 'Disk attachment', state: 'pending', done: false, status: 0, raw: payload.items_result[2] },
      ],
      raw: payload,
    });
    expect(job.error).toBeUndefined();
    expect(normalizeOsmJob({ status: 2, create_time: 1700000000123 }).startedAt).toStrictEqual(new Date(1700000000123));
  });

  it('accepts status and problem_level as numeric strings, keeping them as sent', () => {
    const job = normalizeOsmJob({ status: '3', job_id: '42', items_result: [{ problem_level: '4' }] });
    expect([job.state, job.status, job.id]).toStrictEqual(['succeeded', '3', '42']);
    expect([job.subtasks[0]?.state, job.subtasks[0]?.status]).toStrictEqual(['failed', '4']);
    expect(normalizeOsmJob({ status: ' 7 ' }).state).toBe('failed');
  });

  it('keeps the error of a failed job that reports one', () => {
    const job = normalizeOsmJob({ status: 4, job_id: 9, error_code: 'OSM.01010100', error_msg: 'Diagnosis script error.' });
    expect([job.state, job.error]).toStrictEqual(['failed', { code: 'OSM.01010100', message: 'Diagnosis script error.' }]);
  });

  it('turns an HTTP-200 business error (error_code, no status) into an ApiError, not a job', () => {
    const body = { error_code: 'OSM.01010001', error_msg: 'Parameter validation failed.' };
    const error = thrown(() => normalizeOsmJob(body, { jobId: '1' }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      service: 'osm',
      status: 200,
      code: 'OSM.01010001',
      message: 'osm: HTTP 200 OSM.01010001: Parameter validation failed.',
      body,
    });
  });

  it('reads a body with neither status nor error code, or an empty error_code, as an unknown job', () => {
    expect(normalizeOsmJob({ job_id: 5 })).toMatchObject({ id: '5', state: 'unknown', status: '', done: false });
    expect(normalizeOsmJob({ error_code: '', error_msg: '' }, { jobId: '6' })).toMatchObject({ id: '6', state: 'unknown' });
  });

  it('ignores wrong-typed descriptive fields and throws on a wrong-typed status', () => {
    const payload = { status: 2, items_result: { a: 1 }, create_time: 'yesterday', job_id: { id: 1 } };
    expect(normalizeOsmJob(payload, { jobId: 'asked' })).toStrictEqual<Job>({
      service: 'osm',
      id: 'asked',
      state: 'running',
      done: false,
      status: 2,
      subtasks: [],
      raw: payload,
    });
    expect(thrown(() => normalizeOsmJob({ status: [3] }))).toBeInstanceOf(UnexpectedResponseError);
  });
});

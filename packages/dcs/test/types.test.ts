// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createDcsClient, type DcsJob } from '../src/index.js';

const dcs = createDcsClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response('{}') });

describe('types', () => {
  it('rejects a missing job_id, a wrong path and a wrong method at compile time', async () => {
    // @ts-expect-error job_id is required
    await dcs.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p' } } });
    // @ts-expect-error no such path (ECS's v1 path is not a DCS path)
    await dcs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error the operation is GET only
    await dcs.DELETE('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error cloud is 'huaweicloud' | 'otc'
    expect(() => createDcsClient({ region: 'eu-de', cloud: 'aws' })).toThrow(/unknown cloud "aws"; known clouds: huaweicloud, otc/);
  });

  it('types the times as strings and the nullable fields as nullable', () => {
    expectTypeOf<DcsJob['begin_time']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DcsJob['end_time']>().toEqualTypeOf<string | null | undefined>();
    const job: DcsJob = { status: 'RUNNING', end_time: null, fail_reason: null };
    // @ts-expect-error end_time may be null while the job runs
    const end: string | undefined = job.end_time;
    // @ts-expect-error begin_time is a decimal string, not a number
    const bad: DcsJob = { begin_time: 1684191545379 };
    expect([end, bad]).toHaveLength(2);
  });
});

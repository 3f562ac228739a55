// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createCfwClient, type CfwJob } from '../src/index.js';

const cfw = createCfwClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response('{}') });

describe('types', () => {
  it('rejects a missing job_id, a wrong path and a wrong method at compile time', async () => {
    // @ts-expect-error job_id is required
    await cfw.GET('/v3/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p' } } });
    // @ts-expect-error no such path (the API is v3, not v2)
    await cfw.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error the operation is GET only
    await cfw.POST('/v3/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error cloud is 'huaweicloud' | 'otc'
    expect(() => createCfwClient({ region: 'eu-de', cloud: 'aws' })).toThrow(/unknown cloud "aws"; known clouds: huaweicloud, otc/);
  });

  it('types the job times as string or number, or null (a running job, issue 12 point 5)', async () => {
    expectTypeOf<CfwJob['begin_time']>().toEqualTypeOf<string | number | null | undefined>();
    const { data } = await cfw.GET('/v3/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error begin_time may be a documented string, not only epoch milliseconds
    const ms: number | undefined = data?.data?.begin_time;
    expect(ms).toBeUndefined();
  });
});

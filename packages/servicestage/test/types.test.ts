// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createServiceStageClient, type ServiceStageJob, type ServiceStageShowJobDetailResponse, type ServiceStageTask } from '../src/index.js';

const servicestage = createServiceStageClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response('{}') });
const PATH = '/v2/{project_id}/cas/jobs/{job_id}';

describe('types', () => {
  it('rejects a missing job_id, a wrong path and a wrong method at compile time', async () => {
    // @ts-expect-error job_id is required
    await servicestage.GET(PATH, { params: { path: { project_id: 'p' } } });
    // @ts-expect-error no such path (the v3 API is not described)
    await servicestage.GET('/v3/{project_id}/cas/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error no such path (DCS's job path is not a ServiceStage path)
    await servicestage.GET('/v2/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error the operation is GET only
    await servicestage.POST(PATH, { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error cloud is 'huaweicloud' | 'otc'
    expect(() => createServiceStageClient({ region: 'ap-southeast-1', cloud: 'aws' })).toThrow(/unknown cloud "aws"; known clouds: huaweicloud, otc/);
  });

  it('types the paging query: desc is the string "true" or "false", limit and offset are numbers', async () => {
    await servicestage.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' }, query: { limit: 50, offset: 0, desc: 'false', instance_id: 'i' } } });
    // @ts-expect-error desc is a string, not a boolean
    await servicestage.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' }, query: { desc: true } } });
    // @ts-expect-error limit is an integer, not a string
    await servicestage.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' }, query: { limit: '50' } } });
    // @ts-expect-error no such query parameter
    await servicestage.GET(PATH, { params: { path: { project_id: 'p', job_id: 'j' }, query: { page: 2 } } });
  });

  it('types the UPPERCASE keys, the open status enums and MESSAGES as a string', () => {
    expectTypeOf<ServiceStageShowJobDetailResponse['task_count']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<ServiceStageShowJobDetailResponse['job']>().toEqualTypeOf<ServiceStageJob | undefined>();
    expectTypeOf<ServiceStageShowJobDetailResponse['tasks']>().toEqualTypeOf<ServiceStageTask[] | undefined>();
    expectTypeOf<ServiceStageTask['MESSAGES']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ServiceStageTask['TASK_INDEX']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<'SKIPPED'>().toMatchTypeOf<NonNullable<ServiceStageTask['TASK_STATUS']>>();
    expectTypeOf<'ROLLBACKED'>().toMatchTypeOf<NonNullable<ServiceStageJob['EXECUTION_STATUS']>>();
    const task: ServiceStageTask = { TASK_STATUS: 'SUCCEEDED', MESSAGES: '{}', TASK_INDEX: 1 };
    // @ts-expect-error MESSAGES is a string containing JSON, not an object
    const parsed: ServiceStageTask = { MESSAGES: { Message: 'ECC00011' } };
    // @ts-expect-error keys are UPPERCASE in v2 (execution_status is the v3 spelling)
    const lower: ServiceStageJob = { execution_status: 'RUNNING' };
    // @ts-expect-error TASK_INDEX is an integer
    const index: ServiceStageTask = { TASK_INDEX: '1' };
    expect([task, parsed, lower, index]).toHaveLength(4);
  });
});

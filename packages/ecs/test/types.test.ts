// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createEcsClient, ECS_JOB_STATUSES, type EcsError, type EcsJob, type EcsJobStatus, type EcsTime, type GatewayError, type paths } from '../src/index.js';

const ecs = createEcsClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response('{}') });

describe('types', () => {
  it('rejects a missing job_id, a wrong path and a wrong method at compile time', async () => {
    // @ts-expect-error job_id is required
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p' } } });
    // @ts-expect-error no such path
    await ecs.GET('/v1/{project_id}/job/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error the operation is GET only
    await ecs.POST('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    // @ts-expect-error cloud is 'huaweicloud' | 'otc'
    expect(() => createEcsClient({ region: 'eu-de', cloud: 'aws' })).toThrow(/unknown cloud "aws"; known clouds: huaweicloud, otc/);
  });
});

describe('types that help (issue 12 point 7)', () => {
  it('names the documented statuses and stays open; the list is a constant', () => {
    expectTypeOf<EcsJobStatus>().toEqualTypeOf<'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL' | 'PENDING_PAYMENT' | (string & {})>();
    expectTypeOf<Extract<EcsJobStatus, 'PENDING_PAYMENT'>>().toEqualTypeOf<'PENDING_PAYMENT'>();
    const unknown: EcsJobStatus = 'SOME_NEW_STATUS';
    expect(unknown).toBe('SOME_NEW_STATUS');
    expect(ECS_JOB_STATUSES).toEqual(['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT']);
    expectTypeOf(ECS_JOB_STATUSES).toEqualTypeOf<readonly ['INIT', 'RUNNING', 'SUCCESS', 'FAIL', 'PENDING_PAYMENT']>();
    expectTypeOf<EcsTime>().toEqualTypeOf<string | null>();
  });

  it('types data as a job only: the 202 throttle body is an error (issue 12 point 3)', async () => {
    const { data, error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'p', job_id: 'j' } } });
    expectTypeOf(data).toEqualTypeOf<EcsJob | undefined>();
    expectTypeOf<EcsError>().toExtend<NonNullable<typeof error>>();
    expectTypeOf<GatewayError>().toExtend<NonNullable<typeof error>>();
    type Responses = paths['/v1/{project_id}/jobs/{job_id}']['get']['responses'];
    expectTypeOf<Responses[202]['content']['application/json']>().toEqualTypeOf<EcsError>();
    // @ts-expect-error the gateway body always has error_code
    const missing: GatewayError = { error_msg: 'x' };
    void missing;
  });
});

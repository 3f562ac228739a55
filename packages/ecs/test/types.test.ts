// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, it } from 'vitest';
import { createEcsClient } from '../src/index.js';

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

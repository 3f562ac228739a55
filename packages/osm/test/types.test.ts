// Type-level tests: these lines must fail to compile (checked by `tsc` in the typecheck task).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createOsmClient, type OsmError, type OsmItemResult, type OsmJob, type OsmJobStatus } from '../src/index.js';

const osm = createOsmClient({ baseUrl: 'http://127.0.0.1:9', fetch: async () => new Response('{}') });
const PATH = '/v2.0/servicerequest/diagnose/job';

describe('types', () => {
  it('rejects a numeric job_id, a path parameter, a wrong path and a wrong method at compile time', async () => {
    const call = async () => {
      // @ts-expect-error job_id is a string in the query (the body's integer job_id must be converted)
      await osm.GET(PATH, { params: { query: { job_id: 1 } } });
      // @ts-expect-error the service is global: there is no project_id (or any path parameter)
      await osm.GET(PATH, { params: { path: { project_id: 'p' }, query: { job_id: '1' } } });
      // @ts-expect-error no such path (the API is v2.0, not v2)
      await osm.GET('/v2/servicerequest/diagnose/job', { params: { query: { job_id: '1' } } });
      // @ts-expect-error the operation is GET only (starting a job is another API)
      await osm.POST(PATH, { params: { query: { job_id: '1' } } });
      // @ts-expect-error the token header is a string
      await osm.GET(PATH, { params: { query: { job_id: '1' }, header: { 'X-Auth-Token': 1 } } });
    };
    expect(call).toBeTypeOf('function');
    // @ts-expect-error cloud is 'huaweicloud' | 'otc'
    expect(() => createOsmClient({ region: 'ap-southeast-3', cloud: 'aws' })).toThrow(/unknown cloud "aws"; known clouds: huaweicloud, otc/);
  });

  it('types job_id and statuses as numbers, the error fields as nullable strings, the items as OsmItemResult', async () => {
    expectTypeOf<OsmJob['job_id']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<OsmJob['create_time']>().toEqualTypeOf<number | undefined>();
    // Issue 12 point 7: the alias names the documented values and stays open.
    expectTypeOf<OsmJobStatus>().toEqualTypeOf<0 | 2 | 3 | 4 | 7 | 8 | (number & {})>();
    expectTypeOf<OsmJob['error_code']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<OsmJob['items_result']>().toEqualTypeOf<OsmItemResult[] | undefined>();
    expectTypeOf<OsmItemResult['visible']>().toEqualTypeOf<0 | 1 | undefined>();
    expectTypeOf<OsmItemResult['check_name']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<OsmError['error_code']>().toEqualTypeOf<string | undefined>();
    const { data, error } = await osm.GET(PATH, { params: { query: { job_id: '1' } } });
    expectTypeOf(data).toEqualTypeOf<OsmJob | undefined>();
    // @ts-expect-error status is an integer, not a string like the other job APIs'
    const text: string | undefined = data?.status;
    // @ts-expect-error visible is 0 or 1
    const item: OsmItemResult = { visible: 2 };
    // @ts-expect-error error_code may be null
    const code: string | undefined = data?.error_code;
    expect([text, item, code, error?.error_msg]).toHaveLength(4);
  });
});

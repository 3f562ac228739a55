// The spec itself: every example (errors and business errors included) validates, and what the
// source rules out is rejected by the same JSON Schema validator.
import { describe, expect, it } from 'vitest';
import { createValidator, loadSpec, responseExamples } from '../../../test-utils/spec.js';

const spec = loadSpec('osm');
const operation = spec['paths']['/v2.0/servicerequest/diagnose/job']['get'];
const schemaOf = (status: string): Record<string, unknown> => operation.responses[status].content['application/json'].schema;
const job = schemaOf('200');
const error = schemaOf('500');
const param = (name: string): Record<string, any> => operation.parameters.find((p: { name: string }) => p.name === name);
const validate = createValidator();
const valid = (schema: Record<string, unknown>, value: unknown) => validate(schema, value).length === 0;

describe('response examples', () => {
  const examples = responseExamples(spec);

  it('documents every response code with a JSON schema and named examples', () => {
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404', '429', '500', '4XX', '5XX']);
    for (const status of Object.keys(operation.responses)) {
      expect(examples.filter((e) => e.status === status).length, status).toBeGreaterThan(0);
    }
  });

  it('has the source example verbatim, every documented status, and the HTTP-200 business errors', () => {
    const ok = examples.filter((e) => e.status === '200');
    expect(ok.find((e) => e.name === 'Preparing')?.value).toEqual({
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
    });
    const statuses = ok.map((e) => (e.value as { status?: number }).status).filter((s) => s !== undefined);
    expect(statuses).toEqual([0, 2, 3, 4, 7]);
    expect(ok.filter((e) => (e.value as { error_code?: string }).error_code?.startsWith('OSM.0101')).map((e) => e.name)).toEqual([
      'ParamValidationFailed',
      'NoPermission',
    ]);
  });

  it('every example, error examples included, validates against its schema', () => {
    expect(examples).toHaveLength(18);
    for (const ex of examples) expect(validate(ex.schema, ex.value), `${ex.status} ${ex.name}`).toEqual([]);
  });

  it('rejects an invalid example: the validator is not a no-op', () => {
    const broken = structuredClone(spec);
    const media = broken['paths']['/v2.0/servicerequest/diagnose/job']['get'].responses['200'].content['application/json'];
    media.examples.Preparing.value.status = 'preparing';
    media.examples.Preparing.value.items_result[0].visible = 2;
    const failures = responseExamples(broken).flatMap((ex) => validate(ex.schema, ex.value).map((m) => `${ex.name}: ${m}`));
    expect(failures.some((f) => f.startsWith('Preparing: /status'))).toBe(true);
    expect(failures.some((f) => f.startsWith('Preparing: /items_result/0/visible'))).toBe(true);
  });
});

describe('OsmJob schema', () => {
  it('keeps the status enum open: undocumented integers validate, other types do not', () => {
    for (const status of [0, 1, 2, 3, 4, 5, 6, 7, 8, 42]) expect(valid(job, { status }), String(status)).toBe(true);
    for (const status of ['3', 3.5, null, true]) expect(valid(job, { status }), JSON.stringify(status)).toBe(false);
  });

  it('documents each status and problem level value in the description', () => {
    const statusSchema = spec['components']['schemas']['OsmJobStatus'];
    expect(statusSchema.anyOf[0].enum).toEqual([0, 2, 3, 4, 7, 8]);
    for (const [value, meaning] of [[0, 'preparing'], [2, 'executing'], [3, 'completed'], [4, 'failed'], [7, 'not executed'], [8, 'unavailable']] as const) {
      expect(statusSchema.description).toMatch(new RegExp(`\\| \`${value}\` \\| ${meaning}`));
    }
    const level = spec['components']['schemas']['OsmProblemLevel'];
    expect(level.anyOf[0].enum).toEqual([0, 3, 4]);
    for (const [value, meaning] of [[0, 'not executed'], [3, 'normal'], [4, 'abnormal']] as const) {
      expect(level.description).toMatch(new RegExp(`\\| \`${value}\` \\| ${meaning}`));
    }
  });

  it('enforces the documented job_id, domain_id and error_code bounds', () => {
    expect(valid(job, { job_id: 1 })).toBe(true);
    expect(valid(job, { job_id: 2147483647 })).toBe(true);
    expect(valid(job, { job_id: 0 })).toBe(false);
    expect(valid(job, { job_id: 2147483648 })).toBe(false);
    expect(valid(job, { job_id: '1' })).toBe(false);
    expect(valid(job, { domain_id: 'd'.repeat(64) })).toBe(true);
    expect(valid(job, { domain_id: 'd'.repeat(65) })).toBe(false);
    expect(valid(job, { error_code: 'E'.repeat(32) })).toBe(true);
    expect(valid(job, { error_code: 'E'.repeat(33) })).toBe(false);
    expect(valid(job, { error_code: null, error_msg: null })).toBe(true);
  });

  it('accepts create_time in seconds or milliseconds (Long), but not negative or fractional', () => {
    expect(valid(job, { create_time: 1715817600 })).toBe(true);
    expect(valid(job, { create_time: 1715817600000 })).toBe(true);
    expect(valid(job, { create_time: -1 })).toBe(false);
    expect(valid(job, { create_time: 1.5 })).toBe(false);
    expect(valid(job, { create_time: '1715817600' })).toBe(false);
  });

  it('accepts the longer messages of the error-code appendix in error_msg', () => {
    expect(valid(job, { error_code: 'OSM.01010004', error_msg: 'You have asked for the order, please ask for it later.' })).toBe(true);
  });

  it('enforces the check item bounds and enums', () => {
    const item = (fields: Record<string, unknown>) => valid(job, { items_result: [fields] });
    expect(item({ status: 0, visible: 1, problem_level: 4 })).toBe(true);
    expect(item({ status: 100 })).toBe(true);
    expect(item({ status: 101 })).toBe(false);
    expect(item({ status: -1 })).toBe(false);
    expect(item({ visible: 0 })).toBe(true);
    expect(item({ visible: 2 })).toBe(false);
    expect(item({ problem_level: 5 })).toBe(true);
    expect(item({ problem_level: '4' })).toBe(false);
    for (const field of ['resource_id', 'resource_name', 'check_id', 'check_name']) {
      expect(item({ [field]: 'x'.repeat(64) }), field).toBe(true);
      expect(item({ [field]: 'x'.repeat(65) }), field).toBe(false);
    }
    expect(valid(job, { items_result: {} })).toBe(false);
  });
});

describe('OsmError schema', () => {
  it('accepts service and gateway codes and rejects others', () => {
    for (const code of ['OSM.0001', 'OSM.0004', 'OSM.01010001', 'APIG.0301', 'APIGW.0301']) {
      expect(valid(error, { error_code: code, error_msg: 'x' }), code).toBe(true);
    }
    for (const code of ['OSM.1', 'Common.0011', 'osm.0001', '111400063']) {
      expect(valid(error, { error_code: code, error_msg: 'x' }), code).toBe(false);
    }
    expect(valid(error, { error_code: 'OSM.0004', error_msg: 4 })).toBe(false);
  });
});

describe('parameters', () => {
  it('documents job_id as an optional query string of 0 to 65535 characters', () => {
    const jobId = param('job_id');
    expect(jobId).toMatchObject({ in: 'query', required: false, schema: { type: 'string', minLength: 0, maxLength: 65535 } });
    expect(valid(jobId['schema'], '')).toBe(true);
    expect(valid(jobId['schema'], 'x'.repeat(65535))).toBe(true);
    expect(valid(jobId['schema'], 'x'.repeat(65536))).toBe(false);
    expect(valid(jobId['schema'], 1)).toBe(false);
  });

  it('documents X-Auth-Token as a header of 1 to 5000 characters, and both security schemes', () => {
    const token = param('X-Auth-Token');
    expect(token).toMatchObject({ in: 'header', schema: { type: 'string', minLength: 1, maxLength: 5000 } });
    expect(valid(token['schema'], '')).toBe(false);
    expect(valid(token['schema'], 't'.repeat(5000))).toBe(true);
    expect(valid(token['schema'], 't'.repeat(5001))).toBe(false);
    expect(spec['security']).toEqual([{ XAuthToken: [] }, { AkSkSignature: [] }]);
    expect(spec['components']['securitySchemes']['XAuthToken']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
  });

  it('lists the global endpoints per site, with a region variable', () => {
    expect(spec['servers']).toHaveLength(1);
    expect(spec['servers'][0]).toMatchObject({
      url: 'https://osm.{region}.myhuaweicloud.com',
      'x-cloud': 'huaweicloud',
      variables: { region: { default: 'ap-southeast-3', enum: ['cn-south-1', 'ap-southeast-3'] } },
    });
  });
});

// The spec itself: every example (errors included) validates, and what the source rules out is
// rejected by the same JSON Schema validator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createValidator, loadSpec, repoRoot, responseExamples } from '../../../test-utils/spec.js';

const PATH = '/v2/{project_id}/cas/jobs/{job_id}';
const spec = loadSpec('servicestage');
const operation = spec['paths'][PATH]['get'];
const schemaOf = (status: string): Record<string, unknown> => operation.responses[status].content['application/json'].schema;
const detail = schemaOf('200');
const error = schemaOf('404');
const param = (name: string): Record<string, any> => operation.parameters.find((p: { name: string }) => p.name === name);
const validate = createValidator();
const valid = (schema: Record<string, unknown>, value: unknown) => validate(schema, value).length === 0;
const schemas = spec['components']['schemas'];

/** The source's example response, verbatim (seed 001). */
const SOURCE_EXAMPLE = JSON.parse(`{ "job": { "JOB_ID": "JOB474362ef-091d-429f-9b3e-c9246b37dee6", "JOB_NAME": "provision/provMain", "JOB_TYPE": "PROVISION", "SERVICE_INSTANCE_ID": "429a35a0-dee8-4648-86f6-d1f8bc74ba52", "PROJECT_ID": "063a3158b1a34710b36ad208b9497d00", "ORDER_ID": "", "JOB_DESC": "provision/provMain", "EXECUTION_STATUS": "FAILED", "CREATED_BY": "585cc5c16cda4954b28d4eb460f06261" }, "tasks": [ { "MESSAGES": "{}", "TASK_ID": "Task-bc64b46c-1688-4787-b7ff-87cb53b346ea", "TASK_TYPE": "echo", "TASK_INDEX": 1, "TASK_NAME": "SEPARATOR_PREPARE_RESOURCES", "TASK_STATUS": "SUCCEEDED", "LAST_HEALTH_CHECK": "2020-02-04T04:01:03.344Z", "CREATED_AT": "2020-02-04T04:01:03.344Z", "OWNER_ID": "cas-mgr-69bb87d7c-wpqwb:30114" }, { "MESSAGES": "{}", "TASK_ID": "Task-15ec252f-bca0-401e-ae5b-798a639df92e", "TASK_TYPE": "echo", "TASK_INDEX": 4, "TASK_NAME": "SEPARATOR_BUILDING", "TASK_STATUS": "SUCCEEDED", "LAST_HEALTH_CHECK": "2020-02-04T04:01:03.346Z", "CREATED_AT": "2020-02-04T04:01:03.345Z", "OWNER_ID": "cas-mgr-69bb87d7c-wpqwb:30114" }, { "MESSAGES": "{}", "TASK_ID": "Task-52a5d1ae-2c54-46ec-8134-53e7b6a45fb7", "TASK_TYPE": "restful", "TASK_INDEX": 6, "TASK_NAME": "TN00091", "TASK_STATUS": "SUCCEEDED", "LAST_HEALTH_CHECK": "2020-02-04T04:01:08.924Z", "CREATED_AT": "2020-02-04T04:01:03.346Z", "OWNER_ID": "cas-mgr-69bb87d7c-wpqwb:30114" }, { "MESSAGES": "{}", "TASK_ID": "Task-a149b585-d31b-4c72-a665-d820efcb0bf9", "TASK_TYPE": "restful", "TASK_INDEX": 7, "TASK_NAME": "TN00094", "TASK_STATUS": "SUCCEEDED", "LAST_HEALTH_CHECK": "2020-02-04T04:01:08.961Z", "CREATED_AT": "2020-02-04T04:01:08.925Z", "OWNER_ID": "cas-mgr-69bb87d7c-wpqwb:30114" }, { "MESSAGES": "{ \\"Message\\" : \\"ECC00011\\", \\"Detail\\" : \\"Building failed.\\" }", "TASK_ID": "Task-a72fe8d8-8cc1-42b5-a097-0cf9e29692a7", "TASK_TYPE": "restful", "TASK_INDEX": 9, "TASK_NAME": "TN00097", "TASK_STATUS": "FAILED", "LAST_HEALTH_CHECK": "2020-02-04T04:01:38.975Z", "CREATED_AT": "2020-02-04T04:01:08.962Z", "OWNER_ID": "cas-mgr-69bb87d7c-wpqwb:30114" } ], "task_count": 5 }`);

describe('response examples', () => {
  const examples = responseExamples(spec);

  it('documents every response code of the source (and the gateway 401 and 429) with a JSON schema and named examples', () => {
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '404', '429', '500', '4XX', '5XX']);
    for (const status of Object.keys(operation.responses)) {
      expect(operation.responses[status].content['application/json'].schema, status).toBeDefined();
      expect(examples.filter((e) => e.status === status).length, status).toBeGreaterThan(0);
    }
  });

  it('has the source example verbatim, first', () => {
    const ok = examples.filter((e) => e.status === '200');
    expect(ok[0]?.name).toBe('Failed');
    expect(ok[0]?.value).toEqual(SOURCE_EXAMPLE);
    expect(ok.map((e) => (e.value as { job: { EXECUTION_STATUS: string } }).job.EXECUTION_STATUS)).toEqual(['FAILED', 'RUNNING', 'SUCCEEDED', 'FAILED']);
  });

  it('has the source error code as an error example, and the job-related codes of the appendix', () => {
    const codes = examples.filter((e) => !e.status.startsWith('2')).map((e) => `${e.status} ${(e.value as { error_code: string }).error_code}`);
    expect(codes).toEqual(
      expect.arrayContaining(['400 SVCSTG.00100400', '400 SVCSTG.00100414', '404 SVCSTG.00100429', '404 SVCSTG.00100408', '404 APIG.0101', '401 APIG.0301', '429 APIG.0308']),
    );
  });

  it('every example, error examples included, validates against its schema', () => {
    expect(examples).toHaveLength(16);
    for (const ex of examples) expect(validate(ex.schema, ex.value), `${ex.status} ${ex.name}`).toEqual([]);
  });

  it('rejects invalid examples: the validator is not a no-op', () => {
    const broken = structuredClone(spec);
    const responses = broken['paths'][PATH]['get'].responses;
    const failed = responses['200'].content['application/json'].examples.Failed.value;
    failed.task_count = '5';
    failed.tasks[4].TASK_INDEX = '9';
    failed.tasks[4].MESSAGES = { Message: 'ECC00011', Detail: 'Building failed.' };
    failed.job.EXECUTION_STATUS = 3;
    responses['400'].content['application/json'].examples.InvalidParameter.value.error_code = 'SVCSTG.00100.400';
    responses['404'].content['application/json'].examples.JobNotFound.value.error_message = 404;
    const failures = responseExamples(broken).flatMap((ex) => validate(ex.schema, ex.value).map((m) => `${ex.status} ${ex.name}: ${m}`));
    for (const where of [
      '200 Failed: /task_count',
      '200 Failed: /tasks/4/TASK_INDEX',
      '200 Failed: /tasks/4/MESSAGES',
      '200 Failed: /job/EXECUTION_STATUS',
      '400 InvalidParameter: /error_code',
      '404 JobNotFound: /error_message',
    ]) {
      expect(failures.some((f) => f.startsWith(where)), where).toBe(true);
    }
  });
});

describe('status enums', () => {
  const rows = (schema: { description: string }) => [...schema.description.matchAll(/^\| `([A-Za-z_]+)` \| (.+) \|$/gm)].map((m) => m[1]);

  it('lists the ten documented EXECUTION_STATUS values, each described, and keeps the set open', () => {
    const status = schemas['ServiceStageExecutionStatus'];
    const values = ['SUBMITTED', 'SCHEDULED', 'RUNNING', 'FAILED', 'SUCCEEDED', 'CANCELLED', 'PARTIALLY_FAILED', 'ROLLBACKING', 'ROLLBACKED', 'UNKNOWN'];
    expect(status.anyOf[0].enum).toEqual(values);
    expect(rows(status)).toEqual(values);
    expect(valid(status, 'PAUSED')).toBe(true);
    expect(valid(status, 1)).toBe(false);
    expect(valid(status, null)).toBe(false);
  });

  it('lists the TASK_STATUS values, SKIPPED included, each described', () => {
    const status = schemas['ServiceStageTaskStatus'];
    expect(status.anyOf[0].enum).toEqual(['SUBMITTED', 'SCHEDULED', 'RUNNING', 'FAILED', 'SUCCEEDED', 'CANCELLED', 'PARTIALLY_FAILED', 'SKIPPED', 'ROLLBACKING', 'ROLLBACKED', 'UNKNOWN']);
    expect(rows(status)).toEqual(status.anyOf[0].enum);
  });

  it('lists the JOB_TYPE values and the observed TASK_TYPE values, each described', () => {
    expect(schemas['ServiceStageJobType'].anyOf[0].enum).toEqual(['PROVISION', 'DEPROVISION', 'DAILY_OPERATION', 'SYSTEM_INNER', 'UNKNOWN']);
    expect(rows(schemas['ServiceStageJobType'])).toEqual(schemas['ServiceStageJobType'].anyOf[0].enum);
    expect(schemas['ServiceStageTaskType'].anyOf[0].enum).toEqual(['echo', 'restful']);
    expect(rows(schemas['ServiceStageTaskType'])).toEqual(['echo', 'restful']);
    expect(valid(schemas['ServiceStageTaskType'], 'shell')).toBe(true);
  });
});

describe('ServiceStageShowJobDetailResponse schema', () => {
  it('types MESSAGES as a string containing JSON, not an object', () => {
    const messages = schemas['ServiceStageTaskMessages'];
    expect(messages).toMatchObject({ type: 'string', contentMediaType: 'application/json' });
    expect(messages.description).toMatch(/string containing a JSON document/);
    expect(JSON.parse(messages.example)).toEqual({ Message: 'ECC00011', Detail: 'Building failed.' });
    const task = (fields: Record<string, unknown>) => valid(detail, { tasks: [fields] });
    expect(task({ MESSAGES: '{}' })).toBe(true);
    expect(task({ MESSAGES: 'not json, kept as text' })).toBe(true);
    expect(task({ MESSAGES: {} })).toBe(false);
  });

  it('uses UPPERCASE keys inside job and tasks, lowercase at the top', () => {
    expect(Object.keys(detail['properties'] as object)).toEqual(['task_count', 'job', 'tasks']);
    for (const name of ['ServiceStageJob', 'ServiceStageTask']) {
      for (const key of Object.keys(schemas[name].properties)) expect(key, `${name}.${key}`).toMatch(/^[A-Z_]+$/);
    }
  });

  it('enforces the field types and keeps ORDER_ID an empty string when there is no order', () => {
    expect(valid(detail, { job: { ORDER_ID: '' }, tasks: [], task_count: 0 })).toBe(true);
    expect(valid(detail, { task_count: -1 })).toBe(false);
    expect(valid(detail, { task_count: 1.5 })).toBe(false);
    expect(valid(detail, { tasks: {} })).toBe(false);
    expect(valid(detail, { job: { JOB_ID: 1 } })).toBe(false);
    expect(valid(detail, { tasks: [{ TASK_INDEX: 9 }] })).toBe(true);
    expect(valid(detail, { tasks: [{ CREATED_AT: 1580788863344 }] })).toBe(false);
  });
});

describe('ServiceStageError schema', () => {
  it('accepts the SVCSTG codes as the service sends them, and gateway codes', () => {
    for (const code of ['SVCSTG.00100400', 'SVCSTG.00100429', 'APIG.0101', 'APIGW.0301']) {
      expect(valid(error, { error_code: code, error_message: 'x' }), code).toBe(true);
    }
    // The source's stated format SVCSTG.00100.[Error_ID] contradicts its own example; the service sends no second dot.
    for (const code of ['SVCSTG.00100.400', 'SVCSTG.REPO.0400', 'Common.0011', '111400063']) {
      expect(valid(error, { error_code: code, error_message: 'x' }), code).toBe(false);
    }
    expect(valid(error, { error_code: 'SVCSTG.00100429', error_msg: 'job not found' })).toBe(true);
    expect(valid(error, { error_code: 'SVCSTG.00100429', error_message: 404 })).toBe(false);
  });

  it('is the schema of every ServiceStage error response, and the shared gateway responses are $refs', () => {
    const raw = parse(readFileSync(join(repoRoot, 'specs/servicestage/openapi.yaml'), 'utf8'));
    const responses = raw.paths[PATH].get.responses;
    for (const status of ['400', '404', '500']) {
      expect(responses[status].content['application/json'].schema).toEqual({
        anyOf: [{ $ref: '#/components/schemas/ServiceStageError' }, { $ref: '../_shared/schemas/GatewayError.yaml' }],
      });
    }
    expect(responses['401']).toEqual({ $ref: '../_shared/responses/GatewayUnauthorized.yaml' });
    expect(responses['429']).toEqual({ $ref: '../_shared/responses/GatewayTooManyRequests.yaml' });
    expect(responses['4XX']).toEqual({ $ref: '../_shared/responses/Gateway4XX.yaml' });
    expect(responses['5XX']).toEqual({ $ref: '../_shared/responses/Gateway5XX.yaml' });
    // Issue 14 point 6: the service's error body names its own fields only.
    expect(Object.keys(raw.components.schemas.ServiceStageError.properties)).toEqual(['error_code', 'error_message', 'error_msg']);
    expect(raw.components.securitySchemes).toEqual({
      XAuthToken: { $ref: '../_shared/security-schemes/XAuthToken.yaml' },
      AkSkSignature: { $ref: '../_shared/security-schemes/AkSkSignature.yaml' },
    });
    expect(raw.paths[PATH].get.parameters[0]).toEqual({ $ref: '../_shared/parameters/ProjectId.yaml' });
  });
});

describe('parameters', () => {
  it('documents the path parameters as required non-empty strings', () => {
    expect(param('project_id')).toMatchObject({ in: 'path', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } });
    const jobId = param('job_id');
    expect(jobId).toMatchObject({ in: 'path', required: true, schema: { type: 'string', minLength: 1 } });
    expect(valid(jobId['schema'], 'JOB474362ef-091d-429f-9b3e-c9246b37dee6')).toBe(true);
    expect(valid(jobId['schema'], '')).toBe(false);
  });

  it('documents the optional paging query, with desc as the string "true" or "false"', () => {
    expect(param('instance_id')).toMatchObject({ in: 'query', required: false, schema: { type: 'string' } });
    for (const name of ['limit', 'offset']) {
      const p = param(name);
      expect(p, name).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 0 } });
      expect(valid(p['schema'], 20)).toBe(true);
      expect(valid(p['schema'], -1)).toBe(false);
      expect(valid(p['schema'], 'x')).toBe(false);
    }
    const desc = param('desc');
    expect(desc).toMatchObject({ in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } });
    expect(valid(desc['schema'], 'true')).toBe(true);
    expect(valid(desc['schema'], true)).toBe(false);
    expect(valid(desc['schema'], 'yes')).toBe(false);
  });

  it('documents X-Auth-Token as an optional header, and both security schemes', () => {
    expect(param('X-Auth-Token')).toMatchObject({ in: 'header', required: false, schema: { type: 'string', minLength: 1 } });
    expect(spec['security']).toEqual([{ XAuthToken: [] }, { AkSkSignature: [] }]);
    expect(spec['components']['securitySchemes']['XAuthToken']).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Auth-Token' });
    expect(spec['components']['securitySchemes']['AkSkSignature']).toMatchObject({ type: 'apiKey', in: 'header', name: 'Authorization' });
  });

  it('describes every parameter and has a summary, a description and a polling note', () => {
    for (const p of operation.parameters) expect(String(p.description ?? '').length, p.name).toBeGreaterThan(20);
    expect(operation.operationId).toBe('ShowJobDetail');
    expect(operation.summary).toEqual(expect.any(String));
    expect(operation.description).toMatch(/How to poll this job/);
  });

  it('lists the Huawei Cloud endpoints with a region variable, and no OTC one', () => {
    expect(spec['servers'].map((s: { url: string }) => s.url)).toEqual([
      'https://servicestage.{region}.myhuaweicloud.com',
    ]);
    expect(spec['servers'].every((s: Record<string, unknown>) => s['x-cloud'] === 'huaweicloud')).toBe(true);
    expect(spec['servers'][0].variables.region).toMatchObject({ default: 'ap-southeast-1' });
    expect(spec['servers'][0].variables.region.enum).toHaveLength(23);
    expect(spec['servers'][0].variables.region.enum).toContain('ae-ad-1');
  });
});

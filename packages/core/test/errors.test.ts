// One hierarchy: every class is a CloudJobsError, every configuration error a ConfigError naming
// its field, and `instanceof` is plain class identity (no Symbol.hasInstance look-alikes).
import { describe, expect, it } from 'vitest';
import * as core from '../src/index.js';
import {
  ApiError,
  AuthConfigError,
  ClientConfigError,
  CloudJobsError,
  ConfigError,
  IamAuthError,
  InvalidPathParameterError,
  JobFailedError,
  JobNotFoundError,
  JobsConfigError,
  RedirectRefusedError,
  RequestTimeoutError,
  ResponseTooLargeError,
  UnexpectedResponseError,
  UnexpectedStatusError,
  WaitStateError,
  WaitTimeoutError,
  registerSecret,
  type Job,
  type WaitStats,
} from '../src/index.js';

const STATS: WaitStats = { attempts: 1, elapsedMs: 5, errorsRetried: 0, statusesSeen: ['RUNNING'] };
const JOB: Job = { service: 'svc', id: 'j', state: 'failed', done: true, status: 'FAIL', subtasks: [], raw: {} };

/** One instance of every error class, with the name it must carry. */
const EXAMPLES: readonly [name: string, error: Error][] = [
  ['CloudJobsError', new CloudJobsError('x')],
  ['ConfigError', new ConfigError('options.x', 'x')],
  ['ClientConfigError', new ClientConfigError('region', 'x')],
  ['JobsConfigError', new JobsConfigError('ref.jobId', 'x')],
  ['AuthConfigError', new AuthConfigError('x', { method: 'aksk', missing: ['secretKey'] })],
  ['InvalidPathParameterError', new InvalidPathParameterError('job_id', 'x')],
  ['RedirectRefusedError', new RedirectRefusedError(302, 'https://elsewhere.example', 'https://svc.example', 'x')],
  ['ResponseTooLargeError', new ResponseTooLargeError(10)],
  ['RequestTimeoutError', new RequestTimeoutError(10)],
  ['ApiError', new ApiError({ service: 'svc', status: 500, message: 'x' })],
  ['JobNotFoundError', new JobNotFoundError({ service: 'svc', status: 404, message: 'x' })],
  ['UnexpectedResponseError', new UnexpectedResponseError('svc', 'data: expected an object', 1)],
  ['JobFailedError', new JobFailedError(JOB)],
  ['IamAuthError', new IamAuthError(401, 'x')],
  ['WaitTimeoutError', new WaitTimeoutError({ service: 'svc', jobId: 'j', timeoutMs: 1, lastJob: undefined, stats: STATS })],
  ['UnexpectedStatusError', new UnexpectedStatusError(JOB, 3, STATS)],
  ['WaitStateError', new WaitStateError('x')],
];

describe('the error hierarchy', () => {
  it.each(EXAMPLES)('%s is a CloudJobsError and an Error, named after its class', (name, error) => {
    expect(error).toBeInstanceOf(CloudJobsError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.constructor.name).toBe(name);
  });

  it('every error class the package exports is in the list above', () => {
    const classes = Object.entries(core).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);
    expect(classes.map(([name]) => name).sort()).toEqual(EXAMPLES.map(([name]) => name).sort());
  });

  it.each([
    [new ClientConfigError('baseUrl', 'x'), 'baseUrl'],
    [new JobsConfigError('options.maxDelayMs', 'x'), 'options.maxDelayMs'],
    [new AuthConfigError('x', { missing: ['HUAWEICLOUD_SDK_SK', 'HUAWEICLOUD_SDK_AK'] }), 'HUAWEICLOUD_SDK_SK'],
    [new AuthConfigError('x', { field: 'authUrl', missing: [] }), 'authUrl'],
    [new AuthConfigError('x'), 'auth'],
    [new InvalidPathParameterError('job_id', 'x'), 'job_id'],
  ] as const)('%s is a ConfigError naming its field', (error, field) => {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.field).toBe(field);
  });

  it('keeps the old names of the field: ClientConfigError.option, InvalidPathParameterError.parameter', () => {
    expect(new ClientConfigError('region', 'x').option).toBe('region');
    expect(new InvalidPathParameterError('job_id', 'x').parameter).toBe('job_id');
  });

  it('transport and service errors are not configuration errors', () => {
    for (const [, error] of EXAMPLES.filter(([name]) => !/Config|InvalidPath/.test(name))) expect(error).not.toBeInstanceOf(ConfigError);
  });

  it('instanceof is class identity: no class defines Symbol.hasInstance, a look-alike is not an instance', () => {
    for (const [, error] of EXAMPLES) expect(Object.hasOwn(error.constructor, Symbol.hasInstance)).toBe(false);
    const lookAlike = Object.assign(new Error('x'), { name: 'ClientConfigError', option: 'region', field: 'region' });
    expect(lookAlike).not.toBeInstanceOf(ClientConfigError);
    expect(lookAlike).not.toBeInstanceOf(CloudJobsError);
  });

  it('a client configuration error is scrubbed of registered secrets like every CloudJobsError', () => {
    registerSecret('core-hierarchy-secret-1');
    const error = new ClientConfigError('headers.X-Custom', 'headers.X-Custom: core-hierarchy-secret-1 is wrong');
    expect(error.message).not.toContain('core-hierarchy-secret-1');
    expect(error.message).toContain('[REDACTED]');
  });

  it('ApiError carries the kind its service codes gave it', () => {
    expect(new ApiError({ service: 'svc', status: 400, code: 'Svc.0404', message: 'x', kind: 'not-found' }).kind).toBe('not-found');
    expect(new ApiError({ service: 'svc', status: 500, message: 'x' }).kind).toBeUndefined();
  });
});

// Every error class becomes an exit code and one line, in the words of the command line.
import {
  ApiError,
  AuthConfigError,
  ClientConfigError,
  InvalidPathParameterError,
  JobFailedError,
  JobNotFoundError,
  JobsConfigError,
  RequestTimeoutError,
  UnexpectedResponseError,
  WaitTimeoutError,
  type WaitStats,
} from '@cloud-jobs/jobs';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/args.js';
import { describeFailure, EXIT } from '../src/exitCodes.js';
import { redact, secretsOf } from '../src/redact.js';
import { ecsJob, subtask } from './fixtures.js';

const stats = { attempts: 3, retries: 0, elapsedMs: 5000 } as unknown as WaitStats;


describe('describeFailure', () => {
  it('a usage error is 2', () => {
    expect(describeFailure(new UsageError('wait: missing <job-id>'))).toEqual({ exitCode: 2, message: 'wait: missing <job-id>' });
  });
  it('a failed or canceled job is 1, with the reason and the job', () => {
    const job = ecsJob('failed', 1, 1, { subtasks: [subtask('failed', { id: 's1', error: { code: 'Ecs.0013', message: 'no quota' } })] });
    expect(describeFailure(new JobFailedError(job))).toEqual({ exitCode: 1, message: 'ecs job ff8080881e2a4c0f9b4a failed: sub-job 1/1 (s1) failed: Ecs.0013 no quota', job });
    expect(describeFailure(new JobFailedError(ecsJob('canceled', 0, 0))).message).toBe('ecs job ff8080881e2a4c0f9b4a canceled');
  });
  it('a timeout is 3, with the last state and the last error', () => {
    const lastJob = ecsJob('running', 1, 3);
    const cause = new ApiError({ service: 'ecs', status: 503, code: 'Common.1503', message: 'busy' });
    expect(describeFailure(new WaitTimeoutError({ service: 'ecs', jobId: 'j1', timeoutMs: 90_000, lastJob, stats, cause }))).toEqual({
      exitCode: 3,
      message: 'ecs job j1 did not finish within 1m30s; last state running (RUNNING); last error: ecs: HTTP 503 Common.1503: busy',
      job: lastJob,
    });
    expect(describeFailure(new WaitTimeoutError({ service: 'dcs', jobId: 'j2', timeoutMs: 1000, lastJob: undefined, stats })).message).toBe(
      'dcs job j2 did not finish within 1.0s; the job was never seen',
    );
  });
  it('API, auth and response errors are 4 with their own message', () => {
    const cases = [
      new ApiError({ service: 'ecs', status: 401, code: 'APIG.0301', message: 'Incorrect IAM authentication information' }),
      new JobNotFoundError({ service: 'dcs', status: 404, code: '111404001', message: 'gone' }),
      new UnexpectedResponseError('cfw', 'data: expected an object, got string', 'x'),
      new AuthConfigError('OS_AUTH_TOKEN is missing'),
    ];
    for (const error of cases) expect(describeFailure(error)).toEqual({ exitCode: EXIT.error, message: error.message });
  });
  it('configuration errors are 4, in terms of flags and variables', () => {
    expect(describeFailure(new JobsConfigError('projectId', 'ecs: a project ID is needed: pass ref.projectId, or projectId to createJobs'), 'ecs')).toEqual({
      exitCode: 4,
      message: 'ecs: a project ID is needed: pass --project-id, or set HUAWEICLOUD_SDK_PROJECT_ID (or OS_PROJECT_ID)',
    });
    expect(describeFailure(new ClientConfigError('region', 'cfw client needs baseUrl, or region (and cloud)'), 'cfw').message).toBe(
      'cfw: no endpoint: pass --region (or set OS_REGION_NAME), or --endpoint URL',
    );
    expect(describeFailure(new ClientConfigError('region', 'unknown otc region "x" for cfw; known regions: eu-de (or pass baseUrl)')).message).toBe(
      'unknown otc region "x" for cfw; known regions: eu-de (or pass --endpoint)',
    );
    const wrapped = new ApiError({ service: 'ecs', status: 0, message: 'network error', cause: new ClientConfigError('baseUrl', 'baseUrl must use https') });
    expect(describeFailure(wrapped)).toEqual({ exitCode: 4, message: '--endpoint must use https' });
  });
  it('an invalid job ID in the path is a usage error', () => {
    const error = new InvalidPathParameterError('job_id', 'path parameter job_id must not be empty, "." or ".."');
    expect(describeFailure(error)).toEqual({ exitCode: 2, message: '<job-id> must not be empty, "." or ".."' });
  });
  it('maps by class, not by name: a look-alike error is just an error', () => {
    const lookAlike = Object.assign(new Error('path parameter job_id must not be empty'), { name: 'InvalidPathParameterError', parameter: 'job_id' });
    // Not a usage error (2), and a plain Error's message is shown as it is.
    expect(describeFailure(lookAlike)).toEqual({ exitCode: 4, message: 'path parameter job_id must not be empty' });
    // Not reworded into flags (`--endpoint`) as a real ClientConfigError is.
    const config = Object.assign(new Error('baseUrl must use https'), { name: 'ClientConfigError', option: 'baseUrl', field: 'baseUrl' });
    expect(describeFailure(config)).toEqual({ exitCode: 4, message: 'baseUrl must use https' });
    expect(describeFailure(new ClientConfigError('baseUrl', 'baseUrl must use https')).message).toBe('--endpoint must use https');
  });
  it('anything else is 4, one line, no stack, clipped', () => {
    const error = new RangeError(`line one\n    at somewhere (file.js:1:1)\n${'x'.repeat(1000)}`);
    const { exitCode, message } = describeFailure(error);
    expect(exitCode).toBe(4);
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThanOrEqual(400);
    expect(message.startsWith('RangeError: line one')).toBe(true);
    expect(describeFailure('a string')).toEqual({ exitCode: 4, message: 'unexpected error: a string' });
  });
});

describe('describeFailure: what a server controls', () => {
  it('a stack overflow is 4 and says the response is nested too deeply', () => {
    const overflow = (() => {
      try {
        const dive = (n: number): number => dive(n + 1) + 1;
        return dive(0);
      } catch (error) {
        return error;
      }
    })();
    expect(overflow).toBeInstanceOf(RangeError);
    expect(describeFailure(overflow, 'ecs')).toEqual({ exitCode: 4, message: 'ecs: the response is nested too deeply to process (Maximum call stack size exceeded)' });
  });
  it('a request timeout is 4 and names the budget and the flag', () => {
    expect(describeFailure(new RequestTimeoutError(1500), 'dcs')).toEqual({
      exitCode: 4,
      message: 'dcs: the request timed out: no complete answer within 1.5s (see --timeout)',
    });
  });
  it('control characters in IDs, statuses and messages are escaped, a newline too', () => {
    const job = ecsJob('failed', 0, 0, { id: 'j1\n  state     succeeded', error: { code: 'E\u001b[2J', message: 'boom\u001b]52;c;aGk=\u0007\u202e' } });
    expect(describeFailure(new JobFailedError(job)).message).toBe('ecs job j1\\n state succeeded failed: E\\x1b[2J boom\\x1b]52;c;aGk=\\x07\\u202e');
    const timeout = new WaitTimeoutError({ service: 'ecs', jobId: 'j\u009b1', timeoutMs: 1000, lastJob: ecsJob('running', 0, 0, { status: 'RUN\rNING' }), stats });
    expect(describeFailure(timeout).message).toBe('ecs job j\\x9b1 did not finish within 1.0s; last state running (RUN\\rNING)');
    const api = new ApiError({ service: 'ecs', status: 400, code: 'X', message: 'bad \u001b[31mred\u001b[0m' });
    expect(describeFailure(api).message).toBe('ecs: HTTP 400 X: bad \\x1b[31mred\\x1b[0m');
  });
});

describe('redaction', () => {
  it('finds secrets by variable name and blanks them out', () => {
    const env = { OS_AUTH_TOKEN: 'tok-123456789', OS_PASSWORD: 'hunter2-long', MY_API_TOKEN: 'other-secret', HUAWEICLOUD_SDK_SK: 'sk-abcdef', HUAWEICLOUD_SDK_AK: 'AKID', HOME: '/root', SHORT_TOKEN: 'abc' };
    const secrets = secretsOf(env);
    expect(secrets.sort()).toEqual(['hunter2-long', 'other-secret', 'sk-abcdef', 'tok-123456789'].sort());
    expect(redact('got tok-123456789 and sk-abcdef twice: tok-123456789', secrets)).toBe('got [REDACTED] and [REDACTED] twice: [REDACTED]');
  });
});

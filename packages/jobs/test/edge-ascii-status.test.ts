// Status values are protocol tokens: only ASCII letters fold. Unicode case mappings would let a
// look-alike ('ſ' U+017F upper-cases to 'S', 'K' U+212A lower-cases to 'k') read as a final status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../../test-utils/loopbackServer.js';
import { UnexpectedStatusError, createJobs } from '../src/index.js';
import { asciiLower, asciiTrim, asciiUpper } from '../src/normalize/asciiCase.js';
import { stateFromStatus } from '../src/normalize/stateFromStatus.js';
import { CFW_STATUS_STATES } from '../src/services/cfw/index.js';
import { ECS_STATUS_STATES } from '../src/services/ecs/index.js';

describe('ASCII-only case folding', () => {
  it('folds A-Z/a-z and nothing else', () => {
    expect(asciiUpper('ſuccess')).toBe('ſUCCESS');
    expect(asciiLower('\u212Aey')).toBe('\u212Aey');
    expect(asciiUpper('ǆ ß ﬃ')).toBe('ǆ ß ﬃ');
    expect(asciiTrim('\u00a0SUCCESS\u3000')).toBe('\u00a0SUCCESS\u3000');
    expect(asciiTrim(' \tSUCCESS\r\n')).toBe('SUCCESS');
  });

  it('keeps the forgiving match for ASCII, refuses look-alikes', () => {
    expect(stateFromStatus(ECS_STATUS_STATES, ' success ')).toBe('succeeded');
    expect(stateFromStatus(CFW_STATUS_STATES, 'SUCCESS')).toBe('succeeded');
    for (const lookAlike of ['ſuccess', 'SUCCEſS', 'ſUCCESS', '\u00a0SUCCESS', 'SUCCESS\u3000', 'ＳＵＣＣＥＳＳ', 'ﬁnish']) {
      expect(stateFromStatus(ECS_STATUS_STATES, lookAlike)).toBe('unknown');
      expect(stateFromStatus(CFW_STATUS_STATES, lookAlike)).toBe('unknown');
    }
  });
});

describe('a look-alike status over HTTP', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopbackServer((req, res) => {
      if (decodeURIComponent(req.url).includes('/v1/p1/jobs/ecs-ſ')) sendJson(res, 200, { job_id: 'ecs-ſ', job_type: 'createServer', status: 'ſuccess', begin_time: '2026-12-01T10:00:00.000Z', end_time: '' });
      else sendJson(res, 200, { data: { id: 'cfw-ſ', status: 'ſuccess', begin_time: '2026-12-01 10:00:00', end_time: '' } });
    });
  });
  afterAll(() => server.close());

  it('get reads it as unknown, not succeeded', async () => {
    const jobs = createJobs({ baseUrl: server.url, token: 'ascii-test-token', projectId: 'p1' });
    const ecs = await jobs.get('ecs', { jobId: 'ecs-ſ' });
    expect(ecs.state).toBe('unknown');
    expect(ecs.done).toBe(false);
    expect(ecs.status).toBe('ſuccess');
    expect((await jobs.get('cfw', { jobId: 'cfw-ſ' })).state).toBe('unknown');
  });

  it('wait never settles on it as a success', async () => {
    const jobs = createJobs({ baseUrl: server.url, token: 'ascii-test-token', projectId: 'p1' });
    const clock = {};
    await expect(jobs.wait('ecs', { jobId: 'ecs-ſ' }, { maxUnknownPolls: 3, minDelayMs: 1, maxDelayMs: 2, clock })).rejects.toBeInstanceOf(UnexpectedStatusError);
  });
});

describe('error codes fold as ASCII too', () => {
  it('a throttle code with a Unicode look-alike is not a throttle', async () => {
    const { classifyStatus } = await import('../src/wait/classifyError.js');
    expect(classifyStatus(400, ' apig.0308 ')).toBe('throttled');
    expect(classifyStatus(400, 'APIG.0308\u00a0')).toBe('fatal');
    const { errorKindOf } = await import('../src/normalize/errorKind.js');
    const { ECS_ERROR_CODES } = await import('../src/services/ecs/index.js');
    expect(classifyStatus(400, 'common.0024', errorKindOf(ECS_ERROR_CODES, 'common.0024'))).toBe('throttled');
    expect(errorKindOf(ECS_ERROR_CODES, 'common.0024\u00a0')).toBeUndefined();
  });
});

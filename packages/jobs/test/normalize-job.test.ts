// normalizeJob: dispatch to each service, payloads that are not objects, and the specs' examples.
// Every registered service is covered: its named normalizer is read from its entry module, its
// payloads are its spec's 2xx examples (plus the hand-made samples of the services below).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSpec, repoRoot, responseExamples } from '../../../test-utils/spec.js';
import { ApiError, UnexpectedResponseError } from '../src/errors.js';
import { isTerminalState, SERVICE_NAMES, type ServiceName } from '../src/model.js';
import { errorFromBody, normalizeJob } from '../src/normalize/index.js';
import { normalizeDcsJob } from '../src/services/dcs/index.js';
import { normalizeEcsJob } from '../src/services/ecs/index.js';
import { namedNormalizer, okExamples } from './serviceData.js';

/** Hand-made payloads and their [id, state], where written; every service also gets its spec's 2xx examples. */
const SAMPLES: Partial<Record<ServiceName, unknown>> = {
  ecs: { status: 'RUNNING', job_id: 'e' },
  dcs: { status: 'INIT', job_id: 'd' },
  cfw: { data: { status: 'Running', id: 'c' } },
  servicestage: { job: { EXECUTION_STATUS: 'RUNNING', JOB_ID: 's' } },
  osm: { status: 2, job_id: 7 },
};

const EXPECTED: Partial<Record<ServiceName, [string, string]>> = {
  ecs: ['e', 'running'],
  dcs: ['d', 'pending'],
  cfw: ['c', 'running'],
  servicestage: ['s', 'running'],
  osm: ['7', 'running'],
};

/** The payloads a service's dispatch is checked with: its sample, if any, and its spec's 2xx examples that are jobs. */
function dispatchPayloads(service: ServiceName): unknown[] {
  const fromSpec = okExamples(service)
    .map((ex) => ex.value)
    .filter((value) => {
      try {
        namedNormalizer(service)(value);
        return true;
      } catch (error) {
        if (error instanceof ApiError) return false; // a business error in a 2xx body: not a job
        throw error;
      }
    });
  return service in SAMPLES ? [SAMPLES[service], ...fromSpec] : fromSpec;
}

describe('normalizeJob', () => {
  it.each(SERVICE_NAMES)('dispatches %s to its named normalizer', (service) => {
    const payloads = dispatchPayloads(service);
    expect(payloads.length, `${service}: a sample here or a 2xx job example in its spec`).toBeGreaterThan(0);
    for (const payload of payloads) {
      const job = normalizeJob(service, payload, { jobId: 'ctx' });
      expect(job).toStrictEqual(namedNormalizer(service)(payload, { jobId: 'ctx' }));
      expect(job.service).toBe(service);
    }
    if (service in SAMPLES) {
      const job = normalizeJob(service, SAMPLES[service], { jobId: 'ctx' });
      expect([job.id, job.state]).toStrictEqual(EXPECTED[service]);
    }
  });

  it('has an expected [id, state] for every hand-made sample, and a sample only for registered services', () => {
    expect(Object.keys(EXPECTED).sort()).toStrictEqual(Object.keys(SAMPLES).sort());
    for (const service of Object.keys(SAMPLES)) expect(SERVICE_NAMES).toContain(service);
  });

  it.each(
    SERVICE_NAMES.flatMap((service) =>
      [
        [null, 'null'],
        [[], 'array'],
        [[{ status: 'SUCCESS' }], 'array'],
        ['{"status":"SUCCESS"}', 'string'],
        [42, 'number'],
        [true, 'boolean'],
        [undefined, 'undefined'],
      ].map(([payload, type]) => [service, payload, type] as const),
    ),
  )('%s: a payload that is %j throws UnexpectedResponseError', (service, payload, type) => {
    let error: unknown;
    try {
      normalizeJob(service, payload);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ service, reason: `body: expected a JSON object, got ${type}`, payload });
    expect(String((error as Error).message)).toContain(`${service}: unexpected response`);
  });

  it('rejects a service that is not one (a programming error)', () => {
    expect(() => normalizeJob('nope' as ServiceName, {})).toThrow(RangeError);
  });

  it('accepts SDK-style class instances and objects without a prototype', () => {
    class ShowJobResponse {
      status = 'SUCCESS';
      job_id = 'sdk';
      httpStatusCode = 200;
    }
    expect(normalizeEcsJob(new ShowJobResponse())).toMatchObject({ id: 'sdk', state: 'succeeded' });
    const bare = Object.assign(Object.create(null) as object, { status: 'FAIL', job_id: 'bare' });
    expect(normalizeDcsJob(bare)).toMatchObject({ id: 'bare', state: 'failed' });
  });
});

describe.each(SERVICE_NAMES)('the %s spec examples', (service) => {
  const examples = (() => {
    try {
      return responseExamples(loadSpec(service));
    } catch {
      return undefined;
    }
  })();

  it('exist: every registered service has a spec that loads', () => {
    expect(existsSync(join(repoRoot, 'specs', service, 'openapi.yaml')), `specs/${service}/openapi.yaml`).toBe(true);
    expect(examples, `specs/${service}/openapi.yaml loads`).toBeDefined();
  });

  it('normalize: every 2xx example is a Job (or, for a business error, an ApiError)', () => {
    const ok = (examples ?? []).filter((ex) => ex.status.startsWith('2'));
    expect(ok.length).toBeGreaterThan(0);
    for (const example of ok) {
      let job;
      try {
        job = normalizeJob(service, example.value, { jobId: 'from-context' });
      } catch (error) {
        expect(error, `${example.status} ${example.name}`).toBeInstanceOf(ApiError);
        continue;
      }
      expect(job.raw).toBe(example.value);
      expect(job.done).toBe(isTerminalState(job.state));
      expect(job.state, `${example.name} has a known status`).not.toBe('unknown');
    }
  });

  it('give their error code through errorFromBody: every error example', () => {
    for (const example of (examples ?? []).filter((ex) => !ex.status.startsWith('2'))) {
      const value = example.value as Record<string, unknown> | undefined;
      const nested = value?.['error'] as Record<string, unknown> | undefined;
      const code = value?.['error_code'] ?? value?.['code'] ?? nested?.['code'];
      const error = errorFromBody(service, Number(example.status), example.value);
      expect(error, `${example.status} ${example.name}`).toBeInstanceOf(ApiError);
      if (typeof code === 'string') expect(error.code, `${example.status} ${example.name}`).toBe(code);
    }
  });
});

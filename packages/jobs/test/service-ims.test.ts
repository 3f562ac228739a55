// IMS in @cloud-jobs/jobs: the page's fourteen examples (one per job type) normalized, and get +
// wait end to end over real HTTP against the simulator (packages/simulator/src/services/ims.ts):
// success, failure, 404-until-visible, a 500, a 429 with Retry-After, a dropped connection, and the
// not-found answer (400 Common.0011). Time is virtual: the simulator's clock, moved by the waiter.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { findService, type JobRef, type ProjectJobRef } from '../src/index.js';
import { ims, normalizeImsJob, IMS_RESULT_STATUS_STATES, IMS_STATUS_STATES, IMS_STATUS_TABLE } from '../src/services/ims/index.js';
import { describeServiceScenarios } from './serviceScenarios.js';

/** The page's examples, by job family: the entities each one carries. */
const IMAGE_EXAMPLES = ['CreateImageByInstance', 'ImportImage', 'VolumeCreateImage', 'ImportDataImage', 'CreateWholeImageByInstance', 'CreateWholeImageByBackup', 'NativeImportImage', 'NativeExportImage', 'CopyImageInRegion'];
const SUB_JOB_EXAMPLES = ['ImportOvaImage', 'VolumesToSysDataImages'];
const SHARING_EXAMPLES = ['AddImageMembers', 'DelImageMembers', 'UpdateImageMembers'];

describe('normalizeImsJob: the spec examples', () => {
  it('has all fourteen job types of the page, one example each', () => {
    expect(new Set([...IMAGE_EXAMPLES, ...SUB_JOB_EXAMPLES, ...SHARING_EXAMPLES].map((name) => exampleValue('ims', '200', name).job_type)).size).toBe(14);
  });

  it.each(IMAGE_EXAMPLES)('%s: succeeded, its image as the resource, times parsed, no subtasks', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    expect(job).toMatchObject({ service: 'ims', id: raw.job_id, type: raw.job_type, state: 'succeeded', done: true, status: 'SUCCESS', subtasks: [] });
    expect(job.resource).toEqual({ kind: 'image_id', id: raw.entities.image_id });
    expect(job.startedAt).toEqual(new Date(raw.begin_time));
    expect(job.finishedAt).toEqual(new Date(raw.end_time));
    expect(job.error).toBeUndefined();
    expect(job.progress).toBeUndefined();
    expect(job.raw).toBe(raw);
  });

  it.each(SUB_JOB_EXAMPLES)('%s: sub_jobs_result as subtasks, progress, the sub-job image as the resource', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    const sub = raw.entities.sub_jobs_result[0];
    expect(job).toMatchObject({ state: 'succeeded', progress: { completed: 1, total: 1 }, resource: { kind: 'image_id', id: sub.entities.image_id } });
    expect(job.subtasks).toHaveLength(1);
    expect(job.subtasks[0]).toMatchObject({ id: sub.job_id, type: sub.job_type, state: 'succeeded', name: 'test', resource: { kind: 'image_id', id: sub.entities.image_id } });
    expect(job.subtasks[0]?.finishedAt).toEqual(new Date(sub.end_time));
  });

  it.each(SHARING_EXAMPLES)('%s: each sharing result is a subtask, its lower-case status mapped', (name) => {
    const raw = exampleValue('ims', '200', name);
    const job = normalizeImsJob(raw);
    expect(job.state).toBe('succeeded');
    expect(job.subtasks.map((s) => [s.status, s.state, s.resource?.id])).toEqual(raw.entities.results.map((r: { status: string; image_id: string }) => [r.status, 'succeeded', r.image_id]));
    expect(job.progress).toEqual(raw.entities.results.length > 0 ? { completed: 1, total: 1 } : undefined);
  });

  it('Running and Failed: no end yet; a failure with its code and reason', () => {
    const running = normalizeImsJob(exampleValue('ims', '200', 'Running'));
    expect(running).toMatchObject({ state: 'running', done: false, progress: { completed: 0, total: 1 } });
    expect(running.finishedAt).toBeUndefined();
    const failed = normalizeImsJob(exampleValue('ims', '200', 'Failed'));
    expect(failed).toMatchObject({ state: 'failed', done: true, error: { code: 'IMG.0005', message: 'The ECS does not exist.' } });
  });

  it("a failed job without its own reason takes the SDK's entities error fields, else the failed sub-job's", () => {
    const fromEntities = normalizeImsJob({ status: 'FAIL', job_id: 'j', error_code: null, fail_reason: null, entities: { error_code: 'IMG.0011', error: 'forceCreate must be set.' } });
    expect(fromEntities.error).toEqual({ code: 'IMG.0011', message: 'forceCreate must be set.' });
    const fromSubJob = normalizeImsJob({
      status: 'FAIL', job_id: 'j', entities: { sub_jobs_result: [{ status: 'FAIL', job_id: 's', error_code: 'IMG.0005', fail_reason: 'The ECS does not exist.' }] },
    });
    expect(fromSubJob.error).toEqual({ code: 'IMG.0005', message: 'The ECS does not exist.' });
  });

  it('results statuses map in either case; the rows match the lookups; the descriptor is registered', () => {
    for (const raw of ['success', 'SUCCESS', 'fail', 'FAIL']) {
      const job = normalizeImsJob({ status: 'RUNNING', entities: { results: [{ project_id: 'p', status: raw }] } });
      expect(job.subtasks[0]?.state, raw).toBe(raw.toLowerCase() === 'success' ? 'succeeded' : 'failed');
    }
    for (const [status, state] of IMS_STATUS_TABLE['status'] ?? []) expect(IMS_STATUS_STATES[status]).toBe(state);
    for (const [status, state] of IMS_STATUS_TABLE['entities.results[].status'] ?? []) expect(IMS_RESULT_STATUS_STATES[status]).toBe(state);
    expect(findService('ims')).toBe(ims);
  });

  it('the reference is { jobId, projectId? }: a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'ims'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error an IMS job is read by its job ID, not by an image ID
    const wrong: JobRef<'ims'> = { imageId: 'x' };
    expect(wrong).toBeDefined();
  });
});

describeServiceScenarios({
  service: 'ims',
  seed: 15,
  success: {
    title: 'get reads a running OVA import; wait follows it to success with progress from its sub-jobs',
    job: { durationMs: 30_000, subtasks: 3, outcome: 'success' },
    first: { type: 'imsImportOvaImageJob', progress: { completed: 0, total: 3 } },
    last: { progress: { completed: 3, total: 3 } },
    check: ({ job, progress }) => {
      expect(job.subtasks.map((s) => s.type)).toEqual(['imsImportImageJob', 'imsImportImageJob', 'imsImportImageJob']);
      expect(job.resource?.kind).toBe('image_id');
      expect(progress.some((n) => n > 0 && n < 3)).toBe(true);
    },
  },
  failure: {
    noun: 'job',
    job: { subtasks: 2 },
    expected: { error: { code: 'IMG.0005', message: 'The ECS does not exist.' } },
    check: (job) => expect(job.subtasks.at(-1)?.state).toBe('failed'),
  },
  // Not yet visible, IMS answers 400 Common.0011.
  faultJob: { subtasks: 2 },
  notFound: {
    title: 'the not-found answer (400 Common.0011) ends a wait with JobNotFoundError after the grace',
    answers: [{ ref: { jobId: 'ffffffffffffffffffffffffffffffff' }, status: 400, code: 'Common.0011' }],
  },
});

// CCE in @cloud-jobs/jobs: the spec's examples normalized (the recursive subJobs flattened, Go-format
// times parsed), and get + wait end to end over real HTTP against the simulator
// (packages/simulator/src/services/cce.ts): success, failure, 404-until-visible, a 500, a 429 with
// Retry-After, a dropped connection, and CCE's own 404. Time is virtual: the simulator's clock.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { exampleValue } from '../../../test-utils/spec.js';
import { findService, type JobRef, type ProjectJobRef } from '../src/index.js';
import { cce, normalizeCceJob, CCE_STATUS_STATES, CCE_STATUS_TABLE } from '../src/services/cce/index.js';
import { describeServiceScenarios } from './serviceScenarios.js';
import { parseCceTime } from '../src/services/cce/parseCceTime.js';

describe('normalizeCceJob: the spec examples', () => {
  it('Running (the page example): phase, metadata, Go-format times, sub-jobs, the resource', () => {
    const raw = exampleValue('cce', '200', 'Running');
    const job = normalizeCceJob(raw);
    expect(job).toMatchObject({
      service: 'cce', id: '354331b2c-229a-11e8-9c75-0255ac100ceb', type: 'CreateCluster', state: 'running', done: false, status: 'Running',
      resource: { kind: 'resourceID', id: '6f4dcb2c-229a-11e8-9c75-0255ac100ceb' }, progress: { completed: 2, total: 2 },
    });
    expect(job.startedAt).toEqual(new Date('2020-02-02T08:12:40.672Z'));
    // A running job's update time is not its end.
    expect(job.finishedAt).toBeUndefined();
    expect(job.error).toBeUndefined();
    expect(job.subtasks.map((s) => [s.id, s.type, s.state, s.resource?.id])).toEqual([
      ['fd474fab-9606-11e8-baa9-0255ac10215d', 'InstallMaster', 'succeeded', 'fd3b4ac0-9606-11e8-baa8-0255ac10215d'],
      ['fd474f82-9606-11e8-baa8-0255ac10215d', 'CreatePSMCert', 'succeeded', 'fcc72de0-9606-11e8-baa8-0255ac10215d'],
    ]);
    expect(job.subtasks[0]?.finishedAt).toEqual(new Date('2020-02-02T04:05:29.196Z'));
    expect(job.raw).toBe(raw);
  });

  it('Succeeded: the nested sub-jobs are flattened depth first, a parent before its children', () => {
    const job = normalizeCceJob(exampleValue('cce', '200', 'Succeeded'));
    expect(job).toMatchObject({ state: 'succeeded', done: true, type: 'CreateNode', resource: { id: '7a2b1c3d-9607-11e8-baa8-0255ac10215d' } });
    expect(job.subtasks.map((s) => s.type)).toEqual(['InstallNode', 'InstallKubelet']);
    expect(job.progress).toEqual({ completed: 2, total: 2 });
    expect(job.finishedAt).toEqual(new Date('2020-02-02T09:06:12.250Z'));
  });

  it('Failed: status.reason is the error; the failed sub-job says it too', () => {
    const job = normalizeCceJob(exampleValue('cce', '200', 'Failed'));
    expect(job).toMatchObject({ state: 'failed', done: true, error: { message: 'Insufficient ECS quota.' } });
    expect(job.subtasks[0]).toMatchObject({ state: 'failed', error: { message: 'Insufficient ECS quota.' } });
    const noOwnReason = normalizeCceJob({ status: { phase: 'Failed', reason: '' }, spec: { subJobs: [{ status: { phase: 'Failed', reason: 'etcd down' } }] } });
    expect(noOwnReason.error).toEqual({ message: 'etcd down' });
  });

  it('a sub-job tree deeper than any real one is cut off, not followed without end', () => {
    let spec: Record<string, unknown> = {};
    const root = { status: { phase: 'Running' }, spec };
    for (let i = 0; i < 100; i += 1) {
      const child: Record<string, unknown> = {};
      spec['subJobs'] = [{ status: { phase: 'Running' }, spec: child }];
      spec = child;
    }
    expect(normalizeCceJob(root).subtasks.length).toBeLessThan(100);
  });

  it('parses Go-format times to the millisecond, with their offset; other forms as before', () => {
    expect(parseCceTime('2020-02-02 08:12:40.672772389 +0000 UTC')?.toISOString()).toBe('2020-02-02T08:12:40.672Z');
    expect(parseCceTime('2020-02-02 10:12:40 +0200 CEST')?.toISOString()).toBe('2020-02-02T08:12:40.000Z');
    expect(parseCceTime('2020-02-02T08:12:40Z')?.toISOString()).toBe('2020-02-02T08:12:40.000Z');
    expect(parseCceTime('yesterday')).toBeUndefined();
  });

  it('every phase row maps to its state; the descriptor is registered', () => {
    expect(CCE_STATUS_TABLE['status.phase']?.map(([raw, state]) => [raw, state])).toEqual([['Initializing', 'pending'], ['Running', 'running'], ['Success', 'succeeded'], ['Failed', 'failed']]);
    for (const [status, state] of CCE_STATUS_TABLE['status.phase'] ?? []) expect(CCE_STATUS_STATES[status]).toBe(state);
    expect(findService('cce')).toBe(cce);
  });

  it('the reference is { jobId, projectId? }: a reference of another shape does not compile', () => {
    expectTypeOf<JobRef<'cce'>>().toEqualTypeOf<ProjectJobRef>();
    // @ts-expect-error a CCE job is read by its job ID, not by a cluster ID
    const wrong: JobRef<'cce'> = { clusterId: 'x' };
    expect(wrong).toBeDefined();
  });
});

describeServiceScenarios({
  service: 'cce',
  seed: 15,
  success: {
    title: 'get reads a new cluster creation; wait follows it to success with progress from its sub-jobs',
    job: { durationMs: 30_000, subtasks: 3, outcome: 'success' },
    first: { type: 'CreateCluster', status: 'Initializing', progress: { completed: 0, total: 3 } },
    last: { progress: { completed: 3, total: 3 } },
    check: ({ first, readAt, job, progress }) => {
      expect(first.startedAt).toEqual(new Date(readAt));
      expect(job.subtasks.map((s) => s.type)).toEqual(['CreatePSMCert', 'InstallMaster', 'InstallAddons']);
      expect(job.resource?.kind).toBe('resourceID');
      expect(job.finishedAt).toBeInstanceOf(Date);
      expect(progress.some((n) => n > 0 && n < 3)).toBe(true);
    },
  },
  failure: {
    noun: 'job',
    job: { subtasks: 2 },
    expected: { error: { message: 'Insufficient ECS quota.' } },
    check: (job) => expect(job.subtasks.at(-1)?.state).toBe('failed'),
  },
  // Not yet visible, CCE answers 404.
  faultJob: { subtasks: 2 },
  notFound: {
    title: "CCE's own not-found answer (404 with its error codes) ends a wait with JobNotFoundError after the grace",
    answers: [{ ref: { jobId: 'ffffffff-0000-4000-8000-000000000000' }, status: 404, code: 'CCE_CM.0404' }],
  },
});

// Hand-made normalized jobs for the render and reporter tests.
import type { Job, Subtask } from '@cloud-jobs/jobs';

/** A subtask in `state`, with the usual ECS status. */
export function subtask(state: Subtask['state'], extra: Partial<Subtask> = {}): Subtask {
  const status = { pending: 'INIT', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAIL' }[state as string] ?? 'INIT';
  return { id: `sub-${Math.random().toString(16).slice(2, 10)}`, state, done: state === 'succeeded' || state === 'failed', status, raw: {}, ...extra };
}

/** An ECS job with `completed` of `total` sub-jobs done, in `state`. */
export function ecsJob(state: Job['state'], completed: number, total: number, extra: Partial<Job> = {}): Job {
  const status = { pending: 'INIT', running: 'RUNNING', succeeded: 'SUCCESS', failed: 'FAIL', blocked: 'PENDING_PAYMENT' }[state as string] ?? 'WEIRD';
  return {
    service: 'ecs',
    id: 'ff8080881e2a4c0f9b4a',
    state,
    done: state === 'succeeded' || state === 'failed' || state === 'canceled',
    status,
    progress: { completed, total },
    subtasks: [],
    raw: { status },
    ...extra,
  };
}

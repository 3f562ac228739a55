// The clock-based job model: a job is fixed at creation and its state is computed from the clock
// whenever someone asks, so no job ever needs a timer.
import type { JobOutcome, ServiceName, SimState, SubtaskState } from './types.js';

/**
 * A simulated job, as stored: everything else (state, sub-jobs, times) is derived from it.
 * @example
 * const job: SimJob = { service: 'dcs', id: 'ff80...', projectId: 'p', jobType: 'modifyBandwidth',
 *   createdAt: Date.now(), durationMs: 5000, blockedMs: 0, outcome: 'success', subtasks: 0 };
 */
export interface SimJob {
  readonly service: ServiceName;
  readonly id: string;
  /** `undefined` for the global OSM API. */
  readonly projectId: string | undefined;
  /** The module's other reference fields (its `refFields`), e.g. `{ instanceId }`; `{}` for none. */
  readonly refFields: Readonly<Record<string, string>>;
  readonly jobType: string;
  /** Clock time the job was created, ms. */
  readonly createdAt: number;
  /** Work time from the end of the blocked phase to the final state, ms. */
  readonly durationMs: number;
  /** Time spent first in the blocked phase (ECS `PENDING_PAYMENT`), ms; 0 for none. */
  readonly blockedMs: number;
  readonly outcome: JobOutcome;
  /** Number of sub-jobs / tasks / check items; 0 for services without any. */
  readonly subtasks: number;
}

/**
 * One sub-job, task or check item at an instant.
 * @example
 * const sub: SubtaskTimeline = { index: 0, state: 'running', startsAt: 100, endsAt: 400 };
 */
export interface SubtaskTimeline {
  index: number;
  state: SubtaskState;
  /** When it starts (or started) running. */
  startsAt: number;
  /** When it ends (or ended). */
  endsAt: number;
}

/**
 * A job at an instant: its state, the boundaries of its phases and its subtasks.
 * @example
 * const t = timelineAt(job, clock());
 * if (t.state === 'running') console.log(`${t.completed}/${t.subtasks.length}`);
 */
export interface Timeline {
  /** The instant this timeline describes. */
  now: number;
  state: SimState;
  createdAt: number;
  /** End of the blocked phase: the job becomes `pending` (same as `createdAt` when not blocked). */
  unblocksAt: number;
  /** End of the pending phase: the job starts running. */
  runningAt: number;
  /** The job reaches its final state. */
  endsAt: number;
  /** True once the job is `succeeded` or `failed`. */
  done: boolean;
  subtasks: SubtaskTimeline[];
  /** Subtasks that finished (succeeded or failed). */
  completed: number;
}

/**
 * Share of the work time spent pending (ECS/DCS `INIT`, ServiceStage `SUBMITTED`, OSM `0`)
 * before running; CFW has no pending status and reports `Running` throughout.
 * @example
 * PENDING_SHARE * 1000; // 100 ms of a 1 s job are pending
 */
export const PENDING_SHARE = 0.1;

/**
 * Computes where `job` stands at clock time `now`. Phases, in order: blocked (`blockedMs`),
 * pending (10 % of `durationMs`), running (the rest, split evenly between the subtasks, which run
 * one after the other), then final. A failing job fails on its last subtask.
 * @example
 * // 1000 ms, 3 subtasks: pending until 100, subtasks end at 400, 700, 1000.
 * timelineAt({ ...job, createdAt: 0, durationMs: 1000, subtasks: 3 }, 450).completed; // 1
 */
export function timelineAt(job: SimJob, now: number): Timeline {
  const unblocksAt = job.createdAt + job.blockedMs;
  const runningAt = unblocksAt + Math.round(job.durationMs * PENDING_SHARE);
  const endsAt = unblocksAt + job.durationMs;
  const final: SimState = job.outcome === 'success' ? 'succeeded' : 'failed';
  let state: SimState;
  if (now >= endsAt) state = final;
  else if (now < unblocksAt) state = 'blocked';
  else if (now < runningAt) state = 'pending';
  else state = 'running';

  const runMs = endsAt - runningAt;
  const subtasks: SubtaskTimeline[] = [];
  let completed = 0;
  for (let index = 0; index < job.subtasks; index++) {
    const startsAt = index === 0 ? runningAt : (subtasks[index - 1]?.endsAt ?? runningAt);
    const subEnds = index === job.subtasks - 1 ? endsAt : runningAt + Math.round(((index + 1) * runMs) / job.subtasks);
    let subState: SubtaskState;
    if (now >= subEnds && now >= runningAt) {
      subState = index === job.subtasks - 1 && job.outcome === 'failure' ? 'failed' : 'succeeded';
      completed++;
    } else if (now >= startsAt && state === 'running') subState = 'running';
    else subState = 'pending';
    subtasks.push({ index, state: subState, startsAt, endsAt: subEnds });
  }
  return { now, state, createdAt: job.createdAt, unblocksAt, runningAt, endsAt, done: state === final, subtasks, completed };
}

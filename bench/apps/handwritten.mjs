// What an app has to write itself when its library gives it no Job model and no waiter:
// an ECS status mapping and a poll loop (5 s, backing off to 30 s). Shared by the baseline apps.
const STATES = { INIT: 'pending', RUNNING: 'running', PENDING_PAYMENT: 'blocked', SUCCESS: 'succeeded', FAIL: 'failed' };

export function normalizeEcsJob(body, jobId) {
  const subs = body?.entities?.sub_jobs ?? [];
  const state = STATES[body?.status] ?? 'unknown';
  return {
    service: 'ecs',
    id: body?.job_id ?? jobId,
    type: body?.job_type,
    state,
    done: state === 'succeeded' || state === 'failed',
    status: body?.status ?? '',
    startedAt: body?.begin_time ? new Date(body.begin_time) : undefined,
    finishedAt: body?.end_time ? new Date(body.end_time) : undefined,
    error: body?.error_code ? { code: body.error_code, message: body.fail_reason ?? '' } : undefined,
    progress: subs.length ? { completed: subs.filter((s) => s.status === 'SUCCESS' || s.status === 'FAIL').length, total: subs.length } : undefined,
    subtasks: subs.map((s) => ({ id: s.job_id ?? '', state: STATES[s.status] ?? 'unknown', status: s.status ?? '' })),
    raw: body,
  };
}

export async function waitLoop(getJob, { firstDelayMs = 5000, maxDelayMs = 30000, timeoutMs = 3600000 } = {}) {
  const start = Date.now();
  let delay = firstDelayMs;
  for (;;) {
    const job = await getJob();
    if (job.done) return job;
    if (Date.now() - start + delay > timeoutMs) throw new Error(`job ${job.id} not done after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, maxDelayMs);
  }
}

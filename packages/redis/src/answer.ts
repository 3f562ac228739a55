// What the poller of a job publishes for the others: the job it read (raw payload and normalized
// form) or the ApiError the service answered, as JSON; and how a reader turns it back.
import { ApiError, type ApiErrorKind, type Job } from '@cloud-jobs/jobs';

/** One published answer. `seq` grows by one per answer of a job, whoever polled. */
export interface Answer {
  seq: number;
  /** When it was read, epoch ms. */
  at: number;
  job?: Job;
  error?: { service: string; status: number; code?: string; message: string; requestId?: string; retryAfterMs?: number; kind?: ApiErrorKind; body?: unknown };
}

const DATE_FIELDS = ['startedAt', 'finishedAt'] as const;

function reviveDates(record: Record<string, unknown>): void {
  for (const field of DATE_FIELDS) {
    const value = record[field];
    if (typeof value === 'string') record[field] = new Date(value);
  }
}

/** The ApiError's own message, without the prefix and suffix its constructor adds. */
function ownMessage(error: ApiError): string {
  let message = error.message;
  const prefix = `${error.service}: ${error.status === 0 ? 'request failed' : `HTTP ${error.status}`}${error.code ? ` ${error.code}` : ''}: `;
  if (message.startsWith(prefix)) message = message.slice(prefix.length);
  const suffix = error.requestId ? ` (request id ${error.requestId})` : '';
  if (suffix && message.endsWith(suffix)) message = message.slice(0, -suffix.length);
  return message;
}

/**
 * The body of an answer (without `seq`, which Redis assigns), or undefined for an outcome others
 * should not take as theirs (an abort, a bug of our own: they poll again themselves).
 */
export function encodeOutcome(outcome: { job: Job } | { error: unknown }): string | undefined {
  const at = Date.now();
  if ('job' in outcome) return JSON.stringify({ at, job: outcome.job });
  const error = outcome.error;
  if (!(error instanceof ApiError)) return undefined;
  // Secrets are already scrubbed from an ApiError's fields by its constructor.
  return JSON.stringify({
    at,
    error: {
      service: error.service,
      status: error.status,
      message: ownMessage(error),
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      ...(error.kind === undefined ? {} : { kind: error.kind }),
      ...(error.body === undefined ? {} : { body: error.body }),
    },
  });
}

/** Parses a published answer; undefined for anything malformed (it is then ignored). */
export function decodeAnswer(text: string | null): Answer | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const answer = value as Answer;
  if (typeof answer.seq !== 'number' || typeof answer.at !== 'number') return undefined;
  if (answer.job !== undefined) {
    if (typeof answer.job !== 'object' || answer.job === null || typeof answer.job.state !== 'string') return undefined;
    reviveDates(answer.job as unknown as Record<string, unknown>);
    for (const subtask of answer.job.subtasks ?? []) reviveDates(subtask as unknown as Record<string, unknown>);
    return answer;
  }
  if (answer.error !== undefined && typeof answer.error === 'object' && answer.error !== null && typeof answer.error.status === 'number') return answer;
  return undefined;
}

/** What a reader's poll gives: the job, or a throw of the same ApiError the poller got. */
export function answerOutcome(answer: Answer): Job {
  if (answer.job) return answer.job;
  const e = answer.error!;
  throw new ApiError({
    service: e.service,
    status: e.status,
    message: e.message,
    ...(e.code === undefined ? {} : { code: e.code }),
    ...(e.requestId === undefined ? {} : { requestId: e.requestId }),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
    ...(e.kind === undefined ? {} : { kind: e.kind }),
    ...(e.body === undefined ? {} : { body: e.body }),
  });
}

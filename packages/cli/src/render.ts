// What a job looks like on screen: the live line (TTY), the plain change lines, the `get` summary.
// Pure functions: every one returns a string and writes nothing. Every value that comes from a
// server or the command line (IDs, statuses, type, names, errors) goes through `shown` or
// `shownMessage`, so none of its control characters reaches the terminal, and no registered secret
// either: redacted first, before white space is collapsed or a cut could split it.
import { findService, redactSecrets, type Job, type JobError, type JobProgress, type JobState, type ServiceName } from '@cloud-jobs/jobs';
import { formatDuration } from './duration.js';
import { sanitize } from './sanitize.js';

/** A value from outside (an ID, a status, a name) on screen: escaped, line breaks included. */
function shown(value: string | number): string {
  return sanitize(redactSecrets(String(value)));
}

/** A message from outside on screen: white space collapsed to one line, the rest escaped. */
function shownMessage(text: string): string {
  return sanitize(oneLine(redactSecrets(text)));
}

/**
 * How a final live line is labelled: the job's final state, or why the wait stopped without one.
 * @example const outcome: Outcome = 'timeout';
 */
export type Outcome = 'succeeded' | 'failed' | 'canceled' | 'timeout' | 'interrupted' | 'error';

/**
 * Options of {@link renderLiveLine}.
 * @example const options: LiveLineOptions = { service: 'ecs', jobId, elapsedMs: 3200, frame: 4, color: true, width: 80 };
 */
export interface LiveLineOptions {
  service: ServiceName;
  jobId: string;
  /** Time since the wait started. */
  elapsedMs: number;
  /** Spinner frame counter (any integer). */
  frame: number;
  /** ANSI colors. */
  color: boolean;
  /** Terminal columns: the line is cut to `width - 1` so it never wraps (a wrapped line cannot be redrawn). */
  width: number;
  /** Set for the last line: a symbol and label instead of the spinner. */
  outcome?: Outcome | undefined;
  /** No read yet and the service says the job does not exist (yet): the wait retries until then (epoch ms). */
  notVisibleUntil?: number | undefined;
}

/**
 * What the wait does while the service does not know the job yet (a new job, or a mistyped ID).
 * @example notVisibleText(Date.UTC(2026, 0, 1, 12, 0, 30)); // 'not visible yet, will keep trying until 12:00:30 UTC'
 */
export function notVisibleText(untilEpochMs: number): string {
  const at = new Date(untilEpochMs);
  const time = Number.isNaN(at.getTime()) ? '?' : at.toISOString().slice(11, 19);
  return `not visible yet, will keep trying until ${time} UTC`;
}

/**
 * The spinner's frames, one per redraw.
 * @example SPINNER_FRAMES[frame % SPINNER_FRAMES.length]; // '⠋'
 */
export const SPINNER_FRAMES: readonly string[] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

const ESC = '\u001b[';

/**
 * `\r` + "clear the whole line": written before each redraw of the live line.
 * @example stdout.write(REDRAW + renderLiveLine(job, options));
 */
export const REDRAW = `\r${ESC}2K`;

/** ANSI SGR codes by name. */
const SGR = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36' } as const;
type Tint = keyof typeof SGR;

const STATE_TINT: Readonly<Record<JobState, Tint>> = {
  pending: 'dim',
  running: 'cyan',
  blocked: 'yellow',
  succeeded: 'green',
  failed: 'red',
  canceled: 'yellow',
  unknown: 'magenta',
};

const OUTCOME_MARK: Readonly<Record<Outcome, { mark: string; label: string; tint: Tint }>> = {
  succeeded: { mark: '✔', label: 'succeeded', tint: 'green' },
  failed: { mark: '✖', label: 'failed', tint: 'red' },
  canceled: { mark: '⊘', label: 'canceled', tint: 'yellow' },
  timeout: { mark: '⏱', label: 'timed out', tint: 'yellow' },
  interrupted: { mark: '■', label: 'interrupted', tint: 'yellow' },
  error: { mark: '✖', label: 'error', tint: 'red' },
};

/**
 * Wraps `text` in an ANSI color when `enabled`.
 * @example paint('green', 'ok', true); // '\u001b[32mok\u001b[0m'
 */
export function paint(tint: Tint, text: string, enabled: boolean): string {
  return enabled && text !== '' ? `${ESC}${SGR[tint]}m${text}${ESC}0m` : text;
}

/**
 * Removes ANSI escape sequences (colors, cursor moves, line clears).
 * @example stripAnsi('\u001b[32mok\u001b[0m'); // 'ok'
 */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** The words for a service that names no subtasks of its own (or that is not registered). */
const GENERIC_SUBTASK_NOUN = ['subtask', 'subtasks'] as const;

/**
 * What a service calls its subtasks, singular and plural (its descriptor's `subtaskNoun`), else
 * `['subtask', 'subtasks']`.
 * @example subtaskNoun('servicestage'); // ['task', 'tasks']
 */
export function subtaskNoun(service: string): readonly [string, string] {
  const noun = findService(service)?.subtaskNoun;
  return noun !== undefined && noun[0] !== '' && noun[1] !== '' ? noun : GENERIC_SUBTASK_NOUN;
}

/**
 * A fixed-width bar of `width` cells, filled in proportion to `completed / total`.
 * @example progressBar({ completed: 1, total: 4 }, 8); // '[██░░░░░░]'
 */
export function progressBar(progress: JobProgress, width = 20): string {
  const ratio = progress.total > 0 ? Math.min(1, Math.max(0, progress.completed / progress.total)) : 0;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/**
 * `completed/total <noun>`, or `undefined` when the job reports no progress (DCS, CFW).
 * @example progressText(job); // '2/3 sub-jobs'
 */
export function progressText(job: Pick<Job, 'service' | 'progress'>): string | undefined {
  const progress = job.progress;
  if (progress === undefined || progress.total <= 0) return undefined;
  return `${progress.completed}/${progress.total} ${subtaskNoun(job.service)[1]}`;
}

/**
 * Collapses a text to one line (services put newlines and JSON in their messages).
 * @example oneLine('Building\n failed. '); // 'Building failed.'
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A job or subtask error as one line: `CODE message`.
 * @example formatJobError({ code: 'Ecs.0013', message: 'Insufficient quota' }); // 'Ecs.0013 Insufficient quota'
 */
export function formatJobError(error: JobError): string {
  const message = shownMessage(error.message);
  const code = error.code === undefined ? '' : shown(error.code);
  if (code === '' || message === code) return message;
  return message === '' ? code : `${code} ${message}`;
}

/**
 * Why a job failed, from the first failed subtask (with its own error, else the job's), else the
 * job's error; `undefined` when the service said nothing.
 * @example failureReason(job); // 'sub-job 2/2 (ff8080...) failed: Ecs.0013 Insufficient quota'
 */
export function failureReason(job: Job): string | undefined {
  const index = job.subtasks.findIndex((subtask) => subtask.state === 'failed');
  const subtask = job.subtasks[index];
  if (subtask !== undefined) {
    const label = subtask.name ?? subtask.id;
    const error = subtask.error ?? job.error;
    const which = `${subtaskNoun(job.service)[0]} ${index + 1}/${job.progress?.total ?? job.subtasks.length}${label ? ` (${shown(label)})` : ''}`;
    return `${which} failed${error ? `: ${formatJobError(error)}` : ''}`;
  }
  return job.error ? formatJobError(job.error) : undefined;
}

/**
 * The outcome that labels a final line for a job in `state`.
 * @example outcomeOf('canceled'); // 'canceled'
 */
export function outcomeOf(state: JobState): Outcome | undefined {
  return state === 'succeeded' || state === 'failed' || state === 'canceled' ? state : undefined;
}

function shortId(jobId: string): string {
  const id = shown(jobId);
  return id.length > 14 ? `${id.slice(0, 12)}…` : id;
}

interface Segment {
  text: string;
  tint?: Tint | undefined;
}

/** Joins segments with two spaces, cut to `max` visible characters, colors applied after cutting. */
function fit(segments: readonly Segment[], max: number, color: boolean): string {
  const out: string[] = [];
  let used = 0;
  for (const segment of segments) {
    if (segment.text === '') continue;
    const gap = out.length > 0 ? 2 : 0;
    const room = max - used - gap;
    if (room <= 0) break;
    const text = segment.text.length <= room ? segment.text : `${segment.text.slice(0, Math.max(0, room - 1))}…`;
    out.push(`${' '.repeat(gap)}${segment.tint ? paint(segment.tint, text, color) : text}`);
    used += gap + text.length;
  }
  return out.join('');
}

/**
 * The live line of a wait on a terminal: spinner (or the final mark), state, status, elapsed time,
 * a progress bar and count from `job.progress`, and the job. Write it after {@link REDRAW}.
 * @example
 * renderLiveLine(job, { service: 'ecs', jobId: job.id, elapsedMs: 3200, frame: 2, color: false, width: 100 });
 * // '⠹ running  RUNNING  3.2s  [█████████████░░░░░░░] 2/3 sub-jobs  ecs ff8080881e2a…'
 */
export function renderLiveLine(job: Job | undefined, options: LiveLineOptions): string {
  const { color, outcome } = options;
  const segments: Segment[] = [];
  if (outcome !== undefined) {
    const { mark, label, tint } = OUTCOME_MARK[outcome];
    segments.push({ text: `${mark} ${label}`, tint });
    if (job !== undefined && outcomeOf(job.state) !== outcome) segments.push({ text: job.state, tint: STATE_TINT[job.state] });
  } else {
    const spin = SPINNER_FRAMES[Math.abs(Math.trunc(options.frame)) % SPINNER_FRAMES.length] ?? '-';
    const waiting = options.notVisibleUntil === undefined ? 'connecting' : notVisibleText(options.notVisibleUntil);
    segments.push({ text: `${spin} ${job?.state ?? waiting}`, tint: job ? STATE_TINT[job.state] : 'dim' });
  }
  if (job !== undefined && job.status !== '') segments.push({ text: shown(job.status), tint: 'dim' });
  segments.push({ text: formatDuration(options.elapsedMs) });
  let count = job ? progressText(job) : undefined;
  if (job?.progress !== undefined && count !== undefined) {
    let shownProgress = job.progress;
    // A failed or canceled job never shows a full bar: its sub-jobs may all be "done", some of them
    // failed. The bar and the count then say how many succeeded.
    if (job.state === 'failed' || job.state === 'canceled') {
      const total = job.progress.total;
      if (job.subtasks.length > 0) {
        const succeeded = job.subtasks.filter((s) => s.state === 'succeeded').length;
        shownProgress = { completed: Math.min(succeeded, Math.max(0, total - 1)), total };
        count = `${shownProgress.completed}/${total} ${subtaskNoun(job.service)[1]} succeeded`;
      } else {
        shownProgress = { completed: Math.min(job.progress.completed, Math.max(0, total - 1)), total };
      }
    }
    segments.push({ text: `${progressBar(shownProgress)} ${count}` });
  }
  segments.push({ text: `${options.service} ${shortId(options.jobId)}`, tint: 'dim' });
  return fit(segments, Math.max(20, options.width - 1), color);
}

/**
 * One plain change line (no ANSI, no `\r`): elapsed time, state, wire status and progress.
 * @example renderPlainLine(job, 3200); // '[3.2s] running (RUNNING) 2/3 sub-jobs'
 */
export function renderPlainLine(job: Job, elapsedMs: number): string {
  const status = job.status === '' ? '' : ` (${shown(job.status)})`;
  const count = progressText(job);
  return `[${formatDuration(elapsedMs)}] ${job.state}${status}${count ? ` ${count}` : ''}`;
}

/**
 * The line that ends a wait that reached a final state, and the reason when it failed.
 * @example renderResult(job, 3400); // ['ecs job ff80... succeeded after 3.4s (server_id 7d3c...)']
 */
export function renderResult(job: Job, elapsedMs: number): string[] {
  const resource = job.resource ? ` (${shown(job.resource.kind)} ${shown(job.resource.id)})` : '';
  const lines = [`${job.service} job ${shown(job.id)} ${job.state} after ${formatDuration(elapsedMs)}${resource}`];
  if (job.state !== 'succeeded') {
    const reason = failureReason(job);
    if (reason !== undefined) lines.push(`reason: ${reason}`);
  }
  return lines;
}

function isoOrDash(date: Date | undefined): string {
  return date !== undefined && !Number.isNaN(date.getTime()) ? date.toISOString() : '-';
}

/** Subtasks listed by {@link renderJobSummary}; the rest are counted. */
const MAX_LISTED_SUBTASKS = 30;

/**
 * The human view of one job, for `cloud-jobs get`: one field per line, then the subtasks.
 * @example
 * renderJobSummary(job, false).join('\n');
 * // ecs job ff8080881e2a...
 * //   state     running (RUNNING)
 * //   progress  2/3 sub-jobs
 * //   ...
 */
export function renderJobSummary(job: Job, color: boolean): string[] {
  const field = (name: string, value: string) => `  ${name.padEnd(9)} ${value}`;
  const status = job.status === '' ? '' : ` (${shown(job.status)})`;
  const lines = [`${job.service} job ${shown(job.id)}`, field('state', `${paint(STATE_TINT[job.state], job.state, color)}${status}`)];
  if (job.type !== undefined) lines.push(field('type', shown(job.type)));
  const count = progressText(job);
  if (count !== undefined) lines.push(field('progress', count));
  lines.push(field('started', isoOrDash(job.startedAt)), field('finished', isoOrDash(job.finishedAt)));
  if (job.resource) lines.push(field('resource', `${shown(job.resource.kind)} ${shown(job.resource.id)}`));
  if (job.error) lines.push(field('error', formatJobError(job.error)));
  if (job.state === 'failed' || job.state === 'canceled') {
    const reason = failureReason(job);
    if (reason !== undefined && (job.error === undefined || reason !== formatJobError(job.error))) lines.push(field('reason', reason));
  }
  if (job.subtasks.length > 0) {
    lines.push(`  ${subtaskNoun(job.service)[1]}:`);
    const width = String(job.subtasks.length).length;
    for (const [index, subtask] of job.subtasks.slice(0, MAX_LISTED_SUBTASKS).entries()) {
      const parts = [
        String(index + 1).padStart(width),
        paint(STATE_TINT[subtask.state], subtask.state.padEnd(9), color),
        shown(subtask.status).padEnd(9),
        shown(subtask.name ?? subtask.id),
      ];
      if (subtask.error) parts.push(`- ${formatJobError(subtask.error)}`);
      lines.push(`    ${parts.join('  ').trimEnd()}`);
    }
    const more = job.subtasks.length - MAX_LISTED_SUBTASKS;
    if (more > 0) lines.push(`    ... and ${more} more`);
  }
  return lines;
}

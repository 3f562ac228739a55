// Shows a wait as it goes: a live line redrawn in place on a terminal, or plain change lines.
import type { Job, ServiceName } from '@cloud-jobs/jobs';
import { formatDuration } from './duration.js';
import { sanitize } from './sanitize.js';
import { REDRAW, notVisibleText, renderLiveLine, renderPlainLine, renderResult, failureReason, outcomeOf, type Outcome } from './render.js';

/**
 * Where output goes: `process.stdout`, or a test's collector.
 * @example const out: Output = { write: (text) => chunks.push(text) };
 */
export interface Output {
  write(text: string): unknown;
}

/**
 * Receives the progress of one wait.
 * @example
 * reporter.start();
 * await jobs.wait(service, ref, { onProgress: (job) => reporter.update(job) });
 * reporter.finish('succeeded', job);
 */
export interface Reporter {
  /** Call once, before the first poll. */
  start(): void;
  /** A new read of the job (state, status or progress changed). */
  update(job: Job): void;
  /** The service answers "no such job" for now; the wait keeps trying until `untilEpochMs` (wall clock). */
  notVisible?(untilEpochMs: number): void;
  /** Ends the view: the job's final state, or why the wait stopped. Idempotent. */
  finish(outcome: Outcome, job?: Job): void;
}

/**
 * Options of {@link createReporter}.
 * @example const options: ReporterOptions = { mode: 'live', out: process.stdout, service: 'ecs', jobId, color: true, width: 100 };
 */
export interface ReporterOptions {
  /** `live`: one line redrawn in place (a terminal); `plain`: a line per change; `silent`: nothing. */
  mode: 'live' | 'plain' | 'silent';
  out: Output;
  service: ServiceName;
  jobId: string;
  /** The wait's budget, shown in the first plain line. */
  timeoutMs?: number | undefined;
  /** ANSI colors in the live line. */
  color: boolean;
  /**
   * Live mode: print a failed job's reason under the final line (default true). Off when the
   * caller prints it on the same terminal right after (the one-line error on stderr).
   */
  showReason?: boolean | undefined;
  /** Terminal columns (live mode). */
  width: number;
  /** Milliseconds clock; default `performance.now`. */
  now?: (() => number) | undefined;
  /** How often the live line is redrawn for the spinner and the elapsed time; default 100 ms. */
  tickMs?: number | undefined;
}

const HIDE_CURSOR = '\u001b[?25l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Creates the reporter of one wait. The live mode keeps a timer running (unref'd) between
 * `start` and `finish`, and hides the cursor meanwhile.
 * @example
 * const reporter = createReporter({ mode: stdout.isTTY ? 'live' : 'plain', out: stdout, service: 'ecs', jobId, color: true, width: 80 });
 */
export function createReporter(options: ReporterOptions): Reporter {
  if (options.mode === 'silent') return { start() {}, update() {}, notVisible() {}, finish() {} };
  return options.mode === 'live' ? liveReporter(options) : plainReporter(options);
}

function liveReporter(options: ReporterOptions): Reporter {
  const now = options.now ?? (() => performance.now());
  const { out, service, jobId, color, width } = options;
  let started = now();
  let frame = 0;
  let last: Job | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let finished = false;
  let notVisibleUntil: number | undefined;

  const draw = () => {
    out.write(REDRAW + renderLiveLine(last, { service, jobId, elapsedMs: now() - started, frame, color, width, notVisibleUntil }));
  };
  return {
    start() {
      started = now();
      out.write(HIDE_CURSOR);
      draw();
      timer = setInterval(() => {
        frame += 1;
        draw();
      }, options.tickMs ?? 100);
      timer.unref?.();
    },
    update(job) {
      if (finished) return;
      last = job;
      notVisibleUntil = undefined;
      draw();
    },
    notVisible(untilEpochMs) {
      if (finished || last !== undefined) return;
      notVisibleUntil = untilEpochMs;
      draw();
    },
    finish(outcome, job) {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearInterval(timer);
      if (job !== undefined) last = job;
      const line = renderLiveLine(last, { service, jobId, elapsedMs: now() - started, frame, color, width, outcome });
      const showReason = options.showReason !== false && last !== undefined && (outcome === 'failed' || outcome === 'canceled');
      const reason = showReason && last !== undefined ? failureReason(last) : undefined;
      out.write(`${REDRAW}${line}\n${reason === undefined ? '' : `  ${reason}\n`}${SHOW_CURSOR}`);
    },
  };
}

function plainReporter(options: ReporterOptions): Reporter {
  const now = options.now ?? (() => performance.now());
  const { out, service, jobId } = options;
  let started = now();
  let lastLine = '';
  let finished = false;
  let toldNotVisible = false;

  const print = (job: Job) => {
    const elapsed = now() - started;
    const line = renderPlainLine(job, elapsed);
    // One line per change: the elapsed time alone is no change.
    const key = line.slice(line.indexOf(']') + 1);
    if (key === lastLine) return;
    lastLine = key;
    out.write(`${line}\n`);
  };
  return {
    start() {
      started = now();
      const budget = options.timeoutMs !== undefined && Number.isFinite(options.timeoutMs) ? ` (timeout ${formatDuration(options.timeoutMs)})` : '';
      out.write(`waiting for ${service} job ${sanitize(jobId)}${budget}\n`);
    },
    update(job) {
      if (!finished) print(job);
    },
    notVisible(untilEpochMs) {
      if (finished || toldNotVisible) return;
      toldNotVisible = true;
      out.write(`[${formatDuration(now() - started)}] ${notVisibleText(untilEpochMs)}\n`);
    },
    finish(outcome, job) {
      if (finished) return;
      finished = true;
      if (job === undefined || outcomeOf(job.state) !== outcome) return;
      print(job);
      for (const line of renderResult(job, now() - started)) out.write(`${line}\n`);
    },
  };
}

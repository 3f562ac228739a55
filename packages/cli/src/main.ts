// `cloud-jobs` as a function: parses the command line, runs `get` or `wait`, returns the exit code.
import { readFileSync } from 'node:fs';
import { findService, type Job, type JobRef, type Jobs, type ServiceName } from '@cloud-jobs/jobs';
import { createJobsFromEnv, type FromEnvOptions } from '@cloud-jobs/jobs/env';
import { parseCommand, UsageError, type Command, type JobOptions } from './args.js';
import { describeFailure, EXIT } from './exitCodes.js';
import { helpText } from './help.js';
import { jsonText } from './json.js';
import { renderJobSummary, type Outcome } from './render.js';
import { createReporter, type Output } from './reporter.js';
import { redactingOutput, registerSecrets, secretsOf } from './redact.js';
import { sanitize } from './sanitize.js';

/**
 * Where `run` reads and writes; every field is optional (the process's own by default, except
 * `isTTY`, false unless given).
 * @example
 * const code = await run(['wait', 'ecs', jobId], { env: { OS_AUTH_TOKEN: 't' }, stdout, stderr, isTTY: false });
 */
export interface RunOptions {
  /** The environment credentials and NO_COLOR are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  stdout?: Output | undefined;
  stderr?: Output | undefined;
  /** stdout is a terminal: `wait` draws a live line there. */
  isTTY?: boolean | undefined;
  /** stderr is a terminal: with `--json`, `wait` draws its live line there. */
  stderrIsTTY?: boolean | undefined;
  /** Terminal width for the live line. Default: COLUMNS, else 80. */
  columns?: number | undefined;
  /** Aborting it stops a wait (or a get) at once: `run` resolves with 130. */
  signal?: AbortSignal | undefined;
  /** Milliseconds clock for elapsed times (tests). Default `performance.now`. */
  now?: (() => number) | undefined;
}

/**
 * The version in the package's manifest.
 * @example cliVersion(); // '0.1.0'
 */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}

function noColor(env: RunOptions['env']): boolean {
  const value = env?.['NO_COLOR'];
  return value !== undefined && value !== '';
}

function createJobsFor(service: ServiceName, options: JobOptions, env: NonNullable<RunOptions['env']>): Jobs {
  const settings: FromEnvOptions = { env };
  if (options.projectId !== undefined) settings.projectId = options.projectId;
  if (options.region !== undefined) settings.region = options.region;
  if (options.cloud !== undefined) settings.cloud = options.cloud;
  if (options.endpoint !== undefined) settings.baseUrls = { [service]: options.endpoint };
  const jobs = createJobsFromEnv(settings);
  // Built now, so a missing region or a bad endpoint is reported before the wait prints anything.
  jobs.client(service);
  return jobs;
}

/** The job reference: a global service's job has no project, whatever --project-id says; plus the service's own reference fields. */
function refOf(service: ServiceName, jobId: string, projectId: string | undefined, refFields: Record<string, string> = {}): JobRef<ServiceName> {
  const base = findService(service)?.scope === 'global' || projectId === undefined ? { jobId } : { jobId, projectId };
  return { ...refFields, ...base } as JobRef<ServiceName>;
}

/** The live line's width: the terminal's, else COLUMNS, else 80 (a pseudo-terminal may report 0). */
function terminalWidth(columns: number | undefined, env: NonNullable<RunOptions['env']>): number {
  if (columns !== undefined && columns > 0) return columns;
  const fromEnv = Number(env['COLUMNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/** `--json` output: exact, at any depth (a server decides how deeply its body nests). */
function json(job: Job): string {
  return `${jsonText(job)}\n`;
}

/**
 * Runs `cloud-jobs` with `argv` (without the node and script paths) and resolves with the exit
 * code (see `EXIT`). Never throws and never prints a stack: every failure is one line on stderr.
 * Output that contains a secret from the environment (token, password, SK) is redacted, and
 * control characters from a server or the command line are shown escaped (`--json` stays exact).
 * @example
 * const code = await run(['get', 'ecs', 'ff80808288d41e1b018a', '--json'], {
 *   env: process.env, stdout: process.stdout, stderr: process.stderr, isTTY: process.stdout.isTTY,
 * });
 * process.exitCode = code;
 */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const secrets = secretsOf(env);
  // Also for the library: its errors (a 401 body, a fail_reason echoing a secret) are scrubbed of them.
  registerSecrets(secrets);
  const stdout = redactingOutput(options.stdout ?? process.stdout, secrets);
  const stderr = redactingOutput(options.stderr ?? process.stderr, secrets);
  // Messages quote servers and the command line: no control character of theirs reaches stderr.
  const fail = (message: string) => stderr.write(`cloud-jobs: ${sanitize(message)}\n`);

  if (argv.length === 0) {
    stderr.write(`cloud-jobs: missing command\n\n${helpText('main')}\n`);
    return EXIT.usage;
  }
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    const failure = describeFailure(error);
    const topic = error instanceof UsageError && error.topic !== 'main' ? `${error.topic} ` : '';
    fail(`${failure.message} (see cloud-jobs ${topic}--help)`);
    return failure.exitCode;
  }
  if (command.kind === 'help') {
    stdout.write(`${helpText(command.topic)}\n`);
    return EXIT.ok;
  }
  if (command.kind === 'version') {
    stdout.write(`${cliVersion()}\n`);
    return EXIT.ok;
  }

  const { service } = command;
  const color = command.options.color && !noColor(env) && env['TERM'] !== 'dumb';
  const signal = options.signal;
  let jobs: Jobs;
  try {
    jobs = createJobsFor(service, command.options, env);
  } catch (error) {
    const failure = describeFailure(error, service);
    fail(failure.message);
    return failure.exitCode;
  }
  const context: CommandContext = { jobs, stdout, stderr, color, signal, options, env, fail };
  return command.kind === 'get' ? runGet(command, context) : runWait(command, context);
}

/** What `get` and `wait` share once the command line and the facade are ready. */
interface CommandContext {
  jobs: Jobs;
  stdout: Output;
  stderr: Output;
  color: boolean;
  signal: AbortSignal | undefined;
  options: RunOptions;
  env: NonNullable<RunOptions['env']>;
  fail: (message: string) => unknown;
}

async function runGet(command: Extract<Command, { kind: 'get' }>, context: CommandContext): Promise<number> {
  const { service, jobId } = command;
  const { jobs, stdout, signal, fail } = context;
  try {
    const { requestTimeoutMs } = command.options;
    const job = await jobs.get(service, refOf(service, jobId, command.options.projectId, command.refFields), signal ? { signal, requestTimeoutMs } : { requestTimeoutMs });
    stdout.write(command.options.json ? json(job) : `${renderJobSummary(job, context.color && context.options.isTTY === true).join('\n')}\n`);
    return job.state === 'failed' || job.state === 'canceled' ? EXIT.failed : EXIT.ok;
  } catch (error) {
    if (signal?.aborted) {
      fail('interrupted');
      return EXIT.interrupted;
    }
    const failure = describeFailure(error, service);
    fail(failure.message);
    return failure.exitCode;
  }
}

async function runWait(command: Extract<Command, { kind: 'wait' }>, context: CommandContext): Promise<number> {
  const { service, jobId } = command;
  const { timeoutMs, intervalMs, maxIntervalMs, json: wantsJson } = command.options;
  const { jobs, stdout, stderr, color, signal, options, fail } = context;
  // The live line goes where a person looks: stdout, or stderr when stdout carries the JSON.
  const liveTerminal = wantsJson ? options.stderrIsTTY === true : options.isTTY === true;
  const reporter = createReporter({
    mode: liveTerminal && color ? 'live' : wantsJson ? 'silent' : 'plain',
    out: wantsJson ? stderr : stdout,
    service,
    jobId,
    timeoutMs,
    color,
    width: terminalWidth(options.columns, context.env),
    // On a terminal the stderr line that follows already gives a failed job's reason.
    showReason: options.stderrIsTTY !== true,
    now: options.now,
  });
  reporter.start();
  try {
    const job = await jobs.wait(service, refOf(service, jobId, command.options.projectId, command.refFields), {
      timeoutMs,
      minDelayMs: intervalMs,
      maxDelayMs: maxIntervalMs,
      signal,
      onProgress: (update) => reporter.update(update),
      onRetry: (event) => {
        if (event.notVisibleUntil !== undefined) reporter.notVisible?.(event.notVisibleUntil);
      },
    });
    reporter.finish('succeeded', job);
    if (wantsJson) stdout.write(json(job));
    return EXIT.ok;
  } catch (error) {
    if (signal?.aborted) {
      reporter.finish('interrupted');
      fail('interrupted');
      return EXIT.interrupted;
    }
    const failure = describeFailure(error, service);
    const outcome: Outcome =
      failure.exitCode === EXIT.failed ? (failure.job?.state === 'canceled' ? 'canceled' : 'failed') : failure.exitCode === EXIT.timeout ? 'timeout' : 'error';
    reporter.finish(outcome, failure.job);
    if (wantsJson && failure.job !== undefined) stdout.write(json(failure.job));
    fail(failure.message);
    return failure.exitCode;
  }
}

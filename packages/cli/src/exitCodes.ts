// The exit codes of `cloud-jobs`, and the one line that explains a failure.
import {
  ApiError,
  AuthConfigError,
  ClientConfigError,
  ConfigError,
  IamAuthError,
  InvalidPathParameterError,
  JobFailedError,
  RequestTimeoutError,
  UnexpectedResponseError,
  UnexpectedStatusError,
  WaitTimeoutError,
  redactSecrets,
  type Job,
} from '@cloud-jobs/jobs';
import { formatDuration } from './duration.js';
import { UsageError } from './args.js';
import { failureReason, oneLine } from './render.js';
import { sanitize } from './sanitize.js';

/**
 * Exit codes: 0 succeeded, 1 failed/canceled, 2 usage error, 3 timed out, 4 API/auth/config error,
 * 130 interrupted.
 * @example if (code === EXIT.timeout) console.log('try a longer --timeout');
 */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, timeout: 3, error: 4, interrupted: 130 });

/**
 * What a failure turns into: the exit code, one line for stderr (no stack, no secret) and the job
 * to print with `--json`, when there is one.
 * @example const { exitCode, message } = describeFailure(error);
 */
export interface Failure {
  exitCode: number;
  message: string;
  job?: Job | undefined;
}

/** Longest message printed; a gateway can answer with a whole page. */
const MAX_MESSAGE = 400;

/**
 * One line, cut to `max`: secrets redacted first (before white space collapses or the cut
 * splits one), control characters escaped (it quotes servers and the command line).
 */
function clip(text: string, max = MAX_MESSAGE): string {
  const line = sanitize(oneLine(redactSecrets(text)));
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Node's fetch says only "fetch failed"; its cause knows the host, the port and the system's code
 * (ECONNREFUSED, ENOTFOUND, ...): `could not reach 127.0.0.1:4010 (ECONNREFUSED)`. Found through
 * the chain of causes (the library wraps it in an ApiError, a wait in its timeout).
 */
function networkDetail(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (!(e instanceof TypeError) || !/fetch failed/i.test(e.message)) continue;
    const cause = (e.cause ?? {}) as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown; socket?: { remoteAddress?: unknown; remotePort?: unknown } };
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
    const host = text(cause.address) ?? text(cause.hostname) ?? text(cause.socket?.remoteAddress);
    const port = typeof cause.port === 'number' ? cause.port : typeof cause.socket?.remotePort === 'number' ? cause.socket.remotePort : undefined;
    const code = text(cause.code);
    if (host === undefined && code === undefined) return undefined;
    const where = host === undefined ? '' : ` ${host.includes(':') ? `[${host}]` : host}${port === undefined ? '' : `:${port}`}`;
    return `could not reach${where}${code === undefined ? '' : ` (${code})`}`;
  }
  return undefined;
}

/** V8's words for a recursion that ran out of stack. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function named(error: unknown): { name: string; message: string; [key: string]: unknown } | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return typeof name === 'string' && typeof message === 'string' ? (error as { name: string; message: string }) : undefined;
}

/** The library speaks of options; the user typed flags. */
function configMessage(service: string, error: ConfigError): string {
  const { field } = error;
  if (field === 'projectId' || field === 'ref.projectId') {
    return `${service}: a project ID is needed: pass --project-id, or set HUAWEICLOUD_SDK_PROJECT_ID (or OS_PROJECT_ID)`;
  }
  if (error instanceof ClientConfigError && field === 'region' && /needs baseUrl/.test(error.message)) {
    return `${service}: no endpoint: pass --region (or set OS_REGION_NAME), or --endpoint URL`;
  }
  return error.message.replace(/\bbaseUrl\b/g, '--endpoint').replace(/\bprojectId\b/g, '--project-id');
}

/**
 * Turns anything `get` or `wait` threw into an exit code and one line, by the error's class:
 * a failed or canceled job 1, a usage error 2, a timeout 3, everything else (HTTP, auth,
 * configuration, a body that is no job) 4. The message never holds a stack.
 * @example
 * describeFailure(new WaitTimeoutError({ service: 'ecs', jobId: 'j1', timeoutMs: 5000, lastJob: undefined, stats }));
 * // { exitCode: 3, message: 'ecs job j1 did not finish within 5.0s; the job was never seen', job: undefined }
 */
export function describeFailure(error: unknown, service = 'cloud-jobs'): Failure {
  if (error instanceof UsageError) return { exitCode: EXIT.usage, message: clip(error.message) };
  if (error instanceof JobFailedError) {
    const { job } = error;
    const reason = failureReason(job);
    // IDs and statuses escaped before clip collapses white space: a newline in them shows as \n.
    return { exitCode: EXIT.failed, message: clip(`${job.service} job ${sanitize(job.id)} ${job.state}${reason ? `: ${reason}` : ''}`), job };
  }
  if (error instanceof WaitTimeoutError) {
    const last = error.lastJob;
    const seen = last ? `; last state ${last.state}${last.status === '' ? '' : ` (${sanitize(String(last.status))})`}` : '; the job was never seen';
    const cause = named(error.cause);
    const network = networkDetail(error.cause);
    const why = cause ? `; last error: ${cause.message}${network ? `: ${network}` : ''}` : '';
    return {
      exitCode: EXIT.timeout,
      message: clip(`${error.service} job ${sanitize(error.jobId)} did not finish within ${formatDuration(error.timeoutMs)}${seen}${why}`),
      job: last,
    };
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  // Configuration messages are the library's own, not a server's page: never cut (a region list is long).
  if (cause instanceof ClientConfigError) return { exitCode: EXIT.error, message: clip(configMessage(service, cause), Infinity) };
  if (isStackOverflow(error)) {
    return { exitCode: EXIT.error, message: clip(`${service}: the response is nested too deeply to process (${(error as RangeError).message})`) };
  }
  // By class, most specific first: InvalidPathParameterError and AuthConfigError are ConfigErrors too.
  if (error instanceof InvalidPathParameterError) {
    return { exitCode: EXIT.usage, message: clip(`<job-id> ${error.message.replace(/^path parameter \w+ /, '')}`) };
  }
  if (error instanceof AuthConfigError) return { exitCode: EXIT.error, message: clip(error.message) };
  if (error instanceof ConfigError) return { exitCode: EXIT.error, message: clip(configMessage(service, error), Infinity) };
  if (error instanceof RequestTimeoutError) {
    return { exitCode: EXIT.error, message: clip(`${service}: the request timed out: no complete answer within ${formatDuration(error.timeoutMs)} (see --timeout)`) };
  }
  const network = networkDetail(error);
  if (error instanceof IamAuthError || error instanceof ApiError || error instanceof UnexpectedResponseError || error instanceof UnexpectedStatusError) {
    return { exitCode: EXIT.error, message: clip(network ? `${error.message}: ${network}` : error.message) };
  }
  const known = named(error);
  if (known === undefined) return { exitCode: EXIT.error, message: clip(`unexpected error: ${String(error)}`) };
  if (network !== undefined) return { exitCode: EXIT.error, message: clip(`${service}: ${known.message}: ${network}`) };
  // A plain Error (or fetch's TypeError) says enough; any other class is named.
  const plain = error instanceof Error && (error.constructor === Error || error.constructor === TypeError);
  return { exitCode: EXIT.error, message: clip(plain ? known.message : `${known.name}: ${known.message}`) };
}

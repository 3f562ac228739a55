// @cloud-jobs/cli: the `cloud-jobs` command, usable in-process through `run`.
export { run, cliVersion, type RunOptions } from './main.js';
export {
  parseCommand,
  UsageError,
  GET_FLAG_DEFAULTS,
  WAIT_FLAG_DEFAULTS,
  type Command,
  type GetFlags,
  type HelpTopic,
  type JobOptions,
  type WaitFlags,
} from './args.js';
export { parseDuration, formatDuration } from './duration.js';
export { EXIT, describeFailure, type Failure } from './exitCodes.js';
export { helpText } from './help.js';
export {
  REDRAW,
  SPINNER_FRAMES,
  failureReason,
  formatJobError,
  oneLine,
  outcomeOf,
  paint,
  progressBar,
  progressText,
  renderJobSummary,
  renderLiveLine,
  renderPlainLine,
  renderResult,
  stripAnsi,
  subtaskNoun,
  type LiveLineOptions,
  type Outcome,
} from './render.js';
export { createReporter, type Output, type Reporter, type ReporterOptions } from './reporter.js';
export { redact, redactingOutput, registerSecrets, secretsOf } from './redact.js';
export { sanitize, hasUnsafeCharacters } from './sanitize.js';
export { jsonText, stringifyJson, MAX_INDENTED_DEPTH } from './json.js';

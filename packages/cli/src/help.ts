// The `--help` pages of `cloud-jobs` and its commands. The services, which of them are global
// and the examples come from the registry of @cloud-jobs/jobs, so the pages name no service here.
import { services } from '@cloud-jobs/jobs';
import type { HelpTopic } from './args.js';
import { REF_FLAGS } from './refFlags.js';

const SERVICES = services.map((s) => s.name).join(', ');

/** `a`, `a <and> b`, `a, b <and> c`. */
function wordList(words: readonly string[], and: 'and' | 'or'): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
}

/** The services whose jobs live in no project (a domain-scoped token, X-Domain-Id with AK/SK). */
const GLOBAL_NAMES = services.filter((s) => s.scope === 'global').map((s) => s.name);

/** Example service names: the first project-scoped service, and another one (a subtask noun shows progress). */
const PROJECT_EXAMPLE = (services.find((s) => s.scope === 'project') ?? services[0])?.name ?? '<service>';
const OTHER_EXAMPLE =
  (services.find((s) => s.name !== PROJECT_EXAMPLE && s.subtaskNoun[0] !== '') ?? services.find((s) => s.name !== PROJECT_EXAMPLE))?.name ?? PROJECT_EXAMPLE;

const ENVIRONMENT_INTRO = `Environment (credentials come from here only, never from flags; the same variables
as @cloud-jobs/jobs, the strongest complete method wins):`;

/** One variable per row, so its description starts in the column of the page's options. */
const ENVIRONMENT_ROWS: readonly OptionRow[] = [
  ['HUAWEICLOUD_SDK_AK', 'AK/SK request signing: the access key ID,'],
  ['HUAWEICLOUD_SDK_SK', 'and its secret key'],
  ['HUAWEICLOUD_SDK_PROJECT_ID', `project of the job${GLOBAL_NAMES.length ? ` (all services but ${wordList(GLOBAL_NAMES, 'and')})` : ''}`],
  ['HUAWEICLOUD_SDK_DOMAIN_ID', `account (domain) ID, for ${GLOBAL_NAMES.length ? wordList(GLOBAL_NAMES, 'or') : 'a global service'} with AK/SK`],
  ['OS_AUTH_URL', 'IAM password login (Open Telekom Cloud shells), with', 'OS_USERNAME, OS_PASSWORD, OS_USER_DOMAIN_NAME and OS_PROJECT_NAME'],
  ['OS_AUTH_TOKEN', 'a ready IAM token, sent as X-Auth-Token'],
  ['OS_PROJECT_ID', 'project of the job, when HUAWEICLOUD_SDK_PROJECT_ID is unset'],
  ['OS_REGION_NAME', 'region, when --region is not given'],
  ['NO_COLOR', 'no colors and no live line: plain change lines'],
];

const EXIT_CODES = `Exit codes:
  0    the job succeeded (get: the job was read and is not failed or canceled)
  1    the job failed or was canceled
  2    usage error (unknown option, bad duration, missing argument)
  3    wait timed out
  4    API, authentication or configuration error (get: also no answer within --timeout)
  130  interrupted (Ctrl-C)`;

/** One option of a help page: the flag and its description (one entry per line). */
type OptionRow = readonly [flag: string, ...description: string[]];

/** The reference fields some services need besides the job ID (required for those services). */
const REF_OPTIONS: readonly OptionRow[] = [...REF_FLAGS.values()].map(({ flag, description, services }) => [`--${flag} <id>`, `${description} (${services.join(', ')}: required)`]);

const JOB_OPTIONS: readonly OptionRow[] = [
  ...REF_OPTIONS,
  ['--project-id <id>', 'project ID (default: HUAWEICLOUD_SDK_PROJECT_ID or OS_PROJECT_ID)'],
  ['--region <region>', 'region such as eu-de or ap-southeast-1 (default: OS_REGION_NAME)'],
  ['--cloud <cloud>', 'huaweicloud (default) or otc'],
  ['--endpoint <url>', "the service's base URL, e.g. http://127.0.0.1:4010 for the simulator", '(https, or http on a loopback host); wins over --region'],
  ['--json', 'print the job as JSON on stdout (normalized, raw payload included)'],
  ['--no-color', 'no colors (and no live line)'],
  ['-h, --help', 'show this help'],
];

const GET_OPTIONS: readonly OptionRow[] = [
  ['--timeout <duration>', 'give up on the request after this long (default 30s): the whole', 'answer, headers and body, not the idle time'],
  ...JOB_OPTIONS,
];

const WAIT_OPTIONS: readonly OptionRow[] = [
  ['--timeout <duration>', 'give up after this long (default 30m)'],
  ['--interval <duration>', 'shortest sleep between polls (default 2s)'],
  ['--max-interval <duration>', 'longest sleep between polls (default 30s)'],
  ...JOB_OPTIONS,
];

/** The column width that fits the first cell of every row of `tables` (one page's tables). */
function columnWidth(...tables: (readonly OptionRow[])[]): number {
  return Math.max(...tables.flat().map(([flag]) => flag.length)) + 2;
}

/** The rows with every description starting in the same column (`width`: shared by a page's tables). */
function optionTable(rows: readonly OptionRow[], width = columnWidth(rows)): string {
  return rows
    .flatMap(([flag, first, ...more]) => [`  ${flag.padEnd(width)}${first ?? ''}`, ...more.map((line) => `  ${' '.repeat(width)}${line}`)])
    .join('\n');
}

const COMMAND_ROWS: readonly OptionRow[] = [
  ['get <service> <job-id>', 'read a job once and print it'],
  ['wait <service> <job-id>', 'poll a job until it ends, showing its progress'],
];

const MAIN_OPTIONS: readonly OptionRow[] = [
  ['-h, --help', 'show this help (and cloud-jobs <command> --help)'],
  ['-V, --version', 'print the version'],
];

const MAIN_WIDTH = columnWidth(COMMAND_ROWS, MAIN_OPTIONS, ENVIRONMENT_ROWS);
const GET_WIDTH = columnWidth(GET_OPTIONS, ENVIRONMENT_ROWS);
const WAIT_WIDTH = columnWidth(WAIT_OPTIONS, ENVIRONMENT_ROWS);

/** The environment block, its descriptions in the page's column. */
function environment(width: number): string {
  return `${ENVIRONMENT_INTRO}\n${optionTable(ENVIRONMENT_ROWS, width)}`;
}

const MAIN = `Usage: cloud-jobs <command> [options]

Reads and waits for the asynchronous jobs of Huawei Cloud and Open Telekom Cloud services.

Commands:
${optionTable(COMMAND_ROWS, MAIN_WIDTH)}

Services: ${SERVICES}

Options:
${optionTable(MAIN_OPTIONS, MAIN_WIDTH)}

Examples:
  cloud-jobs get ${PROJECT_EXAMPLE} <job-id> --region eu-de --cloud otc
  cloud-jobs wait ${OTHER_EXAMPLE} <job-id> --timeout 20m --json

${environment(MAIN_WIDTH)}

${EXIT_CODES}`;

const GET = `Usage: cloud-jobs get <service> <job-id> [options]

Reads a job once and prints its state, progress, times, resource, error and subtasks
(or, with --json, the normalized job).

Services: ${SERVICES}

Options:
${optionTable(GET_OPTIONS, GET_WIDTH)}

Durations: 500ms, 90s, 30m, 1h, 1h30m, or plain milliseconds.

Example:
  cloud-jobs get ${OTHER_EXAMPLE} <job-id> --region ap-southeast-1

${environment(GET_WIDTH)}

${EXIT_CODES}`;

const WAIT = `Usage: cloud-jobs wait <service> <job-id> [options]

Polls a job until it succeeds, fails or is canceled, with backoff between polls. On a terminal it
shows one live line (state, status, elapsed time, a progress bar) and, when the job fails, the
failed subtask's reason; otherwise it prints one line per change.

Services: ${SERVICES}

Options:
${optionTable(WAIT_OPTIONS, WAIT_WIDTH)}

Durations: 500ms, 90s, 30m, 1h, 1h30m, or plain milliseconds.

Example:
  cloud-jobs wait ${PROJECT_EXAMPLE} <job-id> --region eu-de --cloud otc --timeout 20m

${environment(WAIT_WIDTH)}

${EXIT_CODES}`;

/**
 * The help page of `topic`.
 * @example process.stdout.write(`${helpText('wait')}\n`);
 */
export function helpText(topic: HelpTopic): string {
  return topic === 'get' ? GET : topic === 'wait' ? WAIT : MAIN;
}

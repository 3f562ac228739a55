// The command line of `cloud-jobs`: commands, positionals and flags, checked before any request.
import { parseArgs } from 'node:util';
import { findService, services, type ServiceName } from '@cloud-jobs/jobs';
import { parseDuration } from './duration.js';
import { REF_FLAGS, refFlagName } from './refFlags.js';

/**
 * A command line that cannot work (exit code 2). The message names the flag or argument at fault
 * and never repeats a value that could be a secret.
 * @example
 * try { parseCommand(['wait', 'ecs']); } catch (e) { (e as UsageError).message; } // 'wait: missing <job-id>'
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  /** Which help page explains the fix. */
  readonly topic: HelpTopic;
  constructor(message: string, topic: HelpTopic = 'main') {
    super(message);
    this.topic = topic;
  }
}

/**
 * The help pages: the overview and one per command.
 * @example const topic: HelpTopic = 'wait'; // cloud-jobs wait --help
 */
export type HelpTopic = 'main' | 'get' | 'wait';

/**
 * Options shared by `get` and `wait`.
 * @example const options: JobOptions = { projectId: 'p1', endpoint: 'http://127.0.0.1:4010', json: false, color: true };
 */
export interface JobOptions {
  /** `--project-id`: wins over HUAWEICLOUD_SDK_PROJECT_ID / OS_PROJECT_ID. */
  projectId?: string;
  /** `--region`, e.g. `eu-de`. */
  region?: string;
  /** `--cloud huaweicloud|otc`. */
  cloud?: 'huaweicloud' | 'otc';
  /** `--endpoint URL`: the service's base URL (https, or http on a loopback host). */
  endpoint?: string;
  /** `--json`: print the final job as JSON on stdout. */
  json: boolean;
  /** False with `--no-color` (NO_COLOR is read by `run`). */
  color: boolean;
}

/**
 * The flags only `wait` has, in milliseconds.
 * @example const flags: WaitFlags = { timeoutMs: 1_800_000, intervalMs: 2_000, maxIntervalMs: 30_000 };
 */
export interface WaitFlags {
  /** `--timeout`, default 30m. */
  timeoutMs: number;
  /** `--interval`: the shortest sleep between polls, default 2s. */
  intervalMs: number;
  /** `--max-interval`: the longest sleep between polls, default 30s (at least `--interval`). */
  maxIntervalMs: number;
}

/**
 * The flags only `get` has, in milliseconds.
 * @example const flags: GetFlags = { requestTimeoutMs: 30_000 };
 */
export interface GetFlags {
  /** `--timeout`: the longest the request may take, headers and body, default 30s (the library's `requestTimeoutMs`). */
  requestTimeoutMs: number;
}

/**
 * What the command line asks for.
 * @example
 * parseCommand(['get', 'ecs', 'ff80...', '--json']);
 * // { kind: 'get', service: 'ecs', jobId: 'ff80...', options: { json: true, color: true } }
 */
export type Command =
  | { kind: 'help'; topic: HelpTopic }
  | { kind: 'version' }
  | { kind: 'get'; service: ServiceName; jobId: string; refFields?: Record<string, string>; options: JobOptions & GetFlags }
  | { kind: 'wait'; service: ServiceName; jobId: string; refFields?: Record<string, string>; options: JobOptions & WaitFlags };

/**
 * The defaults of `wait`'s flags (those of the library's waiter).
 * @example WAIT_FLAG_DEFAULTS.timeoutMs // 1_800_000
 */
export const WAIT_FLAG_DEFAULTS: Readonly<WaitFlags> = Object.freeze({ timeoutMs: 30 * 60_000, intervalMs: 2_000, maxIntervalMs: 30_000 });

/**
 * The defaults of `get`'s flags (the library's request timeout).
 * @example GET_FLAG_DEFAULTS.requestTimeoutMs // 30_000
 */
export const GET_FLAG_DEFAULTS: Readonly<GetFlags> = Object.freeze({ requestTimeoutMs: 30_000 });

/** The longest sleep a timer can do (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/** The flags of the services' reference fields (`--instance-id`, ...), from the registry. */
const REF_FLAG_SPEC: FlagSpec = Object.fromEntries([...REF_FLAGS.keys()].map((flag) => [flag, { type: 'string' as const }]));

const JOB_FLAGS = {
  ...REF_FLAG_SPEC,
  'project-id': { type: 'string' },
  region: { type: 'string' },
  cloud: { type: 'string' },
  endpoint: { type: 'string' },
  json: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const GET_ONLY_FLAGS = {
  timeout: { type: 'string' },
} as const;

const WAIT_ONLY_FLAGS = {
  timeout: { type: 'string' },
  interval: { type: 'string' },
  'max-interval': { type: 'string' },
} as const;

/** Flags people reach for that would put a secret in the shell history and `ps`: refused. */
const SECRET_FLAGS: Readonly<Record<string, string>> = {
  token: 'OS_AUTH_TOKEN',
  'auth-token': 'OS_AUTH_TOKEN',
  password: 'OS_PASSWORD',
  ak: 'HUAWEICLOUD_SDK_AK',
  sk: 'HUAWEICLOUD_SDK_SK',
  'access-key': 'HUAWEICLOUD_SDK_AK',
  'secret-key': 'HUAWEICLOUD_SDK_SK',
};

const COMMANDS: readonly string[] = ['get', 'wait'];

type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

/**
 * Parses `argv` (without the node and script paths). Accepts `--flag value` and `--flag=value`,
 * flags before or after the positionals, and `--` before a job ID that starts with `-`.
 * @throws UsageError naming the flag or argument at fault.
 * @example
 * parseCommand(['wait', 'ecs', 'ff80...', '--timeout', '10m', '--interval=500ms']);
 * // { kind: 'wait', service: 'ecs', jobId: 'ff80...', options: { timeoutMs: 600000, intervalMs: 500, maxIntervalMs: 30000, json: false, color: true } }
 * parseCommand(['--help']); // { kind: 'help', topic: 'main' }
 */
export function parseCommand(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') return { kind: 'help', topic: 'main' };
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', topic: 'main' };
    if (topic === 'get' || topic === 'wait') return { kind: 'help', topic };
    throw new UsageError(`help: unknown command ${JSON.stringify(topic)} (commands: ${COMMANDS.join(', ')})`);
  }
  if (first === 'get' || first === 'wait') return parseJobCommand(first, rest);
  if (first.startsWith('-')) throw new UsageError(`unknown option ${flagName(first)} (put options after the command)`);
  throw new UsageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.join(', ')})`);
}

function flagName(arg: string): string {
  const eq = arg.indexOf('=');
  return eq > 0 ? arg.slice(0, eq) : arg;
}

function parseJobCommand(command: 'get' | 'wait', argv: readonly string[]): Command {
  const spec: FlagSpec = command === 'wait' ? { ...JOB_FLAGS, ...WAIT_ONLY_FLAGS } : { ...JOB_FLAGS, ...GET_ONLY_FLAGS };
  const { tokens } = parseArgs({ args: [...argv], options: spec, strict: false, allowPositionals: true, tokens: true });
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const name = token.name;
    const shown = token.rawName;
    const secretVariable = SECRET_FLAGS[name];
    if (secretVariable !== undefined) {
      throw new UsageError(`${command}: ${shown} is not accepted: secrets come from the environment only (set ${secretVariable})`, command);
    }
    const flag = spec[name];
    if (flag === undefined) throw new UsageError(`${command}: unknown option ${shown}`, command);
    if (flag.type === 'boolean') {
      if (token.inlineValue !== undefined && token.value !== undefined) throw new UsageError(`${command}: ${shown} takes no value`, command);
      values.set(name, true);
      continue;
    }
    if (token.value === undefined || (token.inlineValue !== true && token.value.startsWith('--'))) {
      throw new UsageError(`${command}: ${shown} needs a value`, command);
    }
    values.set(name, token.value);
  }
  if (values.has('help')) return { kind: 'help', topic: command };

  const [service, jobId, ...extra] = positionals;
  const known = services.map((s) => s.name).join(', ');
  if (service === undefined) throw new UsageError(`${command}: missing <service> (one of ${known})`, command);
  const descriptor = findService(service);
  if (descriptor === undefined) throw new UsageError(`${command}: unknown service ${JSON.stringify(service)} (one of ${known})`, command);
  if (jobId === undefined) throw new UsageError(`${command}: missing <job-id>`, command);
  if (jobId.trim() === '' || jobId === '.' || jobId === '..') throw new UsageError(`${command}: <job-id> must not be empty, "." or ".."`, command);
  if (extra.length > 0) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(extra[0])}`, command);

  const options = jobOptions(command, values, descriptor);
  const refFields = refFieldsOf(command, values, descriptor);
  // Only a service with reference fields of its own (its descriptor's refFields) gets `refFields`.
  const ref = { service: descriptor.name as ServiceName, jobId, ...(Object.keys(refFields).length > 0 ? { refFields } : {}) };
  if (command === 'get') return { kind: 'get', ...ref, options: { ...options, requestTimeoutMs: duration(command, values, 'timeout', GET_FLAG_DEFAULTS.requestTimeoutMs) } };
  return { kind: 'wait', ...ref, options: { ...options, ...waitFlags(values) } };
}

/** The service's reference fields from their flags: each required; another service's flag is refused. */
function refFieldsOf(command: HelpTopic, values: Map<string, string | true>, descriptor: ServiceDescriptor): Record<string, string> {
  const fields: Record<string, string> = {};
  const own = new Set<string>();
  for (const { name, description } of descriptor.refFields ?? []) {
    const flag = refFlagName(name);
    own.add(flag);
    const value = text(values, flag);
    if (value === undefined) throw new UsageError(`${command}: ${descriptor.name} needs --${flag} <id> (${description})`, command);
    if (value.trim() === '' || value === '.' || value === '..') throw new UsageError(`${command}: --${flag} must not be empty, "." or ".."`, command);
    fields[name] = value;
  }
  for (const flag of REF_FLAGS.keys()) {
    if (values.has(flag) && !own.has(flag)) throw new UsageError(`${command}: --${flag} does not apply to ${descriptor.name}`, command);
  }
  return fields;
}

function text(values: Map<string, string | true>, name: string): string | undefined {
  const value = values.get(name);
  return typeof value === 'string' ? value : undefined;
}

function jobOptions(command: HelpTopic, values: Map<string, string | true>, descriptor: ServiceDescriptor): JobOptions {
  const options: JobOptions = { json: values.has('json'), color: !values.has('no-color') };
  const nonEmpty = (name: string): string | undefined => {
    const value = text(values, name);
    if (value !== undefined && value.trim() === '') throw new UsageError(`${command}: --${name} must not be empty`, command);
    return value;
  };
  const projectId = nonEmpty('project-id');
  if (projectId !== undefined) options.projectId = projectId;
  const region = nonEmpty('region');
  if (region !== undefined) options.region = region;
  const cloud = nonEmpty('cloud');
  if (cloud !== undefined) {
    if (cloud !== 'huaweicloud' && cloud !== 'otc') throw new UsageError(`${command}: --cloud must be huaweicloud or otc, got ${JSON.stringify(cloud)}`, command);
    options.cloud = cloud;
  }
  const endpoint = nonEmpty('endpoint');
  if (endpoint !== undefined) options.endpoint = checkEndpoint(command, endpoint, () => endpointExample(descriptor, options));
  return options;
}

/** A registered service, as `@cloud-jobs/jobs` describes it. */
type ServiceDescriptor = (typeof services)[number];
type Endpoint = ServiceDescriptor['endpoints'][number];

/** Where the example of an --endpoint message comes from when --cloud / --region do not say. */
const EXAMPLE_PLACE = { cloud: 'otc', region: 'eu-de' } as const;

/**
 * A real base URL of the service for messages: the endpoint of --cloud and --region when the
 * service has one, else of the region, of the cloud, of the example place, else its first one.
 */
function endpointExample(descriptor: ServiceDescriptor, options: JobOptions): string {
  const { endpoints } = descriptor;
  const wanted = [
    (e: Endpoint) => e.cloud === options.cloud && e.region === options.region,
    (e: Endpoint) => e.region === options.region,
    (e: Endpoint) => e.cloud === options.cloud,
    (e: Endpoint) => e.cloud === EXAMPLE_PLACE.cloud && e.region === EXAMPLE_PLACE.region,
    () => true,
  ];
  for (const match of wanted) {
    const found = endpoints.find(match);
    if (found !== undefined) return found.url;
  }
  return 'https://<service endpoint>';
}

function checkEndpoint(command: HelpTopic, endpoint: string, example: () => string): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UsageError(`${command}: --endpoint must be a URL such as ${example()}`, command);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`${command}: --endpoint must be an http(s) URL, got ${url.protocol}`, command);
  // Credentials in a URL end up in shell history and process lists: refuse them, and do not echo them.
  if (url.username || url.password) throw new UsageError(`${command}: --endpoint must not carry credentials (use the environment)`, command);
  return endpoint;
}

function duration(command: 'get' | 'wait', values: Map<string, string | true>, name: string, fallback: number): number {
  const raw = text(values, name);
  if (raw === undefined) return fallback;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 1 || ms > MAX_TIMER_MS) {
    throw new UsageError(`${command}: --${name} must be a duration such as 30m, 90s, 1h or 500ms (or plain milliseconds), got ${JSON.stringify(raw)}`, command);
  }
  return ms;
}

function waitFlags(values: Map<string, string | true>): WaitFlags {
  const timeoutMs = duration('wait', values, 'timeout', WAIT_FLAG_DEFAULTS.timeoutMs);
  const intervalMs = duration('wait', values, 'interval', WAIT_FLAG_DEFAULTS.intervalMs);
  const maxGiven = values.has('max-interval');
  const maxIntervalMs = duration('wait', values, 'max-interval', Math.max(WAIT_FLAG_DEFAULTS.maxIntervalMs, intervalMs));
  if (maxGiven && maxIntervalMs < intervalMs) {
    throw new UsageError(`wait: --max-interval (${text(values, 'max-interval') ?? ''}) must not be shorter than --interval (${text(values, 'interval') ?? '2s'})`, 'wait');
  }
  return { timeoutMs, intervalMs, maxIntervalMs };
}

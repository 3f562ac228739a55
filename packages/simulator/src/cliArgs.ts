// The command line of cloud-jobs-sim (and the AK/SK it may take from the environment).
import { SERVICES, wordList } from './registry.js';

/**
 * What `cloud-jobs-sim` was asked to do.
 * @example
 * parseCliArgs(['--port', '8080', '--seed-demo']); // { port: 8080, seedDemo: true, tokens: [], help: false }
 */
export interface CliArgs {
  port: number;
  host?: string;
  seed?: number;
  tokens: string[];
  /** AK/SK whose signatures are verified (`--ak`/`--sk`, else `CLOUD_JOBS_SIM_AK`/`_SK`); both or neither. */
  accessKey?: string;
  secretKey?: string;
  maxJobs?: number;
  seedDemo: boolean;
  help: boolean;
}

/**
 * The `--help` text.
 * @example
 * console.log(USAGE);
 */
export const USAGE = `Usage: cloud-jobs-sim [options]

Serves simulated ${wordList(Object.values(SERVICES).map((module) => module.title))} job status APIs, with an admin API at /_admin.

Options:
  --port <n>     TCP port (default 0: a free port; the URL is printed)
  --host <addr>  listen address (default 127.0.0.1; anything else is reachable from
                 other machines and prints a warning)
  --token <t>    accept only this X-Auth-Token (repeatable)
  --ak <AK>      verify AK/SK signatures made with this access key (with --sk)
  --sk <SK>      its secret key; prefer CLOUD_JOBS_SIM_SK (a flag shows in the process list)
  --max-jobs <n> most jobs held at once (default 10000; more answers 507)
  --seed <n>     deterministic job IDs
  --seed-demo    create a few demo jobs and print their URLs
  -h, --help     show this help

With no --token and no AK/SK it accepts any non-empty token and any well-formed signature;
given either, only what was given.

Environment:
  CLOUD_JOBS_SIM_AK, CLOUD_JOBS_SIM_SK   the AK/SK, when --ak / --sk are not given

Stop it with Ctrl-C (SIGINT) or SIGTERM.`;

/**
 * Why the command line was refused.
 * @example
 * try { parseCliArgs(['--port', 'x']); } catch (e) { (e as CliArgsError).message; } // '--port needs an integer from 0 to 65535'
 */
export class CliArgsError extends Error {
  override readonly name = 'CliArgsError';
}

/**
 * Parses `argv` (without the node and script paths); accepts `--name value` and `--name=value`.
 * `CLOUD_JOBS_SIM_AK` / `CLOUD_JOBS_SIM_SK` in `env` stand for a missing `--ak` / `--sk`.
 * Error messages name the flag, never the secret key.
 * @example
 * parseCliArgs(['--host=::1', '--token', 'a', '--token', 'b']).tokens; // ['a', 'b']
 * parseCliArgs(['--ak', 'AK1'], { CLOUD_JOBS_SIM_SK: sk }).secretKey === sk; // true
 */
export function parseCliArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = {}): CliArgs {
  const out: CliArgs = { port: 0, tokens: [], seedDemo: false, help: false };
  const int = (name: string, raw: string | undefined, max: number): number => {
    if (raw === undefined || !/^[0-9]+$/.test(raw) || Number(raw) > max) throw new CliArgsError(`${name} needs an integer from 0 to ${max}`);
    return Number(raw);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--port':
        out.port = int('--port', value(), 65535);
        break;
      case '--host': {
        const host = value();
        if (!host) throw new CliArgsError('--host needs an address');
        out.host = host;
        break;
      }
      case '--seed':
        out.seed = int('--seed', value(), 2 ** 32 - 1);
        break;
      case '--token': {
        const token = value();
        if (!token) throw new CliArgsError('--token needs a value');
        out.tokens.push(token);
        break;
      }
      case '--ak':
      case '--sk': {
        const key = value();
        if (!key) throw new CliArgsError(`${name} needs a value`);
        if (name === '--ak') out.accessKey = key;
        else out.secretKey = key;
        break;
      }
      case '--max-jobs': {
        const max = int('--max-jobs', value(), 10_000_000);
        if (max < 1) throw new CliArgsError('--max-jobs needs an integer from 1 to 10000000');
        out.maxJobs = max;
        break;
      }
      case '--seed-demo':
        out.seedDemo = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        // Not echoed: a mistyped flag may be followed by, or glued to, the secret key.
        throw new CliArgsError(arg.startsWith('--') ? `unknown option ${JSON.stringify(name)}` : 'unexpected argument (options are --name or --name=value)');
    }
  }
  const envAk = env['CLOUD_JOBS_SIM_AK'];
  const envSk = env['CLOUD_JOBS_SIM_SK'];
  if (out.accessKey === undefined && envAk) out.accessKey = envAk;
  if (out.secretKey === undefined && envSk) out.secretKey = envSk;
  if ((out.accessKey === undefined) !== (out.secretKey === undefined)) {
    throw new CliArgsError(out.accessKey === undefined ? '--sk needs --ak (or CLOUD_JOBS_SIM_AK)' : '--ak needs --sk (or CLOUD_JOBS_SIM_SK)');
  }
  if (out.accessKey !== undefined && !/^[A-Za-z0-9_-]{1,128}$/.test(out.accessKey)) throw new CliArgsError('--ak must be 1 to 128 letters, digits, _ or -');
  return out;
}

// The command line of cloud-jobs-sim.

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
  seedDemo: boolean;
  help: boolean;
}

/**
 * The `--help` text.
 * @example
 * console.log(USAGE);
 */
export const USAGE = `Usage: cloud-jobs-sim [options]

Serves simulated ECS, DCS, CFW, ServiceStage and OSM job status APIs, with an admin API at /_admin.

Options:
  --port <n>     TCP port (default 0: a free port; the URL is printed)
  --host <addr>  listen address (default 127.0.0.1; anything else is reachable from
                 other machines and prints a warning)
  --token <t>    accept only this X-Auth-Token (repeatable; default: any non-empty token)
  --seed <n>     deterministic job IDs
  --seed-demo    create a few demo jobs and print their URLs
  -h, --help     show this help

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
 * @example
 * parseCliArgs(['--host=::1', '--token', 'a', '--token', 'b']).tokens; // ['a', 'b']
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
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
      case '--seed-demo':
        out.seedDemo = true;
        break;
      case '-h':
      case '--help':
        out.help = true;
        break;
      default:
        throw new CliArgsError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return out;
}

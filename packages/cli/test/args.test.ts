// The command line: commands, positionals, flags in any order, durations, and refusals (exit 2).
import { findService, services } from '@cloud-jobs/jobs';
import { describe, expect, it } from 'vitest';
import { GET_FLAG_DEFAULTS, parseCommand, UsageError, WAIT_FLAG_DEFAULTS } from '../src/args.js';
import { refFlagName } from '../src/refFlags.js';

/** Every registered service, in registry order, as the usage messages list them. */
const REGISTERED = services.map((s) => s.name).join(', ');

function usageError(argv: string[]): UsageError {
  try {
    parseCommand(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`parseCommand(${JSON.stringify(argv)}) did not throw`);
}

describe('parseCommand: help and version', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('%j shows the main help', (argv) => {
    expect(parseCommand(argv)).toEqual({ kind: 'help', topic: 'main' });
  });
  it.each(['get', 'wait'] as const)('%s --help, -h and help %s show the command help', (command) => {
    expect(parseCommand([command, '--help'])).toEqual({ kind: 'help', topic: command });
    expect(parseCommand([command, 'ecs', 'id', '-h'])).toEqual({ kind: 'help', topic: command });
    expect(parseCommand(['help', command])).toEqual({ kind: 'help', topic: command });
  });
  it('--help wins over other mistakes on the same line', () => {
    expect(parseCommand(['wait', '--timeout', 'soon', '--help'])).toEqual({ kind: 'help', topic: 'wait' });
  });
  it('--version and -V', () => {
    expect(parseCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommand(['-V'])).toEqual({ kind: 'version' });
  });
});

describe('parseCommand: get', () => {
  it('reads service, job ID and every flag, before or after the positionals', () => {
    expect(
      parseCommand(['get', '--region', 'eu-de', 'ecs', 'ff80', '--cloud=otc', '--project-id', 'p1', '--endpoint', 'http://127.0.0.1:4010', '--json', '--no-color']),
    ).toEqual({
      kind: 'get',
      service: 'ecs',
      jobId: 'ff80',
      options: { region: 'eu-de', cloud: 'otc', projectId: 'p1', endpoint: 'http://127.0.0.1:4010', json: true, color: false, requestTimeoutMs: 30_000 },
    });
  });
  it('defaults: no JSON, colors on, the library\'s 30 s request timeout, nothing else set', () => {
    expect(parseCommand(['get', 'osm', '123'])).toEqual({ kind: 'get', service: 'osm', jobId: '123', options: { json: false, color: true, requestTimeoutMs: 30_000 } });
    expect(GET_FLAG_DEFAULTS).toEqual({ requestTimeoutMs: 30_000 });
  });
  it('takes a job ID that starts with a dash after --', () => {
    expect(parseCommand(['get', 'cfw', '--', '-abc'])).toMatchObject({ jobId: '-abc' });
  });
  it('--timeout bounds the request, with the duration syntax of wait', () => {
    expect(parseCommand(['get', 'ecs', 'id', '--timeout', '1m'])).toMatchObject({ options: { requestTimeoutMs: 60_000 } });
    expect(parseCommand(['get', 'ecs', 'id', '--timeout=1500ms'])).toMatchObject({ options: { requestTimeoutMs: 1500 } });
    expect(usageError(['get', 'ecs', 'id', '--timeout', 'soon']).message).toBe(
      'get: --timeout must be a duration such as 30m, 90s, 1h or 500ms (or plain milliseconds), got "soon"',
    );
    expect(usageError(['get', 'ecs', 'id', '--timeout', '0']).topic).toBe('get');
  });
  it('has no other wait flags', () => {
    expect(usageError(['get', 'ecs', 'id', '--interval', '1s']).message).toBe('get: unknown option --interval');
    expect(usageError(['get', 'ecs', 'id', '--max-interval', '1s']).message).toBe('get: unknown option --max-interval');
  });
});

describe('parseCommand: wait', () => {
  it('defaults to the waiter defaults', () => {
    expect(parseCommand(['wait', 'dcs', 'j1'])).toEqual({
      kind: 'wait',
      service: 'dcs',
      jobId: 'j1',
      options: { json: false, color: true, ...WAIT_FLAG_DEFAULTS },
    });
    expect(WAIT_FLAG_DEFAULTS).toEqual({ timeoutMs: 1_800_000, intervalMs: 2_000, maxIntervalMs: 30_000 });
  });
  it('parses durations', () => {
    expect(parseCommand(['wait', 'ecs', 'j1', '--timeout', '1h30m', '--interval=200ms', '--max-interval', '5000'])).toMatchObject({
      options: { timeoutMs: 5_400_000, intervalMs: 200, maxIntervalMs: 5000 },
    });
  });
  it('raises the default --max-interval to a longer --interval', () => {
    expect(parseCommand(['wait', 'ecs', 'j1', '--interval', '1m'])).toMatchObject({ options: { intervalMs: 60_000, maxIntervalMs: 60_000 } });
  });
  it.each([
    [['--timeout', '5x'], '--timeout'],
    [['--timeout', '0'], '--timeout'],
    [['--timeout='], '--timeout'],
    [['--interval', 'soon'], '--interval'],
    [['--max-interval', '-1s'], '--max-interval'],
    [['--interval', '30d'], '--interval'],
    [['--interval', '600h'], '--interval'],
  ])('a bad duration %j names %s', (flags, flag) => {
    const error = usageError(['wait', 'ecs', 'j1', ...flags]);
    expect(error.message).toContain(flag);
    expect(error.message).toContain('duration');
    expect(error.topic).toBe('wait');
  });
  it('refuses --max-interval shorter than --interval', () => {
    expect(usageError(['wait', 'ecs', 'j1', '--interval', '10s', '--max-interval', '1s']).message).toBe(
      'wait: --max-interval (1s) must not be shorter than --interval (10s)',
    );
  });
});

describe('parseCommand: usage errors', () => {
  it.each([
    [['frobnicate'], 'unknown command "frobnicate" (commands: get, wait)'],
    [['--json'], 'unknown option --json (put options after the command)'],
    [['help', 'nope'], 'help: unknown command "nope" (commands: get, wait)'],
    [['get'], `get: missing <service> (one of ${REGISTERED})`],
    [['get', 'ec2', 'id'], `get: unknown service "ec2" (one of ${REGISTERED})`],
    [['wait', 'ecs'], 'wait: missing <job-id>'],
    [['get', 'ecs', '..'], 'get: <job-id> must not be empty, "." or ".."'],
    [['get', 'ecs', ' '], 'get: <job-id> must not be empty, "." or ".."'],
    [['get', 'ecs', 'a', 'b'], 'get: unexpected argument "b"'],
    [['get', 'ecs', 'a', '--frob'], 'get: unknown option --frob'],
    [['get', 'ecs', 'a', '-x'], 'get: unknown option -x'],
    [['get', 'ecs', 'a', '--region'], 'get: --region needs a value'],
    [['get', 'ecs', 'a', '--region', '--json'], 'get: --region needs a value'],
    [['get', 'ecs', 'a', '--region='], 'get: --region must not be empty'],
    [['get', 'ecs', 'a', '--json=yes'], 'get: --json takes no value'],
    [['get', 'ecs', 'a', '--cloud', 'aws'], 'get: --cloud must be huaweicloud or otc, got "aws"'],
    [['get', 'ecs', 'a', '--endpoint', 'not a url'], 'get: --endpoint must be a URL such as https://ecs.eu-de.otc.t-systems.com'],
    [['get', 'ecs', 'a', '--endpoint', 'ftp://x'], 'get: --endpoint must be an http(s) URL, got ftp:'],
  ])('%j: %s', (argv, message) => {
    expect(usageError(argv).message).toBe(message);
  });

  it.each([
    ['--token', 'OS_AUTH_TOKEN'],
    ['--password', 'OS_PASSWORD'],
    ['--sk', 'HUAWEICLOUD_SDK_SK'],
    ['--ak', 'HUAWEICLOUD_SDK_AK'],
  ])('refuses the secret flag %s without repeating its value', (flag, variable) => {
    for (const argv of [['wait', 'ecs', 'j1', flag, 's3cr3t-value'], ['get', 'ecs', 'j1', `${flag}=s3cr3t-value`]]) {
      const error = usageError(argv);
      expect(error.message).toContain(variable);
      expect(error.message).toContain('environment');
      expect(error.message).not.toContain('s3cr3t');
    }
  });

  it('refuses credentials in --endpoint without repeating them', () => {
    const error = usageError(['get', 'ecs', 'a', '--endpoint', 'https://user:hunter2@example.com']);
    expect(error.message).toBe('get: --endpoint must not carry credentials (use the environment)');
  });
});

describe('parseCommand: the services come from the registry of @cloud-jobs/jobs', () => {
  it('lists the services shipped so far among them, in registry order', () => {
    const shipped = ['cfw', 'dcs', 'ecs', 'osm', 'servicestage'];
    expect(services.map((s) => s.name).filter((name) => shipped.includes(name))).toEqual(shipped);
  });

  it('lists every registered service, in registry order, when the service is missing or unknown', () => {
    const names = services.map((s) => s.name).join(', ');
    expect(usageError(['wait']).message).toBe(`wait: missing <service> (one of ${names})`);
    expect(usageError(['get', 'nope', 'j']).message).toBe(`get: unknown service "nope" (one of ${names})`);
    // A service whose reference has fields of its own (refFields) needs their flags too (test/ref-flags.test.ts).
    const refArgs = (s: (typeof services)[number]) => (s.refFields ?? []).flatMap((f) => [`--${refFlagName(f.name)}`, 'x1']);
    for (const s of services) expect(parseCommand(['get', s.name, 'j', ...refArgs(s)])).toMatchObject({ kind: 'get', service: s.name, jobId: 'j' });
  });

  it.each(services.map((s) => [s.name]))("%s: a bad --endpoint is refused with one of the service's own endpoints as the example", (name) => {
    const descriptor = findService(name)!;
    const example = /such as (\S+)$/.exec(usageError(['get', name, 'a', '--endpoint', 'not a url']).message)?.[1];
    expect(descriptor.endpoints.map((e) => e.url)).toContain(example);
  });

  it('the example is the endpoint of --cloud and --region when the service has one', () => {
    for (const s of services) {
      const last = s.endpoints[s.endpoints.length - 1];
      if (last === undefined) continue;
      const message = usageError(['wait', s.name, 'a', '--cloud', last.cloud, '--region', last.region, '--endpoint', 'no url']).message;
      expect(message).toBe(`wait: --endpoint must be a URL such as ${last.url}`);
    }
  });
});

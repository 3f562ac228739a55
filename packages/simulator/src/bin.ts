#!/usr/bin/env node
// cloud-jobs-sim: runs the simulator until SIGINT or SIGTERM.
import { CliArgsError, parseCliArgs, USAGE, type CliArgs } from './cliArgs.js';
import { seedDemoJobs } from './demo.js';
import { isLoopbackHost } from './loopback.js';
import { startSimulator } from './simulator.js';

async function main(args: CliArgs): Promise<void> {
  const open = !args.tokens.length && args.accessKey === undefined;
  if (args.host !== undefined && !isLoopbackHost(args.host)) {
    process.stderr.write(`warning: listening on ${args.host}: other machines may reach this simulator${open ? ' and it accepts any token' : ''}.\n`);
  }
  const sim = await startSimulator({
    port: args.port,
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.tokens.length ? { tokens: args.tokens } : {}),
    ...(args.accessKey !== undefined && args.secretKey !== undefined ? { accessKey: args.accessKey, secretKey: args.secretKey } : {}),
    ...(args.maxJobs !== undefined ? { maxJobs: args.maxJobs } : {}),
    onWarning: () => {}, // already printed above
  });
  process.stdout.write(`cloud-jobs simulator listening on ${sim.url}\n`);
  // The access key ID only: the secret key is never printed.
  if (args.accessKey !== undefined) process.stdout.write(`verifying AK/SK signatures of access key ${args.accessKey}\n`);
  if (args.seedDemo) {
    process.stdout.write('demo jobs:\n');
    for (const { spec, job } of seedDemoJobs(sim)) {
      const detail = `${spec.outcome ?? 'success'}${spec.blockedMs ? ', blocked first' : ''}, ${(spec.durationMs ?? 0) / 1000}s`;
      process.stdout.write(`  ${job.service.padEnd(12)} ${job.id.padEnd(40)} ${detail.padEnd(28)} ${sim.url}${job.path}\n`);
    }
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => {
        process.stdout.write(`cloud-jobs simulator stopped (${signal})\n`);
        process.exitCode = 0;
      },
      (err: unknown) => {
        process.stderr.write(`cloud-jobs-sim: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

let args: CliArgs;
try {
  args = parseCliArgs(process.argv.slice(2), process.env);
} catch (err) {
  if (!(err instanceof CliArgsError)) throw err;
  process.stderr.write(`cloud-jobs-sim: ${err.message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  main(args).catch((err: unknown) => {
    process.stderr.write(`cloud-jobs-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

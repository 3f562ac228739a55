#!/usr/bin/env node
// The `cloud-jobs` command: wires the process to `run`. Ctrl-C (or SIGTERM) aborts a wait cleanly.
import { run } from './main.js';

const controller = new AbortController();
let received: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals) => {
  // A second Ctrl-C while the first is being handled: leave at once.
  if (received !== undefined) process.exit(130);
  received = signal;
  controller.abort(new Error(`interrupted by ${signal}`));
};
process.on('SIGINT', onSignal);
// A reader that went away (`| head`) is no error of ours.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
process.on('SIGTERM', onSignal);

const code = await run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  columns: process.stdout.columns,
  signal: controller.signal,
});
const exitCode = received === 'SIGTERM' ? 143 : code;
// Exit as soon as the output is flushed: idle keep-alive sockets must not hold the process.
let pending = 2;
const flushed = () => {
  pending -= 1;
  if (pending === 0) process.exit(exitCode);
};
process.stdout.write('', flushed);
process.stderr.write('', flushed);

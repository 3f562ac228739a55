// Shared by the end-to-end tests: the built bin, a clean environment, and a child process runner.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(PACKAGE_DIR, '..', '..');
/** The real bin, as npm links it (built by turbo before the tests: `test` depends on `build`). */
export const BIN = join(PACKAGE_DIR, 'dist', 'bin.js');
/** The token the test simulators accept. Must never be printed. */
export const TOKEN = 'cli-e2e-secret-token-5b1d7e90';
export const PROJECT = '0123456789abcdef0123456789abcdef';

/** Polling fast enough for 1-3 s jobs. */
export const FAST = ['--interval', '200ms', '--max-interval', '500ms'];

/**
 * An environment with nothing from the developer's shell but PATH: no stray credentials, no
 * NO_COLOR, plus the test token and project.
 */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { PATH: process.env['PATH'], OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT, ...extra };
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** What a finished child process left. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running child process whose output is collected. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  done: Promise<Finished>;
}

/** Spawns `command args` and collects its output. */
export function start(command: string, args: readonly string[], env: Record<string, string>, cwd = REPO_ROOT): Running {
  const child = spawn(command, [...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<Finished>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
  });
  return { child, stdout: () => out, stderr: () => err, done };
}

/** Runs the built `cloud-jobs` bin to its end. */
export function cli(args: readonly string[], env: Record<string, string> = cleanEnv()): Promise<Finished> {
  return start(process.execPath, [BIN, ...args], env).done;
}

/** True when `name` is on PATH. */
export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Quotes one word for sh. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

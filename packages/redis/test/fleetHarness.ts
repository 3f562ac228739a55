// Several real Node processes (child_process.fork) of test/fixtures/worker.ts against one simulator
// and one Redis. The worker is bundled from source with esbuild first, so the processes run the
// code under test, not a stale build; with the workspace packages inside, so every process runs
// the same code as the first even while a package is being rebuilt.
import { build } from 'esbuild';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig, WorkerMessage } from './fixtures/worker.js';

const here = dirname(fileURLToPath(import.meta.url));
let bundled: Promise<string> | undefined;

/** The worker as one ESM file in test-results/ (ioredis stays an import, resolved from the package). */
export function workerScript(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(here, '..', 'test-results');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'fleet-worker.mjs');
    // A sibling package rebuilt at this moment (its dist/ briefly gone) is waited for, a few times.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await build({ entryPoints: [join(here, 'fixtures', 'worker.ts')], bundle: true, platform: 'node', format: 'esm', external: ['ioredis'], outfile, logLevel: 'silent' });
        return outfile;
      } catch (error) {
        if (attempt === 10) throw error;
        await new Promise((resolve) => setTimeout(resolve, 3_000));
      }
    }
  })();
  return bundled;
}

export interface Worker {
  readonly child: ChildProcess;
  readonly messages: WorkerMessage[];
  /** Resolves with the first message matching `test` (past or future). */
  next(test: (message: WorkerMessage) => boolean): Promise<WorkerMessage>;
  done(): Promise<Extract<WorkerMessage, { type: 'done' }>>;
  kill(): Promise<void>;
}

export async function startWorker(config: WorkerConfig): Promise<Worker> {
  const script = await workerScript();
  const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const messages: WorkerMessage[] = [];
  const waiters: { test: (m: WorkerMessage) => boolean; resolve: (m: WorkerMessage) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.on('message', (message: WorkerMessage) => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (waiter.test(message)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  });
  const next = (test: (m: WorkerMessage) => boolean): Promise<WorkerMessage> => {
    const found = messages.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      waiters.push({ test, resolve });
      void exited.then((code) => {
        const late = messages.find(test);
        if (late) resolve(late);
        else reject(new Error(`worker exited (${code}) before the expected message`));
      });
    });
  };
  child.send(config);
  await next((m) => m.type === 'ready');
  return {
    child,
    messages,
    next,
    done: () => next((m) => m.type === 'done') as Promise<Extract<WorkerMessage, { type: 'done' }>>,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

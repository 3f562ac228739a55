// `npm start` stops when npm's own process gets SIGINT (issue 13 point 9): npm passes the signal to
// its child only, so the script must be that child (no shell in between that swallows it) or
// notice its parent going. Runs the real `npm start -- --no-build` with system-chosen ports.
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Whether something still answers at `url` (any HTTP answer counts). */
async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(2_000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

describe('npm start', { timeout: 120_000 }, () => {
  it("stops both servers when npm's own process gets SIGINT", async () => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['start', '--silent', '--', '--no-build'], {
      cwd: repoRoot,
      env: { ...process.env, SIM_PORT: '0', DOCS_PORT: '0', PORT: '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`npm start printed no URLs in 60 s:\n${output}`)), 60_000);
      child.stdout.on('data', () => {
        if (output.includes('Press Ctrl-C')) {
          clearTimeout(timer);
          ok();
        }
      });
    });
    const sim = /simulator\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
    const docs = /docs portal\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '';
    expect(await answers(sim), 'the simulator answers while running').toBe(true);

    child.kill('SIGINT'); // npm's own process, not its process group
    const code = await Promise.race([exited, new Promise<'running'>((ok) => setTimeout(() => ok('running'), 20_000))]);
    let simUp = true;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && simUp; ) {
      simUp = await answers(sim);
      if (simUp) await new Promise((ok) => setTimeout(ok, 250));
    }
    if (code === 'running') child.kill('SIGKILL');
    expect(simUp, `the simulator at ${sim} still answers after SIGINT to npm`).toBe(false);
    if (docs) expect(await answers(docs), 'the docs server still answers').toBe(false);
    expect(code, 'npm start exits after SIGINT').not.toBe('running');
    expect(output).toContain('Stopped (SIGINT)');
  });
});

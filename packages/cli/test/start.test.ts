// `npm start` (scripts/start.mjs --no-build): the simulator with demo jobs, the portal, the printed
// CLI command run to success, the static server's safety, and a clean exit 0 on SIGINT / SIGTERM.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { services } from '@cloud-jobs/jobs';
import { SERVICE_NAMES as SIM_SERVICES } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, start, type Running } from './helpers.js';

const START = join(REPO_ROOT, 'scripts', 'start.mjs');
const READY = 'Press Ctrl-C to stop.';

function startScript(args: readonly string[], env: Record<string, string>): Running {
  return start(process.execPath, [START, '--no-build', ...args], { PATH: process.env['PATH'] ?? '', ...env });
}

async function ready(running: Running): Promise<string> {
  await expect.poll(() => running.stdout() + running.stderr(), { timeout: 20_000 }).toContain(READY);
  return running.stdout();
}

/** A raw GET whose path is sent as written (fetch would normalize `..`). */
function rawGet(base: string, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('npm start', () => {
  it('serves the simulator and the portal, prints a CLI command that waits a demo job to success, exits 0 on Ctrl-C', async () => {
    const running = startScript(['--demo-scale', '0.005'] /* the featured job: 10 min x 0.005 = 3 s */, { SIM_PORT: '0', DOCS_PORT: '0' });
    try {
      const out = await ready(running);
      const simUrl = /^ {2}simulator {3}(http:\/\/127\.0\.0\.1:\d+)$/m.exec(out)?.[1];
      expect(simUrl).toBeDefined();

      // The portal: turbo builds site/ before this test (packages/cli/turbo.json: test needs @cloud-jobs/docs#docs).
      expect(existsSync(join(REPO_ROOT, 'site', 'index.html')), 'site/index.html was built').toBe(true);
      const docsUrl = /^ {2}docs portal (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out)?.[1];
      expect(docsUrl).toBeDefined();
      const index = await fetch(docsUrl!);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await index.text()).toMatch(/<html/i);

      // Every registered service's demo job is listed and readable (the simulator's registry is the jobs one).
      const registered = services.map((s) => s.name);
      expect([...SIM_SERVICES].sort()).toEqual([...registered].sort());
      const demoUrls = [...out.matchAll(new RegExp(`^ {2}(${registered.join('|')}) +\\S+ +.+ (http://127\\.0\\.0\\.1:\\d+/\\S+)$`, 'gm'))];
      expect(new Set(demoUrls.map((m) => m[1]))).toEqual(new Set(registered));
      for (const shipped of ['ecs', 'dcs', 'cfw', 'servicestage', 'osm']) expect(registered).toContain(shipped);
      // Demo jobs are listed in registry order; the ECS one answers with a top-level status.
      const first = await fetch(demoUrls.find((m) => m[1] === 'ecs')![2]!, { headers: { 'X-Auth-Token': 'demo' } });
      expect(first.status).toBe(200);
      expect(await first.json()).toHaveProperty('status');

      // The printed command, pasted into a shell as is.
      const command = /^ {2}(OS_AUTH_TOKEN=demo .* wait ecs .*)$/m.exec(out)?.[1];
      expect(command).toContain(`--endpoint ${simUrl}`);
      const cli = await start('sh', ['-c', command!], { PATH: process.env['PATH'] ?? '' }).done;
      expect(cli.stderr).toBe('');
      expect(cli.code).toBe(0);
      expect(cli.stdout).toMatch(/succeeded \(SUCCESS\) 3\/3 sub-jobs\n/);
      expect(cli.stdout).toMatch(/ecs job \w+ succeeded after/);

      running.child.kill('SIGINT');
      const exit = await running.done;
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('Stopped (SIGINT).');
      expect(exit.stderr).toBe('');
      await expect(fetch(`${simUrl}/_health`)).rejects.toThrow(); // the port is closed
    } finally {
      running.child.kill('SIGKILL');
    }
  });
});

describe('npm start: the static server and busy ports', () => {
  let dir: string;
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cloud-jobs-start-'));
    const site = join(dir, 'site');
    await mkdir(join(site, 'sub'), { recursive: true });
    await writeFile(join(site, 'index.html'), '<!doctype html><html><body>portal</body></html>');
    await writeFile(join(site, 'style.css'), 'body { color: red }');
    await writeFile(join(site, 'app.js'), 'console.log(1)');
    await writeFile(join(site, 'sub', 'index.html'), '<html>sub</html>');
    await writeFile(join(dir, 'outside.txt'), 'SECRET OUTSIDE THE SITE');
    await symlink(join(dir, 'outside.txt'), join(site, 'link.txt'));
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves files with their types, never outside the site; a taken port moves; SIGTERM exits 0', async () => {
    const running = startScript(['--site', join(dir, 'site'), '--demo-scale', '0.05'], { SIM_PORT: String(busyPort), DOCS_PORT: String(busyPort) });
    try {
      const out = await ready(running);
      expect(out).toMatch(new RegExp(`^ {2}simulator {3}http://127\\.0\\.0\\.1:(?!${busyPort}\\b)\\d+ {3}\\(port ${busyPort} was taken\\)$`, 'm'));
      const docsUrl = /^ {2}docs portal (http:\/\/127\.0\.0\.1:\d+\/) {3}\(port \d+ was taken\)$/m.exec(out)?.[1];
      expect(docsUrl).toBeDefined();

      const index = await rawGet(docsUrl!, '/');
      expect([index.status, index.headers['content-type'], index.body]).toEqual([200, 'text/html; charset=utf-8', '<!doctype html><html><body>portal</body></html>']);
      expect((await rawGet(docsUrl!, '/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
      expect((await rawGet(docsUrl!, '/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
      const moved = await rawGet(docsUrl!, '/sub');
      expect([moved.status, moved.headers['location']]).toEqual([301, '/sub/']);
      expect((await rawGet(docsUrl!, '/sub/')).body).toBe('<html>sub</html>');
      const head = await rawGet(docsUrl!, '/', 'HEAD');
      expect([head.status, head.body]).toEqual([200, '']);
      expect((await rawGet(docsUrl!, '/', 'POST')).status).toBe(405);
      expect((await rawGet(docsUrl!, '/missing.html')).status).toBe(404);

      for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/sub/..%2f..%2foutside.txt', '/%2E%2E%5coutside.txt', '/link.txt', '/%00']) {
        const answer = await rawGet(docsUrl!, path);
        expect([path, answer.status >= 400]).toEqual([path, true]);
        expect(answer.body).not.toContain('SECRET');
      }

      running.child.kill('SIGTERM');
      const exit = await running.done;
      expect(exit.code).toBe(0);
      expect(exit.stdout).toContain('Stopped (SIGTERM).');
    } finally {
      running.child.kill('SIGKILL');
    }
  });

  it('refuses a bad port with exit 2', async () => {
    const exit = await startScript([], { SIM_PORT: 'abc' }).done;
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe('npm start: SIM_PORT must be a port number from 0 to 65535, got "abc"\n');
  });
});

// The small things a first run shows: no command is a usage error (2) with the usage on stderr;
// every table of a help page describes from one column; an unknown region lists every region;
// a connection that fails names the host, the port and the system's code.
import { findService, services } from '@cloud-jobs/jobs';
import { describe, expect, it } from 'vitest';
import { startLoopbackServer } from '../../../test-utils/loopbackServer.js';
import { helpText } from '../src/help.js';
import { cleanEnv, cli } from './helpers.js';

/** The description column of each row of a table block (the lines after `heading` up to a blank line). */
function columns(page: string, heading: string): number[] {
  const block = page.split(`\n${heading}\n`)[1]?.split('\n\n')[0] ?? '';
  return block.split('\n').map((line) => /^ {2}\S+(?: \S+)*? {2,}(?=\S)|^ +(?=\S)/.exec(line)?.[0].length ?? -1);
}

describe('cloud-jobs with no command', () => {
  it('exits 2 and prints the usage on stderr, nothing on stdout', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^cloud-jobs: missing command\n\nUsage: cloud-jobs <command> \[options\]\n/);
    expect(r.stderr).toContain(helpText('main'));
  });
});

describe('help pages', () => {
  it.each([
    ['main', ['Commands:', 'Options:']],
    ['get', ['Options:']],
    ['wait', ['Options:']],
  ] as const)('%s: options, commands and environment variables are described from one column', (topic, headings) => {
    const page = helpText(topic);
    const env = columns(page, 'as @cloud-jobs/jobs, the strongest complete method wins):');
    expect(env.length).toBeGreaterThan(6);
    const all = [...headings.flatMap((h) => columns(page, h)), ...env];
    expect(new Set(all)).toEqual(new Set([all[0]]));
    expect(all[0]).toBeGreaterThan(10);
  });
});

describe('error messages', () => {
  it('an unknown region lists every known region of the service, however many', async () => {
    const ecs = findService('ecs')!;
    const regions = ecs.endpoints.filter((e) => e.cloud === 'huaweicloud').map((e) => e.region);
    expect(regions.length).toBeGreaterThan(20);
    const r = await cli(['get', 'ecs', '0123456789abcdef0123456789abcdef', '--region', 'mars-1']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`known regions: ${regions.join(', ')} (or pass --endpoint)`);
  });

  it('a refused connection names the host, the port and the code', async () => {
    const server = await startLoopbackServer(() => {});
    const port = new URL(server.url).port;
    await server.close();
    const service = services.find((s) => s.scope === 'project')!.name;
    const r = await cli(['get', service, '0123456789abcdef0123456789abcdef', '--endpoint', `http://127.0.0.1:${port}`], cleanEnv());
    expect(r.code).toBe(4);
    expect(r.stderr.startsWith(`cloud-jobs: ${service}: `)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`fetch failed: could not reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)\\n$`));
  });
});

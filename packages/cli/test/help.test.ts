// The help pages: every option of a page described from the same column, get's --timeout with its default.
import { findService, services } from '@cloud-jobs/jobs';
import { describe, expect, it } from 'vitest';
import { helpText } from '../src/help.js';

/** The option lines of a page's "Options:" block, and their continuation lines. */
function optionBlock(page: string): string[] {
  const block = page.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? '';
  return block.split('\n');
}

describe('helpText', () => {
  it.each(['get', 'wait'] as const)('%s: the descriptions of all options start in one column', (topic) => {
    const lines = optionBlock(helpText(topic));
    expect(lines.length).toBeGreaterThan(5);
    const columns = new Set(lines.map((line) => (/^ {2}(-\S+(?:,? \S+)*)? +(?=\S)/.exec(line)?.[0] ?? '').length));
    expect([...columns]).toHaveLength(1);
    expect([...columns][0]).toBeGreaterThan(4);
  });

  it('get documents --timeout and its 30 s default', () => {
    const lines = optionBlock(helpText('get'));
    // The column is the page's (options and environment share it), so the gap after the flag is wider.
    expect(lines[0]).toMatch(/^ {2}--timeout <duration> +give up on the request after this long \(default 30s\)/);
    expect(helpText('get')).toContain('Durations: 500ms, 90s, 30m, 1h, 1h30m, or plain milliseconds.');
    expect(helpText('get')).toMatch(/\n {2}4 {4}API, authentication or configuration error \(get: also no answer within --timeout\)\n/);
  });

  it.each(['main', 'get', 'wait'] as const)('%s: lists the registered services and shows examples with registered ones only', (topic) => {
    const page = helpText(topic);
    expect(page).toContain(`Services: ${services.map((s) => s.name).join(', ')}\n`);
    const examples = [...page.matchAll(/^ {2}cloud-jobs (get|wait) (\S+) (\S+)/gm)];
    expect(examples.length).toBeGreaterThan(0);
    for (const [, , service, jobId] of examples) {
      expect(findService(service!), `example service ${service}`).toBeDefined();
      expect(jobId).toBe('<job-id>');
    }
  });

  it('names the global services where the environment differs for them', () => {
    const global = services.filter((s) => s.scope === 'global').map((s) => s.name);
    const page = helpText('main');
    const project = /HUAWEICLOUD_SDK_PROJECT_ID +(.*)/.exec(page)?.[1] ?? '';
    const domain = /HUAWEICLOUD_SDK_DOMAIN_ID +(.*)/.exec(page)?.[1] ?? '';
    for (const name of global) {
      expect(project).toContain(name);
      expect(domain).toContain(name);
    }
    for (const s of services.filter((d) => d.scope === 'project')) expect(`${project} ${domain}`).not.toMatch(new RegExp(`\\b${s.name}\\b`));
  });
});

// The flags of a job reference's own fields (a descriptor's refFields): derived from the registry,
// required for the services that declare them, refused for the others, shown in the help, and sent
// to the service. A service that declares a field is covered by registering it.
import { services } from '@cloud-jobs/jobs';
import { startSimulator, type Simulator } from '@cloud-jobs/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from '../src/args.js';
import { helpText } from '../src/help.js';
import { run } from '../src/main.js';
import { REF_FLAGS, refFlagName } from '../src/refFlags.js';
import { PROJECT, TOKEN } from './helpers.js';

const WITH_FIELDS = services.filter((s) => (s.refFields ?? []).length > 0);
const PLAIN = services.find((s) => (s.refFields ?? []).length === 0)!;

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ tokens: [TOKEN] });
});
afterAll(() => sim.close());

async function capture(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: { OS_AUTH_TOKEN: TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: PROJECT },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('reference flags', () => {
  it('a camelCase field is a kebab-case flag; every declared field has one', () => {
    expect(refFlagName('instanceId')).toBe('instance-id');
    expect(WITH_FIELDS.length).toBeGreaterThan(0);
    for (const service of WITH_FIELDS) for (const { name } of service.refFields ?? []) expect(REF_FLAGS.get(refFlagName(name))?.services).toContain(service.name);
  });

  it.each(WITH_FIELDS.map((s) => [s.name, s] as const))('%s: its flags are required, parsed into refFields, and listed in the help', (name, service) => {
    const fields = service.refFields ?? [];
    const flags = fields.flatMap((f) => [`--${refFlagName(f.name)}`, `v-${f.name}`]);
    for (const command of ['get', 'wait'] as const) {
      expect(parseCommand([command, name, 'job-1', ...flags])).toMatchObject({ service: name, jobId: 'job-1', refFields: Object.fromEntries(fields.map((f) => [f.name, `v-${f.name}`])) });
      expect(() => parseCommand([command, name, 'job-1'])).toThrow(new RegExp(`${name} needs --${refFlagName(fields[0]!.name)}`));
      expect(() => parseCommand([command, name, 'job-1', `--${refFlagName(fields[0]!.name)}`, ' '])).toThrow(UsageError);
      for (const f of fields) expect(helpText(command)).toContain(`--${refFlagName(f.name)} <id>`);
    }
  });

  it("another service's flag is refused, naming it", () => {
    const [flag] = [...REF_FLAGS.keys()];
    expect(() => parseCommand(['get', PLAIN.name, 'job-1', `--${flag}`, 'x'])).toThrow(new RegExp(`--${flag} does not apply to ${PLAIN.name}`));
  });

  it.each(WITH_FIELDS.map((s) => [s.name] as const))('%s: get sends the fields (a job of another value is not found, exit 4)', async (name) => {
    const service = name as (typeof services)[number]['name'];
    const created = sim.createJob({ service, durationMs: 1 });
    const flags = Object.entries(created.refFields).flatMap(([field, value]) => [`--${refFlagName(field)}`, value]);
    const ok = await capture(['get', name, created.id, ...flags, '--endpoint', sim.url, '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ service: name, id: created.id });
    const otherFlags = Object.keys(created.refFields).flatMap((field) => [`--${refFlagName(field)}`, 'another-value']);
    const missing = await capture(['get', name, created.id, ...otherFlags, '--endpoint', sim.url]);
    expect(missing.code).toBe(4);
  });
});

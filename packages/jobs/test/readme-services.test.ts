// The root README's service table lists every registered service: its package and its job endpoint
// as the spec has it (a required query parameter, or the job's, shown as `?name=`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { services } from '../src/serviceRegistry.js';
import { repoRoot } from '../../../test-utils/spec.js';

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const rows = readme
  .split('\n')
  .filter((line) => /^\| [^|]+ \| `@cloud-jobs\/[a-z0-9]+` \| `GET [^`]+` \|$/.test(line))
  .map((line) => line.split('|').map((cell) => cell.trim()).filter(Boolean));

it.each(services.map((s) => s.name))('the README service table has %s with its spec endpoint', (name) => {
  const row = rows.find((r) => r[1] === `\`@cloud-jobs/${name}\``);
  expect(row, `a row for @cloud-jobs/${name}`).toBeDefined();
  const spec = parse(readFileSync(join(repoRoot, 'specs', name, 'openapi.yaml'), 'utf8'));
  const [path, item] = Object.entries<Record<string, any>>(spec.paths)[0]!;
  // A required query parameter, or the one that names the job (OSM's job_id is optional on its page).
  const query = [...(item['parameters'] ?? []), ...(item['get']?.['parameters'] ?? [])]
    .filter((p: any) => p.in === 'query' && (p.required || /^(job_)?id$/.test(p.name)));
  expect(row![2]).toBe(`\`GET ${path}${query.length ? `?${query.map((p: any) => `${p.name}=`).join('&')}` : ''}\``);
});

it('lists no service that is not registered', () => {
  expect(rows.map((r) => r[1]).sort()).toEqual(services.map((s) => `\`@cloud-jobs/${s.name}\``).sort());
});

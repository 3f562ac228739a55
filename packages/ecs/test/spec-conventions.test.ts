// Issue 12: the spec types every answer the API gateway can send, and marks what no source says.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../test-utils/spec.js';
import { conventionProblems, gatewayAnswerProblems, missingEntryExports } from '../../../test-utils/specConventions.js';

describe('specs/ecs', () => {
  it('accepts the API gateway answers (APIG.0101, APIG.0201, APIG.0301, ...) on every status it sends them with', () => {
    expect(gatewayAnswerProblems('ecs')).toEqual([]);
  });

  it('marks inferred statements (Inferred: + x-inferred) and made-up examples (Illustrative:) consistently', () => {
    expect(conventionProblems('specs/ecs/openapi.yaml')).toEqual([]);
  });

  it('and so do the shared components every spec $refs', () => {
    const dir = join(repoRoot, 'specs/_shared');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => conventionProblems(`specs/_shared/${f}`))).toEqual([]);
  });

  it('exports every readable schema alias and every list of documented values from the entry', () => {
    expect(missingEntryExports(new URL('..', import.meta.url).pathname)).toEqual([]);
  });
});

// Issue 12: the spec types every answer the API gateway can send, and marks what no source says.
import { describe, expect, it } from 'vitest';
import { conventionProblems, gatewayAnswerProblems, missingEntryExports } from '../../../test-utils/specConventions.js';

describe('specs/evs', () => {
  it('accepts the API gateway answers (APIG.0101, APIG.0201, APIG.0301, ...) on every status it sends them with', () => {
    expect(gatewayAnswerProblems('evs')).toEqual([]);
  });

  it('marks inferred statements (Inferred: + x-inferred) and made-up examples (Illustrative:) consistently', () => {
    expect(conventionProblems('specs/evs/openapi.yaml')).toEqual([]);
  });

  it('exports every readable schema alias and every list of documented values from the entry', () => {
    expect(missingEntryExports(new URL('..', import.meta.url).pathname)).toEqual([]);
  });
});

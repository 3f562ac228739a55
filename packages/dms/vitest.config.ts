import { defineConfig } from 'vitest/config';

// Generous per-test budget: the first test of a file compiles the spec's JSON Schemas, and CI
// machines run several packages' suites at once. A budget is a hang guard, never a benchmark.
export default defineConfig({
  test: { testTimeout: 30_000, hookTimeout: 30_000 },
});

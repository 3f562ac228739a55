#!/usr/bin/env node
// Sums every package's vitest JSON report (packages/*/test-results/vitest.json) into the one
// closing line CI reads: `N passed, N failed`. Exits 1 when a test failed, a suite failed to
// load, or no report was found.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const pkg of readdirSync(join(root, 'packages'))) {
  const file = join(root, 'packages', pkg, 'test-results', 'vitest.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports += 1;
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + countFilesFailedWithoutTests(report);
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}

/**
 * A test file that failed with no failed test in it (it did not load, or a hook threw) counts as one
 * failure. (`numFailedTestSuites` is no help: vitest counts describe blocks as suites too.)
 */
function countFilesFailedWithoutTests(report) {
  return (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length;
}

if (reports === 0) {
  console.log('0 passed, 1 failed');
  console.error('no vitest report found under packages/*/test-results/');
  process.exit(1);
}
if (skipped > 0) console.error(`${skipped} skipped`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);

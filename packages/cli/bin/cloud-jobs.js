#!/usr/bin/env node
// The committed bin npm links at install time (a bin whose target is built later is not linked at
// all in a fresh clone); the command itself is the built dist/bin.js.
const target = new URL('../dist/bin.js', import.meta.url);
import(target.href).catch((err) => {
  // Only our own build missing (a missing dependency of it is another error, reported as it is).
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && err.url === target.href) {
    process.stderr.write('cloud-jobs: this package is not built yet: run `npm run build` at the repository root\n');
    process.exit(1);
  }
  throw err;
});

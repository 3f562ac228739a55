#!/usr/bin/env node
// Run by `npm test` first: the @cloud-jobs/redis tests start real redis-server instances of their
// own, and on a fresh machine there is none. Where the user may use the system package manager (root
// with apt-get, as on CI and these machines), install the Debian package and say so in one line;
// elsewhere say what to install. Never fails the run itself: a missing server fails those tests,
// with their own message, and the summary line still prints.
import { spawnSync } from 'node:child_process';

const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

if (!has('redis-server')) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0) {
    console.log('npm test: installing the Debian package redis-server (apt-get) for the @cloud-jobs/redis tests, which start their own instances');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    const install = update.status === 0 && spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (!install || install.status !== 0 || !has('redis-server')) console.error('npm test: warning: could not install redis-server; the @cloud-jobs/redis tests will fail');
  } else {
    console.error('npm test: warning: redis-server is not installed (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis); the @cloud-jobs/redis tests will fail without it');
  }
}

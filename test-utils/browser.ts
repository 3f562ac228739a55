// Where the browser tests get Chromium: `CHROMIUM_PATH` when set, else the Chromium that the
// devDependency @sparticuz/chromium ships inside its package (so `npm ci` is the whole set-up: no
// system package, no download). Its files are brotli-compressed; the first call unpacks them once
// into node_modules/.cache/ and every later call (any process) reuses that folder.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';

const PACKAGE = '@sparticuz/chromium';
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Flags for Chromium started by a test: headless, as root (no sandbox), and without the background
 * calls to Google services that this machine's closed network refuses many at a time.
 */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let found: Promise<string> | undefined;

/**
 * The path of a Chromium executable for playwright-core's `executablePath`.
 *
 * `CHROMIUM_PATH` wins when set (it must exist). Otherwise the Chromium of @sparticuz/chromium,
 * unpacked on first use (one line on stderr says so) into
 * `node_modules/.cache/cloud-jobs-chromium/<version>/`; the returned path is a small launcher there
 * that points the binary at the libraries and fonts shipped beside it.
 *
 * @example
 * import { chromium } from 'playwright-core';
 * import { chromiumArgs, findChromium } from '../../../test-utils/browser.js';
 * const browser = await chromium.launch({ executablePath: await findChromium(), args: [...chromiumArgs] });
 */
export function findChromium(): Promise<string> {
  found ??= locate();
  return found;
}

async function locate(): Promise<string> {
  const fromEnv = process.env['CHROMIUM_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist: unset it to use the Chromium of ${PACKAGE}`);
    return fromEnv;
  }
  const pkgDir = packageDir();
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const target = join(repoRoot, 'node_modules', '.cache', 'cloud-jobs-chromium', version);
  const launcher = join(target, 'chromium.sh');
  if (existsSync(launcher)) return launcher;

  console.error(`cloud-jobs: unpacking the Chromium ${version} that ${PACKAGE} ships into ${target} (once; about 190 MB)`);
  // Unpack into a folder of our own and rename it into place, so that a parallel test process
  // never sees half a browser: the first rename wins, the others drop their copy.
  const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(staging, { recursive: true });
  try {
    const bin = join(pkgDir, 'bin');
    await unbrotli(join(bin, 'chromium.br'), join(staging, 'chromium'));
    // Its own NSS/expat (not every Debian has them without the chromium package), SwiftShader's GL
    // libraries that the binary looks for beside itself, and a font for pages to render with.
    for (const archive of ['al2023.tar.br', 'swiftshader.tar.br', 'fonts.tar.br']) await untarBrotli(join(bin, archive), staging);
    writeFileSync(
      join(staging, 'fontconfig.conf'),
      [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
        '<fontconfig>',
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>',
        `  <dir>${join(target, 'fonts')}</dir>`,
        `  <cachedir>${join(target, 'fonts-cache')}</cachedir>`,
        '</fontconfig>',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(staging, 'chromium.sh'),
      [
        '#!/bin/sh',
        `# Made by test-utils/browser.ts: runs the Chromium of ${PACKAGE} with the libraries and fonts beside it.`,
        'dir=$(dirname "$0")',
        'LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" FONTCONFIG_FILE="$dir/fontconfig.conf" exec "$dir/chromium" "$@"',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    mkdirSync(dirname(target), { recursive: true });
    try {
      renameSync(staging, target);
    } catch (err) {
      if (!existsSync(launcher)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return launcher;
}

function packageDir(): string {
  let entry: string;
  try {
    entry = createRequire(import.meta.url).resolve(PACKAGE);
  } catch {
    throw new Error(`${PACKAGE} is not installed: run \`npm install\` at the repository root, or set CHROMIUM_PATH to a Chromium executable`);
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin', 'chromium.br'))) return dir;
  }
  throw new Error(`${PACKAGE} has no bin/chromium.br: reinstall it, or set CHROMIUM_PATH`);
}

function unbrotli(from: string, to: string): Promise<void> {
  return pipeline(createReadStream(from), createBrotliDecompress(), createWriteStream(to, { mode: 0o755 }));
}

function untarBrotli(from: string, into: string): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn('tar', ['-x', '-f', '-', '-C', into, '--no-same-owner'], { stdio: ['pipe', 'inherit', 'inherit'] });
    pipeInto(from, child, ok, fail);
  });
}

function pipeInto(from: string, child: ReturnType<typeof spawn>, ok: () => void, fail: (err: Error) => void): void {
  const input = createReadStream(from).pipe(createBrotliDecompress());
  input.on('error', (err) => {
    child.kill();
    fail(new Error(`could not unpack ${from}: ${err.message}`));
  });
  input.pipe(child.stdin!);
  child.on('error', fail);
  child.on('close', (code) => (code === 0 ? ok() : fail(new Error(`unpacking ${from} failed (exit ${code})`))));
}

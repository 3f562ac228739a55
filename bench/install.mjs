// 2. Install footprint: `npm pack` our ECS package, install the tarball into an empty folder
// (npm brings its dependency closure from the registry: openapi-fetch, openapi-typescript-helpers),
// then count packages and bytes on disk; the same for the official ECS SDK (+ the uuid it needs).
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NPM_ENV, ROOT, WORK, OFFICIAL_PACKAGES, fmtBytes, fmtRatio, isBuilt, listPackages, officialSpecs, runOk, treeSize } from './lib.mjs';

const DIR = join(WORK, 'install');
/** The service clients @cloud-jobs/jobs depends on (all packed: none is published). */
const SERVICES = Object.keys(JSON.parse(readFileSync(join(ROOT, 'packages/jobs/package.json'), 'utf8')).dependencies ?? {})
  .filter((name) => name.startsWith('@cloud-jobs/') && name !== '@cloud-jobs/core')
  .map((name) => name.slice('@cloud-jobs/'.length));

async function pack(pkg, dest) {
  const r = await runOk('npm', ['pack', `./packages/${pkg}`, '--pack-destination', dest, '--json'], { env: NPM_ENV, cwd: ROOT });
  const info = JSON.parse(r.stdout)[0];
  return { file: join(dest, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount };
}

/** Installs `specs` into a fresh empty folder; returns what ended up in node_modules. */
async function installInto(name, specs) {
  const dir = join(DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `bench-install-${name}`, private: true }, null, 2));
  const r = await runOk('npm', ['install', '--ignore-scripts', '--no-package-lock', ...specs], { env: NPM_ENV, cwd: dir });
  const nm = join(dir, 'node_modules');
  const packages = listPackages(nm).map((p) => relative(nm, p).replaceAll('/node_modules/', ' > '));
  return { packages, count: packages.length, ...treeSize(nm), installSeconds: +(r.ms / 1000).toFixed(1) };
}

export async function measure({ log }) {
  const tarballs = join(DIR, 'tarballs');
  rmSync(tarballs, { recursive: true, force: true });
  mkdirSync(tarballs, { recursive: true });
  const res = {};
  const skipped = {};

  // Every client depends on @cloud-jobs/core (the one shared runtime): it is packed with it, as the
  // registry would serve it.
  if (isBuilt('ecs') && isBuilt('core')) {
    const ecsTgz = await pack('ecs', tarballs);
    const coreTgz = await pack('core', tarballs);
    log(`packed @cloud-jobs/ecs: ${ecsTgz.size} B, ${ecsTgz.files} files; @cloud-jobs/core: ${coreTgz.size} B, ${coreTgz.files} files`);
    res.ours = {
      label: '@cloud-jobs/ecs + @cloud-jobs/core (npm pack) + their dependencies',
      tarball: { size: ecsTgz.size + coreTgz.size, files: ecsTgz.files + coreTgz.files },
      ...(await installInto('ours', [ecsTgz.file, coreTgz.file])),
    };
  } else skipped.ours = '@cloud-jobs/ecs or @cloud-jobs/core is not built';

  const allBuilt = ['core', 'jobs', ...SERVICES].every(isBuilt);
  if (allBuilt) {
    const tgz = [];
    for (const p of ['core', 'jobs', ...SERVICES]) tgz.push(await pack(p, tarballs));
    res.jobs = {
      label: `@cloud-jobs/jobs + @cloud-jobs/core + the ${SERVICES.length} service clients (all packed) + dependencies`,
      tarball: { size: tgz.reduce((a, t) => a + t.size, 0), files: tgz.reduce((a, t) => a + t.files, 0) },
      ...(await installInto('jobs', tgz.map((t) => t.file))),
    };
  } else skipped.jobs = `not all of jobs, ${SERVICES.join(', ')} are built`;

  log(`installing the official SDK into an empty folder (${officialSpecs().join(', ')})`);
  res.official = { label: `official ${Object.keys(OFFICIAL_PACKAGES)[0]} (+ uuid, which it needs but does not declare)`, ...(await installInto('official', officialSpecs())) };

  const o = res.official;
  const rows = [];
  for (const key of ['ours', 'jobs', 'official']) {
    const r = res[key];
    if (!r) {
      rows.push([key === 'ours' ? '@cloud-jobs/ecs' : '@cloud-jobs/jobs + clients', `skipped: ${skipped[key]}`, '', '', '', '', '']);
      continue;
    }
    rows.push([
      r.label,
      r.count,
      `${fmtBytes(r.bytes)} (${r.bytes} B)`,
      fmtBytes(r.allocated),
      r.files,
      key === 'official' ? '1x' : fmtRatio(o.bytes / r.bytes, 0),
      r.count <= 6 ? r.packages.join(', ') : `${r.packages.slice(0, 6).join(', ')}, … (${r.count})`,
    ]);
  }
  const targets = [];
  if (res.ours) {
    targets.push({ name: 'install: packages', target: '<= 3 packages', value: `${res.ours.count} (${res.ours.packages.join(', ')})`, met: res.ours.count <= 3 });
    const x = o.bytes / res.ours.bytes;
    const xDisk = o.allocated / res.ours.allocated;
    targets.push({
      name: 'install: bytes vs official',
      target: '>= 50x fewer bytes (sum of file sizes)',
      value: `${fmtBytes(res.ours.bytes)} vs ${fmtBytes(o.bytes)}: ${fmtRatio(x, 0)} (allocated on disk: ${fmtBytes(res.ours.allocated)} vs ${fmtBytes(o.allocated)}, ${fmtRatio(xDisk, 0)}); official ${o.count} packages`,
      met: x >= 50,
    });
  } else {
    targets.push({ name: 'install: packages', target: '<= 3 packages', value: 'not measured', met: null, why: skipped.ours });
    targets.push({ name: 'install: bytes vs official', target: '>= 50x fewer bytes', value: 'not measured', met: null, why: skipped.ours });
  }
  return {
    title: '2. Install footprint (npm pack + npm install into an empty folder)',
    table: { head: ['what', 'packages', 'bytes (sum of file sizes)', 'on disk (blocks)', 'files', 'official ÷ this (bytes)', 'packages installed'], rows },
    notes: [
      'Our packages are installed from `npm pack` tarballs; npm fetches their dependency closure from the registry, exactly as a user would get it. `--ignore-scripts --no-package-lock`, everything under node_modules counted (npm\'s own .package-lock.json included).',
      `The bytes target is judged on the sum of file sizes, the stricter of the two figures: allocated blocks round every small file up to a 4 KiB block, which inflates the official SDK's ${o.files} files more than ours.`,
      `Install time with a warm npm cache (informational): ours ${res.ours?.installSeconds ?? 'n/a'} s${res.jobs ? `, @cloud-jobs/jobs + clients ${res.jobs.installSeconds} s` : ''}, official ${o.installSeconds} s.`,
    ],
    targets,
    raw: res,
  };
}

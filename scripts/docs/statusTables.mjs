// The status tables of the registered services, from the built @cloud-jobs/jobs, joined with the
// status enums of the specs: the one source of every normalized state the site shows.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, statusEnum } from './specs.mjs';

/** The status tables of the registered services (and the terminal states) of the built @cloud-jobs/jobs, resolved from packages/docs. */
export async function loadJobs() {
  const from = createRequire(join(root, 'packages', 'docs', 'package.json'));
  let mod;
  try {
    mod = await import(pathToFileURL(from.resolve('@cloud-jobs/jobs')).href);
  } catch (err) {
    const e = /** @type {NodeJS.ErrnoException} */ (err);
    throw new Error(
      `cannot load the built @cloud-jobs/jobs (${e.code ?? ''} ${e.message.split('\n')[0]}). ` +
        'Build it first: `npx turbo run build --filter=@cloud-jobs/jobs` (`npm run docs` does this through the docs task\'s dependsOn ^build).',
    );
  }
  const registry = mod.services;
  if (!Array.isArray(registry) || typeof mod.findService !== 'function') {
    throw new Error(
      '@cloud-jobs/jobs does not export services / findService (its registry of service descriptors, packages/jobs/src/services/registry.ts). ' +
        'The portal takes every normalized state from the descriptors\' status tables; rebuild @cloud-jobs/jobs once it is there.',
    );
  }
  /** @type {Record<string, unknown>} service -> field -> [raw value, state, meaning][] */
  const tables = Object.fromEntries(registry.map((descriptor) => [descriptor.name, descriptor.statusTable]));
  /** @type {ReadonlySet<string>} */
  const terminal = mod.TERMINAL_STATES instanceof Set ? mod.TERMINAL_STATES : new Set();
  return { tables, terminal, descriptors: registry };
}

/**
 * @typedef {{ value: string | number | boolean, state: string, meaning: string, documented: boolean }} StatusRow
 * @typedef {{ field: string, path: string, rows: StatusRow[] }} StatusTable
 */

/** Joins the spec's enum of each field with the status table of the service's descriptor. @returns {StatusTable[]} */
export function statusTables(spec, service, tables) {
  const byField = tables[service];
  if (byField === null || typeof byField !== 'object' || Object.keys(byField).length === 0) {
    throw new Error(`no registered service "${service}" with a status table in @cloud-jobs/jobs (registered: ${Object.keys(tables).join(', ') || 'none'}); name the API <service>@v<N> after a registered service`);
  }
  return Object.entries(byField).map(([field, entries]) => {
    if (!Array.isArray(entries)) throw new Error(`${service} statusTable.${field} is not an array of [raw value, state, meaning]`);
    const known = entries.map((row, i) => {
      if (!Array.isArray(row) || row.length < 2 || typeof row[1] !== 'string') {
        throw new Error(`${service} statusTable.${field}[${i}] is not a [raw value, state, meaning] tuple: ${JSON.stringify(row)}`);
      }
      return { value: row[0], state: row[1], meaning: row[2] === undefined || row[2] === null ? '' : String(row[2]) };
    });
    const { path, values } = statusEnum(spec, service, field);
    const find = (v) => known.find((k) => String(k.value) === String(v));
    const missing = values.filter((v) => !find(v));
    if (missing.length > 0) {
      throw new Error(
        `specs/${service}/openapi.yaml documents ${path} = ${missing.map((v) => JSON.stringify(v)).join(', ')}, ` +
          `which ${service} statusTable.${field} does not map to a state`,
      );
    }
    const extra = known.filter((k) => !values.some((v) => String(v) === String(k.value)));
    if (extra.length > 0) {
      console.warn(
        `build-docs: warning: ${service} statusTable.${field} maps ${extra.map((k) => JSON.stringify(k.value)).join(', ')}, ` +
          `not in the enum of ${path} in specs/${service}/openapi.yaml (shown as undocumented)`,
      );
    }
    const rows = [
      ...values.map((v) => ({ .../** @type {StatusRow} */ (find(v)), value: v, documented: true })),
      ...extra.map((k) => ({ ...k, documented: false })),
    ];
    return { field, path, rows };
  });
}

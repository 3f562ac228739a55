// Every documented status value of every registered service, for the docs portal and the README:
// each service's rows live in its own folder; this only gathers them.
import type { ServiceStatusTable } from '@cloud-jobs/core';
import { services, type ServiceName } from '../serviceRegistry.js';

export type { StatusTableRow, ServiceStatusTable } from '@cloud-jobs/core';

/**
 * Service name -> its status fields -> `[raw value, state, meaning]` rows: every documented status
 * value of every registered service. The single source of the status tables of the docs portal and
 * the README.
 * @example STATUS_TABLES[name]?.['status']?.map(([raw, state]) => `${raw} -> ${state}`)
 */
export const STATUS_TABLES: Readonly<Record<ServiceName, ServiceStatusTable>> = /* @__PURE__ */ tablesOf(services);

/** A function call, so that a bundler can drop the whole table when nothing reads it. */
function tablesOf(list: typeof services): Readonly<Record<ServiceName, ServiceStatusTable>> {
  return Object.freeze(Object.fromEntries(list.map((s) => [s.name, s.statusTable])) as Record<ServiceName, ServiceStatusTable>);
}

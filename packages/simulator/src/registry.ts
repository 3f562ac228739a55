// The service modules as generic code sees them: by name, in registry order, and the checks and
// messages built from them (so that no generic module names a service).
import * as registry from './services/index.js';
import type { ServiceModule } from './services/service.js';
import type { ServiceName } from './types.js';

/**
 * Every service module by name (the registry `services/index.ts`).
 * @example
 * SERVICES[name].route; // e.g. '/v1/{project_id}/jobs/{job_id}'
 */
export const SERVICES: Readonly<Record<ServiceName, ServiceModule<ServiceName>>> = registry;

/**
 * Every service name, in registry order (the order of the registry's exports: alphabetical).
 * @example
 * for (const service of SERVICE_NAMES) sim.createJob({ service, durationMs: 1000 });
 */
export const SERVICE_NAMES: readonly ServiceName[] = Object.freeze(Object.values(SERVICES).map((module) => module.name));

/**
 * True when `value` names a service of the simulator.
 * @example
 * isServiceName(SERVICE_NAMES[0]); // true
 * isServiceName('rds'); // false
 */
export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && Object.hasOwn(SERVICES, value);
}

/**
 * `a, b and c`: a list of words for messages and help texts.
 * @example
 * wordList(['x', 'y', 'z']); // 'x, y and z'
 */
export function wordList(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

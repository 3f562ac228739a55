// The registered services, read from the registry: generic code asks here, and names none.
import type { JobRefBase, ServiceDescriptor } from '@cloud-jobs/core';
import * as registry from './services/registry.js';

type Registry = typeof registry;

// Function calls marked pure (their arguments are plain identifiers), so that a bundle which reads
// no list drops them, and with them every descriptor it does not import itself.
function frozenValues(record: Registry): readonly RegisteredService[] {
  return Object.freeze(Object.values(record));
}

function namesOf(list: readonly RegisteredService[]): readonly ServiceName[] {
  return Object.freeze(list.map((s) => s.name));
}

/**
 * The descriptor of every service @cloud-jobs/jobs ships (a union of their exact types).
 * @example const svc: RegisteredService = services[0]!;
 */
export type RegisteredService = Registry[keyof Registry];

/**
 * The name of a registered service: derived from the registry, so a new service adds its name here.
 * @example const name: ServiceName = services[0]!.name;
 */
export type ServiceName = RegisteredService['name'];

/**
 * The descriptor of service `S`.
 * @example type Client = DescriptorOf<ServiceName>['createClient'];
 */
export type DescriptorOf<S extends ServiceName> = Extract<RegisteredService, { name: S }>;

/** The typed client a service's descriptor builds. */
export type ClientOf<S extends ServiceName> = ReturnType<DescriptorOf<S>['createClient']>;

/** The job reference a service's descriptor reads (`{ jobId, projectId? }`, or `{ jobId }` for a global one). */
export type JobRefOf<S extends ServiceName> = DescriptorOf<S> extends ServiceDescriptor<string, unknown, infer Ref extends JobRefBase> ? Ref : JobRefBase;

/**
 * Every registered service, in registry order (by name).
 * @example services.map((s) => `${s.name}: ${s.title}`)
 */
export const services: readonly RegisteredService[] = /* @__PURE__ */ frozenValues(registry);

/**
 * Every registered service's name, in registry order (`services.map((s) => s.name)`).
 * @example SERVICE_NAMES.includes(name)
 */
export const SERVICE_NAMES: readonly ServiceName[] = /* @__PURE__ */ namesOf(services);

/**
 * The descriptor registered under `name`, or `undefined`.
 * @example findService(process.argv[2] ?? '')?.title
 */
export function findService(name: string): RegisteredService | undefined {
  return services.find((s) => s.name === name);
}

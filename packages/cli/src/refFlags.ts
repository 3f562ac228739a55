// The flags of a job reference's own fields (a descriptor's `refFields`): `instanceId` is asked for
// as `--instance-id`. Read from the registry, so a service that needs one adds no code here.
import { services } from '@cloud-jobs/jobs';

/**
 * One reference flag: the ref field it fills and the services that need it.
 * @example const flag: RefFlag = { flag: 'instance-id', field: 'instanceId', description: 'the instance', services: ['x'] };
 */
export interface RefFlag {
  flag: string;
  field: string;
  description: string;
  services: string[];
}

/**
 * The kebab-case flag of a camelCase ref field.
 * @example refFlagName('instanceId') // 'instance-id'
 */
export function refFlagName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function collect(): ReadonlyMap<string, RefFlag> {
  const flags = new Map<string, RefFlag>();
  for (const service of services) {
    for (const { name, description } of service.refFields ?? []) {
      const flag = refFlagName(name);
      const known = flags.get(flag);
      if (known) known.services.push(service.name);
      else flags.set(flag, { flag, field: name, description, services: [service.name] });
    }
  }
  return flags;
}

/**
 * Every reference flag of the registered services, by flag name.
 * @example REF_FLAGS.get('instance-id')?.field // 'instanceId'
 */
export const REF_FLAGS: ReadonlyMap<string, RefFlag> = collect();

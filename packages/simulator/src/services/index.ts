// The registry of the five service modules.
import type { ServiceName } from '../types.js';
import { cfw } from './cfw.js';
import { dcs } from './dcs.js';
import { ecs } from './ecs.js';
import { osm } from './osm.js';
import type { ServiceModule } from './service.js';
import { servicestage } from './servicestage.js';

/**
 * Every service module by name.
 * @example
 * SERVICES.ecs.route; // '/v1/{project_id}/jobs/{job_id}'
 */
export const SERVICES: Readonly<Record<ServiceName, ServiceModule>> = { ecs, dcs, cfw, servicestage, osm };

export type { JobRef, ServiceModule } from './service.js';

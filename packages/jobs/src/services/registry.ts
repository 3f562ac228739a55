// Every service @cloud-jobs/jobs ships: one line each. Generic code enumerates this module
// (`import * as registry`) and names no service; adding a service adds one line here.
export { cce } from './cce/index.js';
export { cfw } from './cfw/index.js';
export { dcs } from './dcs/index.js';
export { dms } from './dms/index.js';
export { ecs } from './ecs/index.js';
export { evs } from './evs/index.js';
export { ims } from './ims/index.js';
export { osm } from './osm/index.js';
export { rds } from './rds/index.js';
export { servicestage } from './servicestage/index.js';

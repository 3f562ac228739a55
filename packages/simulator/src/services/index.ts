// The registry of the service modules: one line per service, nothing else. Generic code enumerates
// it (`import * as registry`); adding a service adds its module and one line here.
export { cce } from './cce.js';
export { cfw } from './cfw.js';
export { dcs } from './dcs.js';
export { dms } from './dms.js';
export { ecs } from './ecs.js';
export { evs } from './evs.js';
export { ims } from './ims.js';
export { osm } from './osm.js';
export { rds } from './rds.js';
export { servicestage } from './servicestage.js';

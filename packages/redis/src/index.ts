/**
 * @cloud-jobs/redis: fleet scale for @cloud-jobs/jobs on Redis. One request budget per service and
 * account for all processes (`createRedisRateLimiter`), one poll per job (a lease; the others read
 * its answers), durable waits (resume tokens in Redis), and local work whenever Redis is away.
 */
export { createFleetJobs, FLEET_DEFAULTS, type FleetJobs, type FleetJobsOptions, type FleetWaitOptions, type ResumedWait } from './fleetJobs.js';
export { createRedisRateLimiter, type RedisRateLimiterOptions } from './rateLimiter.js';
export { connectRedis, type ConnectRedisOptions } from './connect.js';
export { RedisUnavailableError } from './errors.js';
export type { RedisHealthHooks } from './health.js';
export type { StoredWait } from './waitStore.js';

// A Redis connection with the settings fleet work needs: fail fast when Redis is away, reconnect forever.
import { Redis, type RedisOptions } from 'ioredis';

/**
 * Options of {@link connectRedis}: ioredis's, with fail-fast defaults.
 * @example const options: ConnectRedisOptions = { commandTimeoutMs: 500 };
 */
export interface ConnectRedisOptions {
  /** Budget of one command, ms (ioredis `commandTimeout`). Default 500. */
  commandTimeoutMs?: number | undefined;
  /** More ioredis options; they win over these defaults. */
  redisOptions?: RedisOptions | undefined;
}

/**
 * Opens a Redis connection (ioredis) that never queues commands while disconnected (they fail at
 * once, so the fleet falls back to local work instead of hanging), does not retry a command, times
 * each one out after `commandTimeoutMs`, and reconnects every second at most until Redis is back.
 * Connection errors are reported by the fleet's `onDegraded`, so none is left unhandled here.
 * @example
 * const redis = connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * const fleet = createFleetJobs({ redis, region: 'eu-de', token, maxRequestsPerSecond: 20 });
 */
export function connectRedis(url: string, options: ConnectRedisOptions = {}): Redis {
  const settings: RedisOptions = {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 1_000,
    retryStrategy: (times: number) => Math.min(times * 100, 1_000),
    ...options.redisOptions,
  };
  // ioredis types replyMapping without undefined; the default ('legacy') is what this package reads.
  const redis: Redis = new Redis(url, settings as RedisOptions & { replyMapping?: 'legacy' });
  redis.on('error', () => {
    // Reported through the fleet's onDegraded when a call fails; ioredis would print it otherwise.
  });
  return redis;
}

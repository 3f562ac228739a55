// Every Redis call gets a short budget: a slow or absent Redis costs a wait at most that long.
import type { Redis } from 'ioredis';
import { RedisUnavailableError } from './errors.js';

/** One promise per connection for its coming 'ready': a thousand calls during an outage add one listener, not a thousand. */
const readiness = new WeakMap<Redis, Promise<void>>();

/** Resolves when `redis` is connected; a connection under way is awaited (a fresh client is not down). */
function whenReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  if (redis.status === 'end' || redis.status === 'close') return Promise.reject(new Error(`the connection is ${redis.status}`));
  let ready = readiness.get(redis);
  if (!ready) {
    ready = new Promise<void>((resolve, reject) => {
      const settle = (error?: Error): void => {
        readiness.delete(redis);
        redis.off('ready', onReady);
        redis.off('end', onEnd);
        if (error) reject(error);
        else resolve();
      };
      const onReady = (): void => settle();
      const onEnd = (): void => settle(new Error('the connection ended'));
      redis.on('ready', onReady);
      redis.on('end', onEnd);
    });
    ready.catch(() => {});
    readiness.set(redis, ready);
  }
  return ready;
}

/**
 * Resolves with `call`'s result, or rejects with a RedisUnavailableError after `timeoutMs` or when
 * `call` fails. With `redis`, a connection still being made is awaited first, within the same
 * budget. The call itself is not cancelled (Redis clients cannot take one back); its late answer
 * is ignored.
 */
export function bounded<T>(operation: string, timeoutMs: number, call: () => Promise<T>, redis?: Redis): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new RedisUnavailableError(operation, `no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
    let pending: Promise<T>;
    try {
      pending = redis === undefined || redis.status === 'ready' ? call() : whenReady(redis).then(call);
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof RedisUnavailableError ? error : new RedisUnavailableError(operation, error instanceof Error ? error.message : String(error), error));
      },
    );
  });
}

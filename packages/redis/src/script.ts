// Runs a Lua script by its SHA1 and sends the source only when Redis does not know it (first use,
// or after a restart emptied its script cache).
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script with its SHA1.
 * @example const script = luaScript('return 1'); await runScript(redis, script, [], []);
 */
export interface LuaScript {
  readonly source: string;
  readonly sha: string;
}

export function luaScript(source: string): LuaScript {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

export async function runScript(redis: Redis, script: LuaScript, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
  try {
    return await redis.evalsha(script.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script.source, keys.length, ...keys, ...args);
  }
}

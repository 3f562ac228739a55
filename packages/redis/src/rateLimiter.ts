// One request budget for every process: evenly spaced request slots, reserved in Redis by an
// atomic Lua script on Redis's own clock (so the processes' clocks never matter).
import { createRateLimiter, JobsConfigError, type RateLimiter } from '@cloud-jobs/jobs';
import type { Redis } from 'ioredis';
import { bounded } from './bounded.js';
import type { RedisUnavailableError } from './errors.js';
import { RedisHealth, type RedisHealthHooks } from './health.js';
import { luaScript, runScript } from './script.js';
import { checkHook, checkName, checkNumber, checkRedis } from './validate.js';

/**
 * Reserves up to ARGV[2] request slots, ARGV[1] µs apart (a GCRA without burst): the next free slot
 * is KEYS[1] (the theoretical arrival time, epoch µs), or now after an idle spell; slots are taken
 * while they start less than ARGV[3] µs ahead. KEYS[2] counts the slots ever granted. Returns
 * { slots, µs from now to the first, µs from now to the next free slot }.
 * Numbers are formatted with %.0f: Lua's default conversion keeps 14 digits, too few for epoch µs.
 */
const RESERVE = luaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local horizon = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local first = tat
local n = 0
while n < want and tat < now + horizon do
  tat = tat + interval
  n = n + 1
end
if n > 0 then
  redis.call('SET', KEYS[1], string.format('%.0f', tat), 'PX', math.ceil((tat - now) / 1000) + 1000)
  redis.call('INCRBY', KEYS[2], n)
end
return { n, math.floor(first - now), math.floor(tat - now) }
`);

/** Most slots reserved in one call (one script run stays short). */
const MAX_BATCH = 1_000;

/**
 * Options of {@link createRedisRateLimiter}.
 * @example const options: RedisRateLimiterOptions = { redis, key: 'ecs:my-account', maxRequestsPerSecond: 20 };
 */
export interface RedisRateLimiterOptions extends RedisHealthHooks {
  /** An ioredis client (see `connectRedis`). */
  redis: Redis;
  /** What shares the budget, e.g. `${service}:${account}`: every limiter with this key, in any process, shares it. */
  key: string;
  /**
   * Requests per second, all processes together: their slots are `1000 / rate` ms (plus the margin)
   * apart, so no window of one second holds more than this many. A fraction is fine (0.5 = one
   * every 2 s). Throughput is `rate * 1000 / (1000 + marginMs)`.
   */
  maxRequestsPerSecond: number;
  /**
   * Added per second of slots, ms (default 20): room for the time between a slot and its caller's
   * release (a busy event loop delays some more than others), so the releases keep under the rate
   * too, not only the slots. A release later than this after its slot gives the slot up and waits
   * for a new one.
   */
  marginMs?: number | undefined;
  /** How far ahead a process reserves slots for its queue, ms (default 1000): the pump's own lateness costs no throughput within it. */
  horizonMs?: number | undefined;
  /** Prefix of the Redis keys. Default `cloud-jobs`. */
  keyPrefix?: string | undefined;
  /** Budget of each Redis call, ms. Default 500. */
  redisTimeoutMs?: number | undefined;
  /** While Redis is down, how often one call tries it again, ms. Default 1000. */
  probeMs?: number | undefined;
  /**
   * The limiter used while Redis is unreachable. Default: a local limiter at `maxRequestsPerSecond`
   * (each process alone then holds the whole rate: divide it by the fleet's size if that matters).
   */
  fallback?: RateLimiter | undefined;
  /** Share health with other fleet parts on the same connection (internal). */
  health?: RedisHealth | undefined;
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  done: boolean;
  timer: NodeJS.Timeout | undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class RedisRateLimiter implements RateLimiter {
  readonly maxRequestsPerSecond: number;
  readonly #redis: Redis;
  readonly #keys: [string, string];
  readonly #intervalUs: number;
  readonly #horizonUs: number;
  readonly #lateMs: number;
  readonly #timeoutMs: number;
  readonly #fallback: RateLimiter;
  readonly #health: RedisHealth;
  readonly #queue: Waiter[] = [];
  #head = 0;
  #pumping = false;

  constructor(o: { redis: Redis; keys: [string, string]; rate: number; marginMs: number; horizonMs: number; timeoutMs: number; fallback: RateLimiter; health: RedisHealth }) {
    this.maxRequestsPerSecond = o.rate;
    this.#redis = o.redis;
    this.#keys = o.keys;
    this.#intervalUs = Math.ceil(((1_000 + o.marginMs) * 1_000) / o.rate);
    this.#horizonUs = Math.max(this.#intervalUs, o.horizonMs * 1_000);
    this.#lateMs = o.marginMs;
    this.#timeoutMs = o.timeoutMs;
    this.#fallback = o.fallback;
    this.#health = o.health;
  }

  get queued(): number {
    return this.#queue.length - this.#head;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, signal, onAbort: undefined, done: false, timer: undefined };
      if (signal) {
        // Queued or holding a slot not yet due: either way it leaves at once (a slot is then unused).
        waiter.onAbort = () => {
          if (waiter.timer) {
            clearTimeout(waiter.timer);
            waiter.timer = undefined;
            reject(signal.reason);
            return;
          }
          if (waiter.done) return;
          waiter.done = true;
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.#queue.push(waiter);
      if (!this.#pumping) void this.#pump();
    });
  }

  /** How many live waiters are queued; aborted ones are dropped on the way. */
  #peekLive(): number {
    while (this.#head < this.#queue.length && this.#queue[this.#head]!.done) this.#head += 1;
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
    return this.#queue.length - this.#head;
  }

  #take(): Waiter | undefined {
    this.#peekLive();
    const waiter = this.#queue[this.#head];
    if (!waiter) return undefined;
    this.#head += 1;
    waiter.done = true;
    return waiter;
  }

  /**
   * Lets a waiter go when its slot comes. A timer that fires later than `marginMs` after its slot
   * (a stalled event loop fires many at once) gives the slot up and queues the waiter again at the
   * front: a burst of late releases could otherwise exceed the rate where the requests are sent.
   */
  #grant(waiter: Waiter, delayMs: number): void {
    const go = (): void => {
      waiter.timer = undefined;
      if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve();
    };
    if (delayMs < 1) return go();
    const dueAt = performance.now() + delayMs;
    waiter.timer = setTimeout(() => {
      if (performance.now() - dueAt <= this.#lateMs) return go();
      waiter.timer = undefined;
      waiter.done = false;
      if (this.#head > 0) this.#queue[--this.#head] = waiter;
      else this.#queue.unshift(waiter);
      if (!this.#pumping) void this.#pump();
    }, delayMs);
  }

  /** One loop per limiter while anyone waits: one Redis call reserves a batch of slots, then it sleeps until more may be reserved. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#peekLive() > 0) {
        if (!this.#health.usable()) {
          this.#divert();
          continue;
        }
        let reply: [number, number, number];
        try {
          const want = Math.min(this.#peekLive(), MAX_BATCH);
          reply = (await bounded('rate', this.#timeoutMs, () => runScript(this.#redis, RESERVE, this.#keys, [this.#intervalUs, want, this.#horizonUs]), this.#redis)) as [number, number, number];
          this.#health.succeeded();
        } catch (error) {
          this.#health.failed(error as RedisUnavailableError);
          this.#divert();
          continue;
        }
        const [slots, firstUs, nextUs] = reply;
        for (let i = 0; i < slots; i += 1) {
          const waiter = this.#take();
          if (waiter) this.#grant(waiter, (firstUs + i * this.#intervalUs) / 1_000);
        }
        // More slots may be reserved once the next free one is within the horizon again.
        if (this.#peekLive() > 0) await sleep(Math.max(1, Math.ceil((nextUs - this.#horizonUs) / 1_000)));
      }
    } finally {
      this.#pumping = false;
    }
  }

  /** Redis is away: everyone queued now waits on the local limiter instead. */
  #divert(): void {
    for (let waiter = this.#take(); waiter; waiter = this.#take()) {
      const { resolve, reject, signal } = waiter;
      if (signal && waiter.onAbort) signal.removeEventListener('abort', waiter.onAbort);
      this.#fallback.acquire(signal).then(resolve, reject);
    }
  }
}

/**
 * Creates a {@link RateLimiter} whose budget lives in Redis: every limiter with the same `key`, in
 * any number of processes, shares `maxRequestsPerSecond`. A Lua script reserves evenly spaced
 * request slots atomically on Redis's clock, so the fleet never exceeds the rate in any second and
 * reaches about 98% of it. Each process keeps a local FIFO queue and reserves up to `horizonMs` of
 * slots at a time, so 10,000 waiting polls cost one Redis call per second or so. When Redis fails or takes
 * longer than `redisTimeoutMs`, callers are served by `fallback` (reported once by `onDegraded`);
 * a probe every `probeMs` rejoins (`onRejoined`). Bad options throw a JobsConfigError naming the option.
 * @example
 * const redis = connectRedis('redis://127.0.0.1:6379');
 * const limiter = createRedisRateLimiter({ redis, key: 'ecs:acme', maxRequestsPerSecond: 20 });
 * await waitForJob(getJob, { ref: { service: 'ecs', jobId }, rateLimiter: limiter });
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const where = 'createRedisRateLimiter';
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', `${where}: options must be an object`);
  const redis = checkRedis(where, options.redis);
  const key = checkName(where, 'key', options.key);
  if (options.maxRequestsPerSecond === undefined) throw new JobsConfigError('maxRequestsPerSecond', `${where}: options.maxRequestsPerSecond is required`);
  const rate = checkNumber(where, 'maxRequestsPerSecond', options.maxRequestsPerSecond, 0, 0.001, 1_000_000);
  const marginMs = checkNumber(where, 'marginMs', options.marginMs, 20, 0, 10_000);
  const horizonMs = checkNumber(where, 'horizonMs', options.horizonMs, 1_000, 1, 60_000);
  const prefix = checkName(where, 'keyPrefix', options.keyPrefix, 'cloud-jobs');
  const timeoutMs = checkNumber(where, 'redisTimeoutMs', options.redisTimeoutMs, 500, 1, 60_000);
  const probeMs = checkNumber(where, 'probeMs', options.probeMs, 1_000, 1, 600_000);
  const fallback = options.fallback ?? createRateLimiter({ maxRequestsPerSecond: rate });
  if (typeof fallback.acquire !== 'function') throw new JobsConfigError('fallback', `${where}: options.fallback must be a RateLimiter`);
  const onDegraded = checkHook<NonNullable<RedisHealthHooks['onDegraded']>>(where, 'onDegraded', options.onDegraded);
  const onRejoined = checkHook<NonNullable<RedisHealthHooks['onRejoined']>>(where, 'onRejoined', options.onRejoined);
  const health = options.health ?? new RedisHealth({ onDegraded, onRejoined }, probeMs);
  const base = `${prefix}:rate:{${key}}`;
  return new RedisRateLimiter({ redis, keys: [base, `${base}:granted`], rate, marginMs, horizonMs, timeoutMs, fallback, health });
}

// Whether Redis is usable now: one failure degrades every user of the connection to local work
// until a probe (at most one per `probeMs`) succeeds again.
import type { RedisUnavailableError } from './errors.js';

/**
 * The hooks that report Redis trouble and recovery.
 * @example const hooks: RedisHealthHooks = { onDegraded: (e) => console.warn(`redis down, local only: ${e.message}`) };
 */
export interface RedisHealthHooks {
  /** Redis failed or was slow: work goes on locally (local limiter, local polling) from now on. Called once per outage. */
  onDegraded?: ((error: RedisUnavailableError) => void) | undefined;
  /** Redis answered again: work rejoins the fleet. */
  onRejoined?: (() => void) | undefined;
}

/**
 * Shared state of one Redis connection's health.
 * @example if (health.usable()) await bounded(...); // else work locally
 */
export class RedisHealth {
  readonly #hooks: RedisHealthHooks;
  readonly #probeMs: number;
  #degraded = false;
  #nextProbeAt = 0;

  constructor(hooks: RedisHealthHooks, probeMs: number) {
    this.#hooks = hooks;
    this.#probeMs = probeMs;
  }

  get degraded(): boolean {
    return this.#degraded;
  }

  /** True when Redis should be asked now: it is healthy, or a probe is due (then the next one waits `probeMs`). */
  usable(): boolean {
    if (!this.#degraded) return true;
    const now = Date.now();
    if (now < this.#nextProbeAt) return false;
    this.#nextProbeAt = now + this.#probeMs;
    return true;
  }

  failed(error: RedisUnavailableError): void {
    this.#nextProbeAt = Date.now() + this.#probeMs;
    if (this.#degraded) return;
    this.#degraded = true;
    try {
      this.#hooks.onDegraded?.(error);
    } catch {
      // A hook's failure must not break the fallback.
    }
  }

  succeeded(): void {
    if (!this.#degraded) return;
    this.#degraded = false;
    try {
      this.#hooks.onRejoined?.();
    } catch {
      // As above.
    }
  }
}

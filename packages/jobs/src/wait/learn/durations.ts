// Learning across waits: how long jobs of one kind (service + job type) took, kept in memory with
// a bound, exportable as JSON so a CLI run or a CI job can keep it for the next.
import { JobsConfigError } from '@cloud-jobs/core';

/** Learned durations of one kind, sorted ascending (ms), and their median. */
export interface DurationSamples {
  readonly sorted: readonly number[];
  readonly median: number | undefined;
}

/**
 * The JSON form of a {@link DurationStore}: `kinds` maps `service/jobType` to its durations (ms,
 * oldest first).
 * @example const saved: DurationStoreJSON = { version: 1, kinds: { 'ecs/createServer': [61_000, 75_500] } };
 */
export interface DurationStoreJSON {
  version: 1;
  kinds: Record<string, number[]>;
}

/**
 * Durations of finished jobs per kind, shared by waits (`WaitOptions.durations`). Bounded: at most
 * `maxKinds` kinds (the least recently recorded goes) and `maxSamplesPerKind` durations per kind
 * (the oldest goes), so memory stays within about `maxKinds x maxSamplesPerKind x 8` bytes.
 * @example
 * const store = createDurationStore({ from: JSON.parse(await readFile('durations.json', 'utf8')) });
 * await writeFile('durations.json', JSON.stringify(store));
 */
export interface DurationStore {
  /** Records how long one job of `kind` took (ms). */
  record(kind: string, durationMs: number): void;
  /** What is known of `kind`, or undefined. */
  samples(kind: string): DurationSamples | undefined;
  /** The kinds known. */
  readonly size: number;
  toJSON(): DurationStoreJSON;
}

/**
 * Options of {@link createDurationStore}.
 * @example const options: DurationStoreOptions = { maxKinds: 64, maxSamplesPerKind: 100 };
 */
export interface DurationStoreOptions {
  /** Default 256. */
  maxKinds?: number | undefined;
  /** Default 200: enough for the quantiles the waiter plans with. */
  maxSamplesPerKind?: number | undefined;
  /** A saved store (`JSON.parse` of an earlier `JSON.stringify(store)`) to start from. */
  from?: unknown;
}

/**
 * The kind of a job in a {@link DurationStore}: `service/jobType`.
 * @example durationKind('ecs', 'createServer') // 'ecs/createServer'
 */
export function durationKind(service: string, jobType: string | undefined): string {
  return `${service}/${jobType ?? ''}`;
}

class Kind {
  /** A ring of the latest durations. */
  readonly ring: number[] = [];
  next = 0;
  cached: DurationSamples | undefined;
}

class BoundedDurationStore implements DurationStore {
  readonly #kinds = new Map<string, Kind>();
  readonly #maxKinds: number;
  readonly #maxSamples: number;

  constructor(maxKinds: number, maxSamples: number) {
    this.#maxKinds = maxKinds;
    this.#maxSamples = maxSamples;
  }

  get size(): number {
    return this.#kinds.size;
  }

  record(kind: string, durationMs: number): void {
    if (!Number.isFinite(durationMs) || durationMs < 0) return;
    let k = this.#kinds.get(kind);
    if (k) this.#kinds.delete(kind); // re-inserted last: the Map's order is recency
    else k = new Kind();
    this.#kinds.set(kind, k);
    if (this.#kinds.size > this.#maxKinds) this.#kinds.delete(this.#kinds.keys().next().value as string);
    if (k.ring.length < this.#maxSamples) k.ring.push(durationMs);
    else k.ring[k.next] = durationMs;
    k.next = (k.next + 1) % this.#maxSamples;
    k.cached = undefined;
  }

  samples(kind: string): DurationSamples | undefined {
    const k = this.#kinds.get(kind);
    if (!k || k.ring.length === 0) return undefined;
    if (!k.cached) {
      const sorted = [...k.ring].sort((a, b) => a - b);
      const m = sorted.length >> 1;
      k.cached = { sorted, median: sorted.length % 2 ? sorted[m] : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2 };
    }
    return k.cached;
  }

  toJSON(): DurationStoreJSON {
    const kinds: Record<string, number[]> = {};
    for (const [name, k] of this.#kinds) kinds[name] = k.ring.length < this.#maxSamples ? [...k.ring] : [...k.ring.slice(k.next), ...k.ring.slice(0, k.next)];
    return { version: 1, kinds };
  }
}

function whole(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw new JobsConfigError(`options.${name}`, `createDurationStore: options.${name} must be a whole number from 1 to 1000000, got ${String(value)}`);
  }
  return value;
}

/**
 * Creates a bounded, in-memory {@link DurationStore}, optionally filled from saved JSON (checked:
 * a bad one throws a JobsConfigError naming the field).
 * @example
 * const durations = createDurationStore();
 * const jobs = createJobs({ region: 'eu-de', auth, waitDefaults: { durations } });
 */
export function createDurationStore(options: DurationStoreOptions = {}): DurationStore {
  if (typeof options !== 'object' || options === null) throw new JobsConfigError('options', 'createDurationStore: options must be an object');
  const store = new BoundedDurationStore(whole('maxKinds', options.maxKinds, 256), whole('maxSamplesPerKind', options.maxSamplesPerKind, 200));
  const from = options.from;
  if (from === undefined) return store;
  const saved = from as Partial<DurationStoreJSON> | null;
  if (typeof from !== 'object' || saved === null || saved.version !== 1) throw new JobsConfigError('options.from.version', 'createDurationStore: options.from must be a saved store ({ version: 1, kinds })');
  const kinds = saved.kinds;
  if (typeof kinds !== 'object' || kinds === null || Array.isArray(kinds)) throw new JobsConfigError('options.from.kinds', 'createDurationStore: options.from.kinds must be an object of arrays');
  for (const [kind, list] of Object.entries(kinds)) {
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'number' && Number.isFinite(x) && x >= 0)) {
      throw new JobsConfigError(`options.from.kinds.${kind}`, `createDurationStore: options.from.kinds[${JSON.stringify(kind)}] must be an array of durations (ms >= 0)`);
    }
    for (const ms of list) store.record(kind, ms);
  }
  return store;
}

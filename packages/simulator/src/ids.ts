// Identifiers: a random or seeded source of fresh IDs, and IDs derived from another ID.
import { createHash, randomBytes } from 'node:crypto';

/**
 * A source of fresh identifiers. Seeded sources give the same sequence for the same seed.
 * @example
 * const ids = createIdSource(42);
 * ids.hex(32); // the same 32 hex characters on every run with seed 42
 */
export interface IdSource {
  /** `length` lowercase hexadecimal characters. */
  hex(length: number): string;
  /** A version-4 style UUID, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`. */
  uuid(): string;
  /** An integer in `[min, max]` (both inclusive, `max - min < 2**32`). */
  int(min: number, max: number): number;
}

/** A 32-bit PRNG (mulberry32): small, fast and plenty for identifiers. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function uuidFromBytes(bytes: Uint8Array): string {
  const b = Array.from(bytes.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Creates an ID source: seeded (deterministic) when `seed` is a number, else cryptographically random.
 * @example
 * createIdSource(7).uuid() === createIdSource(7).uuid(); // true
 */
export function createIdSource(seed?: number): IdSource {
  const next = seed === undefined ? undefined : mulberry32(seed);
  const bytes = (n: number): Uint8Array => {
    if (!next) return randomBytes(n);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      let word = next();
      for (let j = i; j < Math.min(i + 4, n); j++) {
        out[j] = word & 0xff;
        word >>>= 8;
      }
    }
    return out;
  };
  const uint32 = (): number => {
    const b = bytes(4);
    return (((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0);
  };
  return {
    hex: (length) =>
      Array.from(bytes(Math.ceil(length / 2)), (x) => x.toString(16).padStart(2, '0'))
        .join('')
        .slice(0, length),
    uuid: () => uuidFromBytes(bytes(16)),
    int: (min, max) => min + (uint32() % (max - min + 1)),
  };
}

/**
 * `length` hex characters derived from `parts` (SHA-256): stable IDs for things that belong to a
 * job, such as its sub-jobs, so nothing but the job itself has to be stored.
 * @example
 * derivedHex(32, jobId, 'sub', 0); // the same on every call
 */
export function derivedHex(length: number, ...parts: Array<string | number>): string {
  let out = '';
  for (let round = 0; out.length < length; round++) {
    out += createHash('sha256').update(`${parts.join('\u0000')}\u0000${round}`).digest('hex');
  }
  return out.slice(0, length);
}

/**
 * A UUID derived from `parts`, like {@link derivedHex}.
 * @example
 * derivedUuid(jobId, 'server', 0); // e.g. 'bae51750-0089-41a1-9b18-5c777978ff6d'
 */
export function derivedUuid(...parts: Array<string | number>): string {
  return uuidFromBytes(Buffer.from(derivedHex(32, ...parts), 'hex'));
}

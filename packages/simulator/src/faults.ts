// Injected faults: what goes wrong, for which requests, and how many more times.
import { SimulatorInputError } from './jobSpec.js';
import { isServiceName, SERVICE_NAMES } from './registry.js';
import type { ServiceName } from './types.js';

/**
 * The kinds of fault the simulator can inject into job status requests:
 * - `serverError`: a 500, 502 or 503 with the service's (or the gateway's) error body;
 * - `throttle`: 429 `APIG.0308` with `Retry-After`;
 * - `drop`: the connection is destroyed without an answer;
 * - `slow`: the normal answer, `delayMs` late (nothing is sent if the client gives up first);
 * - `malformed`: 200 `application/json` whose body is cut in the middle;
 * - `html`: a 502 `text/html` error page from a proxy;
 * - `notFound`: the service's own answer to an unknown job ID although the job exists
 *   (eventual consistency: a job that is not visible yet).
 * @example
 * const kind: FaultKind = 'throttle';
 */
export type FaultKind = 'serverError' | 'throttle' | 'drop' | 'slow' | 'malformed' | 'html' | 'notFound';

/**
 * Every fault kind.
 * @example
 * FAULT_KINDS.includes('drop'); // true
 */
export const FAULT_KINDS: readonly FaultKind[] = ['serverError', 'throttle', 'drop', 'slow', 'malformed', 'html', 'notFound'];

/**
 * A fault to inject. It hits the next `count` job status requests that match `service` and
 * `jobId` (each omitted = any), then it is used up.
 * @example
 * sim.injectFault({ kind: 'serverError', status: 503, service: 'ecs', count: 2 });
 */
export interface FaultSpec {
  kind: FaultKind;
  service?: ServiceName;
  jobId?: string;
  /** Requests it affects (default 1). */
  count?: number;
  /** `serverError` only: 500, 502 or 503 (default 503). */
  status?: 500 | 502 | 503;
  /** `throttle` only: the `Retry-After` value in seconds (default 1). */
  retryAfterSeconds?: number;
  /** `slow` only: delay before answering, ms (default 1000). */
  delayMs?: number;
}

/**
 * An injected fault, with its defaults filled in and the requests it will still affect.
 * @example
 * const fault = sim.injectFault({ kind: 'drop' }); // { id: 'fault-1', kind: 'drop', remaining: 1, ... }
 */
export interface Fault {
  id: string;
  kind: FaultKind;
  service: ServiceName | null;
  jobId: string | null;
  count: number;
  remaining: number;
  status?: 500 | 502 | 503;
  retryAfterSeconds?: number;
  delayMs?: number;
}

const KEYS = new Set(['kind', 'service', 'jobId', 'count', 'status', 'retryAfterSeconds', 'delayMs']);

function fail(message: string): never {
  throw new SimulatorInputError(message);
}

function nonNegativeInt(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) fail(`${name} must be an integer from 0 to ${max}`);
  return value;
}

/**
 * Checks an untrusted fault request and fills in its defaults, or throws {@link SimulatorInputError}.
 * @example
 * parseFault({ kind: 'throttle', retryAfterSeconds: 2 }, 'fault-1').remaining; // 1
 */
export function parseFault(input: unknown, id: string): Fault {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('the fault must be a JSON object');
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) fail(`unknown field ${JSON.stringify(k)}; known: ${[...KEYS].join(', ')}`);
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) fail(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  const service = o['service'];
  if (service !== undefined && !isServiceName(service)) fail(`service must be one of ${SERVICE_NAMES.join(', ')}`);
  const jobId = o['jobId'];
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId === '')) fail('jobId must be a non-empty string');
  const count = o['count'] === undefined ? 1 : nonNegativeInt(o['count'], 'count', 1_000_000);
  const fault: Fault = { id, kind: kind as FaultKind, service: service ?? null, jobId: (jobId as string | undefined) ?? null, count, remaining: count };
  const only = (field: string, forKind: FaultKind) => {
    if (o[field] !== undefined && kind !== forKind) fail(`${field} applies to ${forKind} faults only`);
  };
  only('status', 'serverError');
  only('retryAfterSeconds', 'throttle');
  only('delayMs', 'slow');
  if (kind === 'serverError') {
    const status = o['status'] ?? 503;
    if (status !== 500 && status !== 502 && status !== 503) fail('status must be 500, 502 or 503');
    fault.status = status;
  }
  if (kind === 'throttle') fault.retryAfterSeconds = o['retryAfterSeconds'] === undefined ? 1 : nonNegativeInt(o['retryAfterSeconds'], 'retryAfterSeconds', 86_400);
  if (kind === 'slow') fault.delayMs = o['delayMs'] === undefined ? 1000 : nonNegativeInt(o['delayMs'], 'delayMs', 600_000);
  return fault;
}

/**
 * The injected faults, in the order they were injected; the first one that matches a request is used.
 * @example
 * const faults = new FaultRegistry();
 * faults.inject({ kind: 'html', service: 'cfw' });
 * faults.take('cfw', 'any-job')?.kind; // 'html'
 */
export class FaultRegistry {
  #faults: Fault[] = [];
  #next = 1;

  /** Checks and adds a fault; returns a copy of it. */
  inject(input: FaultSpec | unknown): Fault {
    const fault = parseFault(input, `fault-${this.#next}`);
    this.#next++;
    if (fault.remaining > 0) this.#faults.push(fault);
    return { ...fault };
  }

  /** Uses up one hit of the first fault matching a request for `service`/`jobId`, and returns it. */
  take(service: ServiceName, jobId: string | undefined): Fault | undefined {
    const fault = this.#faults.find((f) => (f.service === null || f.service === service) && (f.jobId === null || f.jobId === jobId));
    if (!fault) return undefined;
    fault.remaining--;
    if (fault.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** The faults not used up yet (copies). */
  list(): Fault[] {
    return this.#faults.map((f) => ({ ...f }));
  }

  /** Removes every fault; returns how many there were. */
  clear(): number {
    const n = this.#faults.length;
    this.#faults = [];
    return n;
  }
}

// Checking a job request (from code or from the admin API) before a job is made of it.
import { isServiceName, SERVICE_NAMES } from './registry.js';
import type { JobSpec } from './types.js';

/**
 * A job or fault request the simulator refuses; the admin API answers it with HTTP 400.
 * @example
 * try { sim.createJob({ service: 'dcs', blockedMs: 10 }); } catch (e) { e instanceof SimulatorInputError; } // true
 */
export class SimulatorInputError extends Error {
  override readonly name = 'SimulatorInputError';
}

const KEYS = new Set(['service', 'durationMs', 'outcome', 'subtasks', 'jobType', 'projectId', 'refFields', 'blockedMs', 'id']);
/** Longest duration or blocked time accepted: 30 days. */
const MAX_MS = 30 * 24 * 3600 * 1000;

function fail(message: string): never {
  throw new SimulatorInputError(message);
}

function optionalMs(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > MAX_MS) fail(`${key} must be a number of milliseconds from 0 to ${MAX_MS}`);
  return Math.round(v);
}

function optionalString(o: Record<string, unknown>, key: string, form: RegExp, what: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !form.test(v)) fail(`${key} must be ${what}`);
  return v;
}

/**
 * Checks an untrusted job request and returns it typed, or throws {@link SimulatorInputError}
 * naming the offending field. Service-specific rules (ID form, `blockedMs` only for ECS) are
 * checked when the job is created.
 * @example
 * parseJobSpec({ service: 'cfw', durationMs: 2000, outcome: 'failure' });
 */
export function parseJobSpec(input: unknown): JobSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) fail('the job must be a JSON object');
  const o = input as Record<string, unknown>;
  for (const key of Object.keys(o)) if (!KEYS.has(key)) fail(`unknown field ${JSON.stringify(key)}; known: ${[...KEYS].join(', ')}`);
  if (!isServiceName(o['service'])) fail(`service must be one of ${SERVICE_NAMES.join(', ')}`);
  const outcome = o['outcome'];
  if (outcome !== undefined && outcome !== 'success' && outcome !== 'failure') fail("outcome must be 'success' or 'failure'");
  const subtasks = o['subtasks'];
  if (subtasks !== undefined && (typeof subtasks !== 'number' || !Number.isInteger(subtasks) || subtasks < 0 || subtasks > 1000)) {
    fail('subtasks must be an integer from 0 to 1000');
  }
  const durationMs = optionalMs(o, 'durationMs');
  const blockedMs = optionalMs(o, 'blockedMs');
  const jobType = optionalString(o, 'jobType', /^[A-Za-z0-9_./-]{1,64}$/, 'a job type of 1 to 64 letters, digits or _ . / -');
  const projectId = optionalString(o, 'projectId', /^[A-Za-z0-9_-]{1,64}$/, 'a project ID of 1 to 64 letters, digits, _ or -');
  const refFields = o['refFields'];
  if (refFields !== undefined) {
    if (refFields === null || typeof refFields !== 'object' || Array.isArray(refFields)) fail('refFields must be an object of IDs');
    for (const [name, value] of Object.entries(refFields)) {
      if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(value)) fail(`refFields.${name} must be an ID of 1 to 64 letters, digits, _ or -`);
    }
  }
  const id = optionalString(o, 'id', /^[A-Za-z0-9_-]{1,128}$/, 'a job ID of 1 to 128 letters, digits, _ or -');
  return {
    service: o['service'],
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(subtasks !== undefined ? { subtasks: subtasks as number } : {}),
    ...(jobType !== undefined ? { jobType } : {}),
    ...(projectId !== undefined ? { projectId } : {}),
    ...(refFields !== undefined ? { refFields: { ...(refFields as Record<string, string>) } } : {}),
    ...(blockedMs !== undefined ? { blockedMs } : {}),
    ...(id !== undefined ? { id } : {}),
  };
}

// Shared test helpers: a simulator on a hand-driven clock, HTTP calls, and spec validation.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createValidator, loadSpec, repoRoot } from '../../../test-utils/spec.js';
import { startSimulator, type ServiceName, type Simulator, type SimulatorOptions } from '../src/index.js';
import { SERVICES } from '../src/services/index.js';

export const TOKEN = 'simulator-test-token';
export const AUTH = { 'X-Auth-Token': TOKEN } as const;
/** The clock's start: 2024-05-16T00:00:00.000Z. */
export const T0 = Date.UTC(2024, 4, 16);

export interface TestSim {
  sim: Simulator;
  /** Sets the clock to `T0 + offset`. */
  at(offset: number): void;
}

/** A simulator whose clock stands still at T0 until the test moves it. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSim> {
  let now = T0;
  const sim = await startSimulator({ clock: () => now, ...options });
  return { sim, at: (offset) => void (now = T0 + offset) };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or `undefined` when it is not JSON. */
  body: any;
}

/** GET (by default) `path` on the simulator, with the test token unless `headers` says otherwise. */
export async function call(sim: Simulator, path: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(sim.url + path, { headers: AUTH, ...init });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, text, body };
}

/** True once specs/<service>/openapi.yaml exists (some are written in parallel with this package). */
export function hasSpec(service: ServiceName): boolean {
  return existsSync(join(repoRoot, 'specs', service, 'openapi.yaml'));
}

const validate = createValidator();
const specs = new Map<ServiceName, Record<string, any>>();
const errorBody = parse(readFileSync(join(repoRoot, 'specs/_shared/schemas/ErrorBody.yaml'), 'utf8')) as Record<string, unknown>;

/**
 * Validates a response body against the service spec's schema for that status (the shared
 * gateway error body when the spec documents no such status). Returns the problems found.
 */
export function specProblems(service: ServiceName, status: number, body: unknown): string[] {
  let spec = specs.get(service);
  if (!spec) specs.set(service, (spec = loadSpec(service)));
  const operation = spec['paths']?.[SERVICES[service].route]?.['get'];
  if (!operation) return [`specs/${service}: no GET ${SERVICES[service].route}`];
  const response = operation.responses?.[String(status)];
  const schema = response?.content?.['application/json']?.schema as Record<string, unknown> | undefined;
  if (!response) return validate(errorBody, body).map((m) => `${status} (not in the spec; shared ErrorBody) ${m}`);
  if (!schema) return [`specs/${service}: ${status} has no application/json schema`];
  return validate(schema, body).map((m) => `${status} ${m}`);
}

/** True when the service spec documents `status` for the job operation. */
export function specDocuments(service: ServiceName, status: number): boolean {
  return Boolean(loadSpec(service)['paths']?.[SERVICES[service].route]?.['get']?.responses?.[String(status)]);
}

/** Validates against the shared error body (answers outside any service's API, e.g. unknown paths). */
export function errorBodyProblems(body: unknown): string[] {
  return validate(errorBody, body);
}

// Shared test helpers: a simulator on a hand-driven clock, HTTP calls, an AK/SK signer, and spec validation.
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createValidator, loadSpec, repoRoot } from '../../../test-utils/spec.js';
import { startSimulator, type ServiceName, type Simulator, type SimulatorOptions } from '../src/index.js';
import { SERVICES } from '../src/registry.js';

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

/** `YYYYMMDDTHHMMSSZ` of an epoch-ms time. */
export const sdkDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/**
 * An SDK-HMAC-SHA256 signer of the tests' own (node:crypto), written from the reference (section
 * 10b) independently of src/auth.ts: signs every header given plus Host and X-Sdk-Date, empty body.
 * Returns the headers to send (without Host, which fetch sets).
 */
export function signHeaders(request: { method?: string; url: string; headers: Record<string, string>; accessKey: string; secretKey: string; date: number }): Record<string, string> {
  const url = new URL(request.url);
  const enc = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const uri = decodeURIComponent(url.pathname).split('/').map(enc).join('/').replace(/\/?$/, '/');
  const query = [...url.searchParams].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
  const headers: Record<string, string> = { ...request.headers, host: url.host, 'x-sdk-date': sdkDate(request.date) };
  const names = Object.keys(headers).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonical = [request.method ?? 'GET', uri, query, names.map((n) => `${n}:${lower[n]!.trim()}\n`).join(''), names.join(';'), createHash('sha256').update('').digest('hex')].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${lower['x-sdk-date']}\n${createHash('sha256').update(canonical).digest('hex')}`;
  const signature = createHmac('sha256', request.secretKey).update(toSign).digest('hex');
  const { host: _host, ...sent } = headers;
  return { ...sent, Authorization: `SDK-HMAC-SHA256 Access=${request.accessKey}, SignedHeaders=${names.join(';')}, Signature=${signature}` };
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
  // The exact status, else its class (`4XX`, `5XX`), else `default`: what a client validates with.
  const responses = operation.responses ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default'];
  const schema = response?.content?.['application/json']?.schema as Record<string, unknown> | undefined;
  if (!response) return validate(errorBody, body).map((m) => `${status} (not in the spec; shared ErrorBody) ${m}`);
  if (!schema) return [`specs/${service}: ${status} has no application/json schema`];
  return validate(schema, body).map((m) => `${status} ${m}`);
}

/** True when the service spec documents `status` (exactly, by its class or as `default`) for the job operation. */
export function specDocuments(service: ServiceName, status: number): boolean {
  const responses = loadSpec(service)['paths']?.[SERVICES[service].route]?.['get']?.responses ?? {};
  return Boolean(responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses['default']);
}

/** Validates against the shared error body (answers outside any service's API, e.g. unknown paths). */
export function errorBodyProblems(body: unknown): string[] {
  return validate(errorBody, body);
}

/** True when a field's name, or the name of the object holding it, says status (`status`, `status.phase`). */
function saysStatus(key: string, parent: string | undefined): boolean {
  return /status/i.test(key) || (parent !== undefined && /status/i.test(parent));
}

/**
 * The path of the job's own status in a 200 answer, from the service's spec: the first field (breadth
 * first, no list on its path) whose name, or its object's name, says status and whose schema has an enum;
 * when there is none, the same through the first element of lists (`['tasks', '0', 'status']`).
 */
export function specStatusPath(service: ServiceName, intoLists = false): string[] | undefined {
  const root = loadSpec(service)['paths']?.[SERVICES[service].route]?.['get']?.responses?.['200']?.content?.['application/json']?.schema;
  const variants = (schema: any): any[] => [schema, ...['allOf', 'oneOf', 'anyOf'].flatMap((k) => (schema?.[k] ?? []).flatMap(variants))];
  let level: Array<{ path: string[]; schema: any }> = [{ path: [], schema: root }];
  while (level.length > 0) {
    const next: Array<{ path: string[]; schema: any }> = [];
    for (const { path, schema } of level) {
      for (const variant of variants(schema)) {
        for (const [key, child] of Object.entries<any>(variant?.properties ?? {})) {
          if (saysStatus(key, path.at(-1)) && variants(child).some((c) => Array.isArray(c?.enum))) return [...path, key];
          next.push({ path: [...path, key], schema: child });
          // A job that comes back as the one element of a list (`tasks[0].status`): looked for only when no status is found outside lists.
          const items = intoLists ? variants(child).find((c) => c?.items)?.items : undefined;
          if (items) next.push({ path: [...path, key, '0'], schema: items });
        }
      }
    }
    level = next;
  }
  return intoLists ? undefined : specStatusPath(service, true);
}

/**
 * The path of the subtasks' status in a 200 answer, from the service's spec: the first field
 * (breadth first) reached through a list whose name, or its object's name, says status and whose
 * schema has an enum, as
 * segments (`entities.sub_jobs[].status` -> [{ key: 'entities' }, { key: 'sub_jobs', list: true },
 * { key: 'status' }]). Lets a new service's subtasks be read without a hand-written reader.
 */
export function specSubtaskStatusPath(service: ServiceName): Array<{ key: string; list: boolean }> | undefined {
  const root = loadSpec(service)['paths']?.[SERVICES[service].route]?.['get']?.responses?.['200']?.content?.['application/json']?.schema;
  const variants = (schema: any): any[] => [schema, ...['allOf', 'oneOf', 'anyOf'].flatMap((k) => (schema?.[k] ?? []).flatMap(variants))];
  type Node = { path: Array<{ key: string; list: boolean }>; schema: any; listed: boolean };
  let level: Node[] = [{ path: [], schema: root, listed: false }];
  // A recursive schema (a job whose sub-jobs are jobs) would never end: a few levels are enough.
  for (let depth = 0; depth < 8 && level.length > 0; depth += 1) {
    const next: Node[] = [];
    for (const { path, schema, listed } of level) {
      for (const variant of variants(schema)) {
        for (const [key, child] of Object.entries<any>(variant?.properties ?? {})) {
          const items = variants(child).find((c) => c?.items)?.items;
          if (items) {
            next.push({ path: [...path, { key, list: true }], schema: items, listed: true });
            continue;
          }
          if (listed && saysStatus(key, path.at(-1)?.key) && variants(child).some((c) => Array.isArray(c?.enum))) return [...path, { key, list: false }];
          next.push({ path: [...path, { key, list: false }], schema: child, listed });
        }
      }
    }
    level = next;
  }
  return undefined;
}

/** Every value at `path` in `body` (a list segment fans out over its elements, in order). */
export function valuesAt(body: unknown, path: ReadonlyArray<{ key: string; list: boolean }>): unknown[] {
  let nodes: unknown[] = [body];
  for (const { key, list } of path) {
    nodes = nodes.map((n) => (n as Record<string, unknown> | undefined)?.[key]);
    if (list) nodes = nodes.flatMap((n) => (Array.isArray(n) ? n : []));
  }
  return nodes;
}

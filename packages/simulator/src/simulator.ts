// startSimulator: the HTTP server that serves every registered job API, the admin API and the health check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerAdminRoutes } from './admin.js';
import { authPolicyFrom, maxJobsFrom } from './config.js';
import { FaultRegistry, type Fault, type FaultSpec } from './faults.js';
import { apiNotFound } from './gateway.js';
import type { Handler } from './handler.js';
import { sendAnswer } from './http.js';
import { createIdSource } from './ids.js';
import { sharedRouteEndpoint } from './jobEndpoint.js';
import { describeJob, JobRegistry, type CreatedJob, type SimulatorJobs } from './jobRegistry.js';
import { httpUrl, isLoopbackHost } from './loopback.js';
import { indexPage } from './indexPage.js';
import { Router } from './router.js';
import { SERVICES } from './registry.js';
import type { ServiceModule } from './services/service.js';
import type { Clock, JobSpec, ServiceName } from './types.js';

/**
 * Options of {@link startSimulator}; every one is optional.
 * @example
 * const options: SimulatorOptions = { port: 0, clock: () => now, tokens: ['test-token'], accessKey: 'AK1', secretKey: process.env.SIM_SK, seed: 1 };
 */
export interface SimulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Listen address (default `127.0.0.1`). A non-loopback address makes the simulator warn. */
  host?: string;
  /** The clock jobs progress on, ms (default `Date.now`). */
  clock?: Clock;
  /**
   * Accepted `X-Auth-Token` values. With neither `tokens` nor AK/SK keys the simulator is open: any
   * non-empty token and any well-formed AK/SK signature pass. Once either is given, only what was
   * given passes (a token when only AK/SK is set, or a signature when only tokens are, is refused).
   */
  tokens?: readonly string[];
  /**
   * The access key ID of an AK/SK pair whose signatures are verified (with `secretKey`, required
   * together). A wrong signature, a request changed after signing, an `X-Sdk-Date` outside
   * `maxClockSkewMs` or an unknown access key gets 401 `APIG.0301`, as from the gateway.
   */
  accessKey?: string;
  /** The secret key (SK) of `accessKey`; used as the HMAC key only, never shown. */
  secretKey?: string;
  /** More known AK/SK pairs (access key ID -> secret key), verified like `accessKey`. */
  credentials?: Readonly<Record<string, string>>;
  /** How far `X-Sdk-Date` may be from `clock`, ms (default 15 minutes, as the gateway; `Infinity`: no check). */
  maxClockSkewMs?: number;
  /** Most jobs held at once (default 10 000); creating one more throws `SimulatorFullError` / answers 507. */
  maxJobs?: number;
  /** Seed for deterministic job IDs (default: random IDs). */
  seed?: number;
  /** Receives warnings, such as listening on a non-loopback address (default `process.emitWarning`). */
  onWarning?: (message: string) => void;
}

/**
 * A running simulator.
 * @example
 * const sim = await startSimulator();
 * const job = sim.createJob({ service: 'ecs', durationMs: 2000 });
 * const res = await fetch(sim.url + job.path, { headers: { 'X-Auth-Token': 'any' } });
 * await sim.close();
 */
export interface Simulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Creates a job (checked like `POST /_admin/jobs`; throws `SimulatorInputError` on bad input, `SimulatorFullError` past `maxJobs`). */
  createJob(spec: JobSpec): CreatedJob;
  /** Injects a fault (like `POST /_admin/faults`). */
  injectFault(spec: FaultSpec): Fault;
  /** Removes every injected fault; returns how many were left. */
  clearFaults(): number;
  /** The faults not used up yet. */
  listFaults(): Fault[];
  readonly jobs: SimulatorJobs;
  /** Stops listening, drops open connections and cancels pending slow answers; idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the simulator of the five job status APIs (ECS, DCS, CFW, ServiceStage, OSM diagnosis)
 * on `127.0.0.1` and an ephemeral port unless told otherwise. Bad options reject with
 * `SimulatorConfigError` naming the option. Jobs progress on `clock`, computed
 * whenever a request arrives; the simulator keeps no timers of its own.
 * @example
 * let now = 0;
 * const sim = await startSimulator({ clock: () => now });
 * const { path } = sim.createJob({ service: 'cfw', durationMs: 1000 });
 * now = 1000; // the job is now Success
 * const body = await (await fetch(sim.url + path, { headers: { 'X-Auth-Token': 't' } })).json();
 * await sim.close();
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const auth = authPolicyFrom(options, clock);
  const jobs = new JobRegistry(createIdSource(options.seed), clock, maxJobsFrom(options.maxJobs));
  const requestIds = createIdSource(options.seed === undefined ? undefined : options.seed ^ 0x5bd1e995);
  const faults = new FaultRegistry();
  const timers = new Set<NodeJS.Timeout>();

  const router = new Router<Handler>();
  registerAdminRoutes(router, { jobs, faults });
  router.add('GET', '/', indexPage(jobs));
  // Services may share a path (in the cloud each has its own host; here they share one origin):
  // one route per path, whose handler picks the module by the job the request names.
  const byRoute = new Map<string, ServiceModule<ServiceName>[]>();
  for (const module of Object.values(SERVICES)) byRoute.set(module.route, [...(byRoute.get(module.route) ?? []), module]);
  for (const [route, modules] of byRoute) router.add('GET', route, sharedRouteEndpoint(modules, { jobs, faults, clock, auth, timers }));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIds.hex(32);
    res.setHeader('X-Request-Id', requestId);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://simulator.invalid');
    } catch {
      return sendAnswer(res, apiNotFound(requestId));
    }
    const match = router.match(req.method ?? 'GET', url.pathname);
    if (!match) return sendAnswer(res, apiNotFound(requestId));
    try {
      await match.handler({ req, res, url, params: match.params, requestId });
    } catch (err) {
      sendAnswer(res, { status: 500, body: { error: err instanceof Error ? err.message : String(err) } });
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!isLoopbackHost(host)) {
    const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'CloudJobsSimulatorWarning'));
    const open = auth.tokens === undefined && auth.credentials === undefined;
    warn(`the simulator listens on ${host}, which other machines may reach${open ? '; it accepts any token' : ''}`);
  }
  const { port } = server.address() as AddressInfo;
  const url = httpUrl(host, port);

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    createJob: (spec) => describeJob(jobs.create(spec)),
    injectFault: (spec) => faults.inject(spec),
    clearFaults: () => faults.clear(),
    listFaults: () => faults.list(),
    jobs,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

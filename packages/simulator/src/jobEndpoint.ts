// The job status endpoint of one service: authentication, faults, then the job at this instant.
import type { Answer } from './answer.js';
import { checkAuth, type AuthPolicy } from './auth.js';
import type { Fault, FaultRegistry } from './faults.js';
import { htmlBadGateway, throttled, unauthorized } from './gateway.js';
import type { Handler, RequestContext } from './handler.js';
import { sendAnswer } from './http.js';
import type { JobRegistry } from './jobRegistry.js';
import { timelineAt } from './jobModel.js';
import type { JobRef, ServiceModule } from './services/service.js';
import type { Clock, ServiceName } from './types.js';

/**
 * What a job status endpoint works with. `timers` holds the pending delays of slow answers, so
 * that closing the simulator can cancel them.
 * @example
 * const deps: JobEndpointDeps = { jobs, faults, clock: Date.now, auth: authPolicyFrom({}, Date.now), timers: new Set() };
 */
export interface JobEndpointDeps {
  jobs: JobRegistry;
  faults: FaultRegistry;
  clock: Clock;
  /** Who may read jobs: tokens and AK/SK keys. */
  auth: AuthPolicy;
  timers: Set<NodeJS.Timeout>;
}

/**
 * The service's answer for a job reference now: a bad ID, an unknown job, or the job's payload.
 * @example
 * answerFor(SERVICES.ecs, { projectId: 'p', jobId: 'nope' }, new URLSearchParams(), deps).status; // 400
 */
export function answerFor(module: ServiceModule<ServiceName>, ref: JobRef, query: URLSearchParams, deps: Pick<JobEndpointDeps, 'jobs' | 'clock'>): Answer {
  if (ref.jobId === undefined || !module.isWellFormedId(ref.jobId)) return module.badRequest(ref.jobId);
  const job = deps.jobs.find(module.name, ref.projectId, ref.jobId, ref.refFields);
  if (!job) return module.notFound(ref.jobId);
  return module.render(job, timelineAt(job, deps.clock()), query);
}

/** Cuts a JSON answer in the middle, keeping its status and declared JSON content type. */
function malformed(answer: Answer): Answer {
  const json = JSON.stringify(answer.body);
  return { ...answer, body: json.slice(0, Math.max(1, Math.floor(json.length / 2))), contentType: 'application/json' };
}

function applyFault(fault: Fault, module: ServiceModule<ServiceName>, ref: JobRef, ctx: RequestContext, deps: JobEndpointDeps): void {
  const { res, url, requestId } = ctx;
  const normal = () => answerFor(module, ref, url.searchParams, deps);
  switch (fault.kind) {
    case 'serverError':
      return sendAnswer(res, module.serverError(fault.status ?? 503, requestId));
    case 'throttle':
      return sendAnswer(res, throttled(requestId, fault.retryAfterSeconds ?? 1));
    case 'drop':
      res.socket?.destroy();
      return;
    case 'malformed':
      return sendAnswer(res, malformed(normal()));
    case 'html':
      return sendAnswer(res, htmlBadGateway());
    case 'notFound':
      return sendAnswer(res, ref.jobId !== undefined && module.isWellFormedId(ref.jobId) ? module.notFound(ref.jobId) : module.badRequest(ref.jobId));
    case 'slow': {
      const timer = setTimeout(() => {
        deps.timers.delete(timer);
        sendAnswer(res, normal());
      }, fault.delayMs ?? 1000);
      deps.timers.add(timer);
      // The client gave up (or the simulator closed): never answer, free the timer.
      res.once('close', () => {
        clearTimeout(timer);
        deps.timers.delete(timer);
      });
      return;
    }
  }
}

/**
 * The handler of `module`'s job status endpoint: answers 401 `APIG.0301` without acceptable
 * credentials, then applies the first matching injected fault, else answers the job as it stands
 * on the clock.
 * @example
 * router.add('GET', SERVICES.dcs.route, jobEndpoint(SERVICES.dcs, deps));
 */
export function jobEndpoint(module: ServiceModule<ServiceName>, deps: JobEndpointDeps): Handler {
  return (ctx) => {
    const verdict = checkAuth(ctx.req.headers, deps.auth, { method: ctx.req.method ?? 'GET', target: ctx.req.url ?? '/' });
    if (verdict !== null) return sendAnswer(ctx.res, unauthorized(verdict, ctx.requestId));
    const ref = module.readRef(ctx.params, ctx.url.searchParams);
    if (ref.jobId !== undefined) deps.jobs.recordPoll(module.name, ref.jobId);
    const fault = deps.faults.take(module.name, ref.jobId);
    if (fault) return applyFault(fault, module, ref, ctx, deps);
    sendAnswer(ctx.res, answerFor(module, ref, ctx.url.searchParams, deps));
  };
}

/**
 * The handler of a route that several modules serve (services whose job paths look alike): the
 * module whose job or pending fault the request names answers, else the first registered one.
 * One module: its own handler.
 * @example
 * router.add('GET', route, sharedRouteEndpoint(modulesOfRoute, deps));
 */
export function sharedRouteEndpoint(modules: readonly ServiceModule<ServiceName>[], deps: JobEndpointDeps): Handler {
  const handlers = modules.map((module) => ({ module, handler: jobEndpoint(module, deps) }));
  const [first] = handlers;
  if (first === undefined) throw new Error('sharedRouteEndpoint: no module');
  if (handlers.length === 1) return first.handler;
  return (ctx) => {
    const owner = handlers.find(({ module }) => {
      const ref = module.readRef(ctx.params, ctx.url.searchParams);
      return ref.jobId !== undefined && (deps.jobs.find(module.name, ref.projectId, ref.jobId, ref.refFields) !== undefined || deps.faults.list().some((f) => f.service === module.name && f.jobId === ref.jobId));
    });
    return (owner ?? first).handler(ctx);
  };
}

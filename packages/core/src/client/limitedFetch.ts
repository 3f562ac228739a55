// The fetch every client hands openapi-fetch: same-origin redirects only, one time budget for
// headers and body, and a cap on the body.
import type { Middleware } from 'openapi-fetch';
import { ClientConfigError } from '../errors/config.js';
import { RedirectRefusedError, RequestTimeoutError, ResponseTooLargeError } from '../errors/transport.js';
import { CLIENT_DEFAULTS } from './defaults.js';

/** setTimeout's longest delay. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Checks a limit option: a whole number from 1 to `max`, or Infinity; `fallback` when undefined. */
export function checkLimit(option: string, value: unknown, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 1) || (value > max && value !== Infinity) || (Number.isFinite(value) && !Number.isInteger(value))) {
    throw new ClientConfigError(option, `${option} must be a whole number from 1 to ${max}, or Infinity; got ${String(value)}`);
  }
  return value;
}

/** Where {@link withRequestTimeout} leaves a request's own budget (a registered symbol: two copies of this package in one bundle agree on it). */
const REQUEST_TIMEOUT = Symbol.for('@cloud-jobs/requestTimeoutMs');

/**
 * Middleware for one call that replaces the client's `requestTimeoutMs` (larger or smaller).
 * @example await client.GET(path, { params, middleware: [withRequestTimeout(5_000)] });
 */
export function withRequestTimeout(requestTimeoutMs: number): Middleware {
  const budget = checkLimit('requestTimeoutMs', requestTimeoutMs, CLIENT_DEFAULTS.requestTimeoutMs, MAX_TIMER_MS);
  return {
    onRequest({ request }) {
      (request as Request & { [REQUEST_TIMEOUT]?: number })[REQUEST_TIMEOUT] = budget;
    },
  };
}

/** What {@link createLimitedFetch} enforces. */
export interface FetchLimits {
  fetch: ((input: Request) => Promise<Response>) | undefined;
  /** Awaited before the time budget starts (a rate limiter's turn). */
  admit?: ((signal: AbortSignal) => Promise<void>) | undefined;
  origin: string;
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES: ReadonlySet<number> = new Set([101, 103, 204, 205, 304]);

/**
 * Sends `request` with `redirect: 'manual'` and follows a 3xx only within `origin` and only for
 * GET/HEAD: the same headers are sent again, and since an AK/SK signature covers the path a gateway
 * may refuse the redirected request; a hop to any other origin would hand it the credentials.
 */
async function sendFollowingRedirects(
  custom: ((input: Request) => Promise<Response>) | undefined,
  request: Request,
  signal: AbortSignal,
  origin: string,
  ready: boolean,
): Promise<Response> {
  // A ready request (a LimitedRequest: our signal, redirect 'manual') goes as it is; any other gets
  // the overrides, as init for the global fetch, as a new Request for a custom fetch (promised one).
  const send = (input: Request, isReady: boolean): Promise<Response> =>
    isReady
      ? (custom ?? globalThis.fetch)(input)
      : custom
        ? custom(new Request(input, { signal, redirect: 'manual' }))
        : globalThis.fetch(input, { signal, redirect: 'manual' });
  let current = request;
  let currentReady = ready;
  for (let hops = 0; ; hops += 1) {
    const response = await send(current, currentReady);
    // A custom fetch that followed a redirect itself: its answer comes from elsewhere, not trusted.
    const answeredBy = !response.url || response.url.startsWith(`${origin}/`) ? origin : new URL(response.url).origin;
    if (answeredBy !== origin) {
      response.body?.cancel().catch(() => undefined);
      throw new RedirectRefusedError(response.status, answeredBy, origin, 'the fetch followed a redirect to another origin');
    }
    if (!REDIRECT_STATUSES.has(response.status)) return response;
    response.body?.cancel().catch(() => undefined);
    let target: URL | undefined;
    try {
      target = new URL(response.headers.get('location') ?? '', current.url);
    } catch {
      target = undefined;
    }
    const status = response.status;
    if (!response.headers.has('location') || target === undefined) throw new RedirectRefusedError(status, '', origin, 'no valid Location header');
    if (target.origin !== origin) throw new RedirectRefusedError(status, target.origin, origin, `credentials are sent only to ${origin}`);
    if (target.username || target.password) throw new RedirectRefusedError(status, target.origin, origin, 'the Location carries credentials');
    if (current.method !== 'GET' && current.method !== 'HEAD') throw new RedirectRefusedError(status, target.origin, origin, `a ${current.method} request is never redirected`);
    if (hops >= CLIENT_DEFAULTS.maxRedirects) throw new RedirectRefusedError(status, target.origin, origin, `more than ${CLIENT_DEFAULTS.maxRedirects} redirects`);
    current = new Request(target, { method: current.method, headers: current.headers, signal, redirect: 'manual' });
    currentReady = true;
  }
}

/** One request's lifetime: the connection's abort, the timer, and why it ended. */
interface Exchange {
  /** Aborted with the reason the exchange ended early (our timeout, the cap, the caller's). */
  readonly signal: AbortSignal;
  /** Closes the connection (and fails the body) with `reason`. */
  abort(reason: unknown): void;
  /** The request is over: clears the timer and the caller's listener. */
  finish(): void;
  /** What to report for `error`: after an abort, its reason (our timeout, the cap, the caller's). */
  failure(error: unknown): unknown;
}

const READERS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'] as const;

/** `response` whose body readers end the exchange when they settle. */
function finishOnRead(response: Response, exchange: Exchange): Response {
  for (const name of READERS) {
    const read = (response as unknown as Record<string, (() => Promise<unknown>) | undefined>)[name];
    if (typeof read !== 'function') continue;
    Object.defineProperty(response, name, {
      value: () =>
        read.call(response).then(
          (value) => {
            exchange.finish();
            return value;
          },
          (error: unknown) => {
            exchange.finish();
            throw exchange.failure(error);
          },
        ),
    });
  }
  return response;
}

/**
 * The body of `response`, read through a byte counter: above `maxBytes` the stream fails with
 * {@link ResponseTooLargeError} and the connection is closed, so memory stays near the cap.
 */
function limitBody(response: Response, maxBytes: number, exchange: Exchange): Response {
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > maxBytes) throw new ResponseTooLargeError(maxBytes);
  if (response.body === null || NULL_BODY_STATUSES.has(response.status)) {
    exchange.finish();
    return response;
  }
  // A declared length within the cap: HTTP framing already stops the body there, so only the end
  // of the exchange needs seeing (the abort still fails a slow body); no stream in between.
  if (Number.isSafeInteger(declared) && declared <= maxBytes) return finishOnRead(response, exchange);
  const reader = response.body.getReader();
  let total = 0;
  let output: ReadableStreamDefaultController<Uint8Array> | undefined;
  // An abort fails the body at once, whatever the fetch underneath does with its own stream (a
  // pending read of it may never settle), so a trickled body cannot outlive the budget.
  const onAbort = (): void => {
    const reason = exchange.signal.reason;
    try {
      output?.error(reason);
    } catch {
      // already closed or errored
    }
    reader.cancel(reason).catch(() => undefined);
  };
  exchange.signal.addEventListener('abort', onAbort, { once: true });
  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        output = controller;
      },
      async pull(stream) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          exchange.finish();
          throw exchange.failure(error);
        }
        if (exchange.signal.aborted) throw exchange.signal.reason;
        if (chunk.done) {
          exchange.finish();
          stream.close();
          return;
        }
        total += chunk.value.byteLength;
        if (total > maxBytes) {
          const error = new ResponseTooLargeError(maxBytes);
          exchange.abort(error);
          exchange.finish();
          throw error;
        }
        stream.enqueue(chunk.value);
      },
      cancel(reason) {
        exchange.finish();
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  const limited = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(limited, 'url', { value: response.url });
  return limited;
}

/** A request's own abort controller, following the caller's signal until `unlink`. */
interface SignalLink {
  readonly controller: AbortController;
  /** The request already carries the controller's signal and `redirect: 'manual'`. */
  readonly ready: boolean;
  unlink(): void;
}

function linkSignal(caller: AbortSignal | null | undefined, ready = false): SignalLink {
  const controller = new AbortController();
  if (!caller) return { controller, ready, unlink: () => undefined };
  const onAbort = (): void => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener('abort', onAbort, { once: true });
  return { controller, ready, unlink: () => caller.removeEventListener('abort', onAbort) };
}

const LINK = Symbol('cloud-jobs.signalLink');

function ownLink(request: Request): SignalLink | undefined {
  return (request as Request & { [LINK]?: SignalLink })[LINK];
}

let limitedRequest: typeof Request | undefined;

/**
 * The Request class every client builds its requests with (openapi-fetch's `Request` option): its
 * own abort controller, following the caller's signal, and `redirect: 'manual'`, so that the
 * limited fetch sends it as it is. Handing the fetch a second init instead makes it copy the
 * Request, a tenth of a small request's cost. Made on first use: reading the global `Request`
 * makes node load its fetch, which importing a client need not pay for.
 */
export function limitedRequestClass(): typeof Request {
  limitedRequest ??= class LimitedRequest extends Request {
    constructor(input: Request | string | URL, init: RequestInit = {}) {
      const link = linkSignal(init.signal ?? (input instanceof Request ? input.signal : undefined), true);
      super(input, { ...init, signal: link.controller.signal, redirect: 'manual' });
      Object.defineProperty(this, LINK, { value: link });
    }
  };
  return limitedRequest;
}

/**
 * The fetch every client hands openapi-fetch: the caller's `fetch` (or `globalThis.fetch`) with
 * the redirect policy, the time budget (headers and body together) and the body cap. The caller's
 * own signal still aborts, with its reason.
 */
export function createLimitedFetch(limits: FetchLimits): (request: Request) => Promise<Response> {
  return async (request) => {
    const timeoutMs = (request as Request & { [REQUEST_TIMEOUT]?: number })[REQUEST_TIMEOUT] ?? limits.requestTimeoutMs;
    // A LimitedRequest brings its controller; a request a middleware built anew gets one here.
    const link = ownLink(request) ?? linkSignal(request.signal);
    const { controller } = link;
    if (limits.admit) {
      try {
        await limits.admit(controller.signal);
      } catch (error) {
        link.unlink();
        throw controller.signal.aborted ? controller.signal.reason : error;
      }
    }
    const timer = Number.isFinite(timeoutMs) ? setTimeout(() => controller.abort(new RequestTimeoutError(timeoutMs)), timeoutMs) : undefined;
    timer?.unref?.(); // an open socket keeps the process alive; the timer alone need not
    const exchange: Exchange = {
      signal: controller.signal,
      abort: (reason) => controller.abort(reason),
      finish: () => {
        clearTimeout(timer);
        link.unlink();
      },
      failure: (error) => (controller.signal.aborted ? controller.signal.reason : error),
    };
    try {
      const response = await sendFollowingRedirects(limits.fetch, request, controller.signal, limits.origin, link.ready);
      return limitBody(response, limits.maxResponseBytes, exchange);
    } catch (error) {
      // A refused redirect or a too-large body: close the connection, nothing more is read.
      if (!controller.signal.aborted) controller.abort(error);
      exchange.finish();
      throw exchange.failure(error);
    }
  };
}


// The limits every client applies unless told otherwise.

/**
 * The defaults of every client: a request gets 30 s for headers and body (a hung or trickling
 * server fails instead of hanging), a body at most 8 MiB (a job is a few KiB), at most 5
 * same-origin redirect hops.
 * @example CLIENT_DEFAULTS.maxResponseBytes // 8388608
 */
export const CLIENT_DEFAULTS = Object.freeze({ requestTimeoutMs: 30_000, maxResponseBytes: 8 * 1024 * 1024, maxRedirects: 5 });


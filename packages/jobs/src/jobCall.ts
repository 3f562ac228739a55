// The shapes every descriptor's readJob shares: job references and the options of one call.
import type { JobRefBase } from '@cloud-jobs/core';
import type { Middleware } from 'openapi-fetch';

/**
 * The reference of a job of a project-scoped service: the project defaults to the facade's.
 * @example const ref: ProjectJobRef = { jobId: 'ff80808288d41e1b018a', projectId: 'p1' };
 */
export interface ProjectJobRef extends JobRefBase {
  projectId?: string;
}

/**
 * What fetchJob passes to `readJob` besides the reference: the signal, and the call's own time
 * budget as middleware (it replaces the client's for this call).
 */
export interface JobCallInit {
  signal?: AbortSignal;
  middleware?: Middleware[];
}

/**
 * The openapi-fetch options of a job read: the body as text (fetchJob parses it, so a non-JSON
 * answer is reported, not thrown by the client), plus the call's signal and middleware.
 * @example client.GET('/v1/{id}', { params, ...jobCall(init) })
 */
export function jobCall(init: JobCallInit): { parseAs: 'text'; signal?: AbortSignal; middleware?: Middleware[] } {
  return {
    parseAs: 'text',
    ...(init.signal ? { signal: init.signal } : {}),
    ...(init.middleware ? { middleware: init.middleware } : {}),
  };
}

// The simulator's own endpoints: GET /_health and the /_admin API to create jobs and faults.
import { adminRefusal } from './adminGuard.js';
import type { Answer } from './answer.js';
import type { FaultRegistry } from './faults.js';
import type { Handler } from './handler.js';
import { BodyError, readJson, sendAnswer } from './http.js';
import { describeJob, SimulatorFullError, type JobRegistry } from './jobRegistry.js';
import { SimulatorInputError } from './jobSpec.js';
import type { Router } from './router.js';

/**
 * What the admin routes work on.
 * @example
 * registerAdminRoutes(router, { jobs, faults });
 */
export interface AdminDeps {
  jobs: JobRegistry;
  faults: FaultRegistry;
}

const ok = (status: number, body: unknown): Answer => ({ status, body });

/** Runs `work` on the request's JSON body, turning input errors into a 400 (or 413) `{ error }`, a full registry into 507. */
function withBody(work: (body: unknown) => Answer): Handler {
  return async ({ req, res }) => {
    let answer: Answer;
    try {
      answer = work(await readJson(req));
    } catch (err) {
      if (err instanceof BodyError) answer = ok(err.status, { error: err.message });
      else if (err instanceof SimulatorInputError) answer = ok(400, { error: err.message });
      else if (err instanceof SimulatorFullError) answer = ok(507, { error: err.message });
      else throw err;
    }
    sendAnswer(res, answer);
  };
}

/** `handler`, behind the checks of {@link adminRefusal} (loopback Host and Origin, JSON bodies). */
function guarded(handler: Handler): Handler {
  return (ctx) => {
    const refusal = adminRefusal(ctx.req);
    // An unread body is discarded by node:http once the answer is sent.
    return refusal ? sendAnswer(ctx.res, refusal) : handler(ctx);
  };
}

/**
 * Adds, without authentication:
 * - `GET /_health` -> 200 `{ status: 'ok', jobs }`;
 * - `POST /_admin/jobs` (a {@link JobSpec} as JSON) -> 201 `{ id, service, projectId, refFields, path }`;
 * - `GET /_admin/jobs` -> 200 `{ jobs: JobSnapshot[] }`; `DELETE /_admin/jobs` -> 200 `{ cleared }`;
 * - `POST /_admin/faults` (a {@link FaultSpec}) -> 201 `Fault`; `GET /_admin/faults` -> 200 `{ faults }`;
 *   `DELETE /_admin/faults` -> 200 `{ cleared }`.
 * Invalid input answers 400 `{ error: '<what is wrong>' }`, a full job registry 507. Every `/_admin`
 * request must come with a loopback `Host`, a loopback `Origin` if any, and JSON bodies (403 / 415).
 * @example
 * registerAdminRoutes(new Router<Handler>(), { jobs, faults });
 */
export function registerAdminRoutes(router: Router<Handler>, { jobs, faults }: AdminDeps): void {
  router
    .add('GET', '/_health', ({ res }) => sendAnswer(res, ok(200, { status: 'ok', jobs: jobs.size })))
    .add('POST', '/_admin/jobs', guarded(withBody((body) => ok(201, describeJob(jobs.create(body))))))
    .add('GET', '/_admin/jobs', guarded(({ res }) => sendAnswer(res, ok(200, { jobs: jobs.list() }))))
    .add(
      'DELETE',
      '/_admin/jobs',
      guarded(({ res }) => {
        const cleared = jobs.size;
        jobs.clear();
        sendAnswer(res, ok(200, { cleared }));
      }),
    )
    .add('POST', '/_admin/faults', guarded(withBody((body) => ok(201, faults.inject(body)))))
    .add('GET', '/_admin/faults', guarded(({ res }) => sendAnswer(res, ok(200, { faults: faults.list() }))))
    .add('DELETE', '/_admin/faults', guarded(({ res }) => sendAnswer(res, ok(200, { cleared: faults.clear() }))));
}

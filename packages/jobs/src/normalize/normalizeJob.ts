// One entry point for every service's job payload.
import type { Job, ServiceName } from '../model.js';
import type { NormalizeContext } from './assembleJob.js';
import { normalizeCfwJob } from './normalizeCfwJob.js';
import { normalizeDcsJob } from './normalizeDcsJob.js';
import { normalizeEcsJob } from './normalizeEcsJob.js';
import { normalizeOsmJob } from './normalizeOsmJob.js';
import { normalizeServiceStageJob } from './normalizeServiceStageJob.js';

/**
 * A per-service normalizer: payload (and the job ID asked for) -> {@link Job}.
 * @example const normalize: JobNormalizer = normalizeEcsJob;
 */
export type JobNormalizer = (payload: unknown, context?: NormalizeContext) => Job;

const NORMALIZERS: Readonly<Record<ServiceName, JobNormalizer>> = {
  ecs: normalizeEcsJob,
  dcs: normalizeDcsJob,
  cfw: normalizeCfwJob,
  servicestage: normalizeServiceStageJob,
  osm: normalizeOsmJob,
};

/**
 * Normalizes a job payload of `service` with that service's normalizer. Throws only
 * UnexpectedResponseError (not a job of that service) or ApiError (a business error in a 2xx
 * body); a `service` that is not a {@link ServiceName} is a programming error (RangeError).
 * @example
 * normalizeJob('osm', { status: '3', job_id: 42 }, { jobId: '42' }).state // 'succeeded'
 */
export function normalizeJob(service: ServiceName, payload: unknown, context?: NormalizeContext): Job {
  const normalizer = Object.hasOwn(NORMALIZERS, service) ? NORMALIZERS[service] : undefined;
  if (!normalizer) throw new RangeError(`unknown service: ${String(service)}`);
  return normalizer(payload, context);
}

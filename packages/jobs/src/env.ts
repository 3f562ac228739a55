/**
 * @cloud-jobs/jobs/env: the facade and the auth middleware from the environment variables users
 * already have. A separate entry, so an app that passes its own credentials never bundles the
 * environment rules, IAM password flow or AK/SK signing.
 * @example
 * import { createJobsFromEnv } from '@cloud-jobs/jobs/env';
 * const jobs = createJobsFromEnv();
 * await jobs.wait(name, { jobId });
 */
import { resolveAuthFromEnv } from './auth/resolveAuthFromEnv.js';
import { createJobs, type CreateJobsOptions, type Jobs } from './index.js';

export { resolveAuthFromEnv, type AuthEnv, type ResolvedAuth, type ResolveAuthFromEnvOptions } from './auth/resolveAuthFromEnv.js';

/**
 * Options of {@link createJobsFromEnv}: the facade's options except credentials, plus the
 * environment to read (default `process.env`).
 * @example createJobsFromEnv({ env: { OS_AUTH_TOKEN: token, OS_REGION_NAME: 'eu-de', HUAWEICLOUD_SDK_PROJECT_ID: projectId } });
 */
export type FromEnvOptions = Omit<CreateJobsOptions, 'token' | 'auth'> & {
  env?: Readonly<Record<string, string | undefined>> | undefined;
};

/**
 * Creates the facade from the variables users already have: the official SDK's
 * `HUAWEICLOUD_SDK_AK`/`_SK`/`_PROJECT_ID`/`_DOMAIN_ID` and the OpenStack-style `OS_*` of Open
 * Telekom Cloud shells. Picks the strongest complete method (AK/SK, then IAM password, then
 * `OS_AUTH_TOKEN`); throws `AuthConfigError` naming the missing variable when none is complete.
 * Options given here win over the environment.
 * @example
 * const jobs = createJobsFromEnv();
 * await jobs.wait(name, { jobId });
 */
export function createJobsFromEnv(options: FromEnvOptions = {}): Jobs {
  const { env, ...rest } = options;
  // The same fetch (a proxy, a test's) serves IAM's token requests too; no env: resolveAuthFromEnv's default.
  const resolved = resolveAuthFromEnv(env, rest.fetch ? { fetch: rest.fetch } : {});
  const merged: CreateJobsOptions = { auth: resolved.middleware, ...rest };
  if (merged.region === undefined && resolved.region !== undefined) merged.region = resolved.region;
  if (merged.cloud === undefined && resolved.cloud !== undefined) merged.cloud = resolved.cloud;
  if (merged.projectId === undefined) {
    if (resolved.projectId !== undefined) merged.projectId = resolved.projectId;
    else if (resolved.resolveProjectId !== undefined) merged.projectId = resolved.resolveProjectId;
  }
  return createJobs(merged);
}

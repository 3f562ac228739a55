// Everything the generic code needs to know about OSM diagnosis jobs, as data.
import type { JobRefBase, ServiceDescriptor } from '@cloud-jobs/core';
import { createOsmClient, endpoints, type OsmClient } from '@cloud-jobs/osm';
import { jobCall } from '../../jobCall.js';
import { OSM_ERROR_CODES } from './errorCodes.js';
import { normalizeOsmJob } from './normalizeOsmJob.js';
import { OSM_STATUS_TABLE } from './statusTable.js';

/** Also matches a simulator or proxy that serves every service on one host. */
const API_PATH = /\/v2\.0\/servicerequest(?:\/|$)/;

/**
 * Service Tickets diagnosis (OSM): `GET /v2.0/servicerequest/diagnose/job?job_id=`. Global: no
 * project, a domain-scoped token (or `X-Domain-Id` with AK/SK); Huawei Cloud's international site
 * serves it from ap-southeast-3 whatever the caller's region.
 * @example
 * import { osm } from '@cloud-jobs/jobs/osm';
 * osm.matchesUrl(new URL('https://osm.ap-southeast-3.myhuaweicloud.com/v2.0/servicerequest/diagnose/job')) // true
 */
export const osm: ServiceDescriptor<'osm', OsmClient, JobRefBase> = {
  name: 'osm',
  title: 'Service Tickets diagnosis',
  scope: 'global',
  subtaskNoun: ['check item', 'check items'],
  createClient: createOsmClient,
  endpoints,
  homeRegion: { huaweicloud: 'ap-southeast-3' },
  matchesUrl: (url) => url.hostname.startsWith('osm.') || API_PATH.test(url.pathname),
  readJob: (client, ref, init) => client.GET('/v2.0/servicerequest/diagnose/job', { params: { query: { job_id: ref.jobId } }, ...jobCall(init) }),
  notFoundCodes: OSM_ERROR_CODES.notFoundCodes,
  throttleCodes: OSM_ERROR_CODES.throttleCodes,
  statusTable: OSM_STATUS_TABLE,
  normalize: normalizeOsmJob,
};

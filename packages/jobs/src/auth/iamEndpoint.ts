// Where IAM (the token service) lives, per cloud and region. Service endpoints come from each
// service package's spec (`endpoints` of @cloud-jobs/ecs ...); only IAM's are listed here.
import type { Cloud } from '@cloud-jobs/core';
import { AuthConfigError } from './errors.js';

/**
 * One IAM endpoint: the base URL that `POST /v3/auth/tokens` is appended to.
 * @example const endpoint: IamEndpoint = { cloud: 'otc', region: 'eu-de', url: 'https://iam.eu-de.otc.t-systems.com' };
 */
export interface IamEndpoint {
  readonly cloud: Cloud;
  readonly region: string;
  readonly url: string;
}

/**
 * Huawei Cloud's global IAM endpoint: issues tokens for any region (region `'global'` in
 * {@link iamEndpoint}).
 * @example createIamTokenProvider({ authUrl: IAM_GLOBAL_ENDPOINT, username, password, domainName, projectName: 'ap-southeast-1' });
 */
export const IAM_GLOBAL_ENDPOINT = 'https://iam.myhuaweicloud.com';

// Huawei Cloud: the IAM regions of the official Go SDK (services/iam/v3/region/region.go);
// eu-west-101 is on the .eu domain. Open Telekom Cloud: eu-de and eu-nl, and the Swiss cloud's
// public IAM host (iam-pub.eu-ch2.sc...), from the OTC documentation.
const HUAWEI_REGIONS = [
  'af-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'cn-east-2',
  'cn-east-3',
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-south-1',
  'cn-south-2',
  'cn-southwest-2',
  'eu-west-0',
  'la-north-2',
  'la-south-2',
  'na-mexico-1',
  'sa-brazil-1',
] as const;

/**
 * Every known IAM endpoint of both clouds, by region.
 * @example IAM_ENDPOINTS.filter((e) => e.cloud === 'otc').map((e) => e.region) // ['eu-de', 'eu-nl', 'eu-ch2']
 */
export const IAM_ENDPOINTS: readonly IamEndpoint[] = /* @__PURE__ */ knownEndpoints();

// A function call marked pure, so a bundle that reads no IAM endpoint drops the list.
function knownEndpoints(): readonly IamEndpoint[] {
  return Object.freeze(([
  ...HUAWEI_REGIONS.map((region): IamEndpoint => ({ cloud: 'huaweicloud', region, url: `https://iam.${region}.myhuaweicloud.com` })),
  { cloud: 'huaweicloud', region: 'eu-west-101', url: 'https://iam.eu-west-101.myhuaweicloud.eu' },
  { cloud: 'otc', region: 'eu-de', url: 'https://iam.eu-de.otc.t-systems.com' },
  { cloud: 'otc', region: 'eu-nl', url: 'https://iam.eu-nl.otc.t-systems.com' },
  { cloud: 'otc', region: 'eu-ch2', url: 'https://iam-pub.eu-ch2.sc.otc.t-systems.com' },
] satisfies IamEndpoint[]).map((endpoint) => Object.freeze(endpoint)));
}

/**
 * The IAM base URL of a region (no `/v3`). On Huawei Cloud, region `'global'` is the global endpoint.
 * An unknown region or cloud throws {@link AuthConfigError} listing the known regions.
 * @example
 * iamEndpoint('eu-de', 'otc') // 'https://iam.eu-de.otc.t-systems.com'
 * iamEndpoint('ap-southeast-3') // 'https://iam.ap-southeast-3.myhuaweicloud.com'
 * iamEndpoint('global') // 'https://iam.myhuaweicloud.com'
 */
export function iamEndpoint(region: string, cloud: Cloud = 'huaweicloud'): string {
  if (cloud !== 'huaweicloud' && cloud !== 'otc') {
    throw new AuthConfigError(`unknown cloud ${JSON.stringify(cloud)}; known clouds: huaweicloud, otc`);
  }
  if (cloud === 'huaweicloud' && region === 'global') return IAM_GLOBAL_ENDPOINT;
  const match = IAM_ENDPOINTS.find((e) => e.cloud === cloud && e.region === region);
  if (match) return match.url;
  const known = IAM_ENDPOINTS.filter((e) => e.cloud === cloud).map((e) => e.region);
  if (cloud === 'huaweicloud') known.push('global');
  throw new AuthConfigError(`unknown ${cloud} IAM region ${JSON.stringify(region)}; known regions: ${known.join(', ')} (or pass the IAM URL itself)`);
}

import type { Middleware } from 'openapi-fetch';
import { createCfwClient, type CfwClient } from '@cloud-jobs/cfw';
import { createDcsClient, type DcsClient } from '@cloud-jobs/dcs';
import { createEcsClient, type EcsClient } from '@cloud-jobs/ecs';
import { createOsmClient, type OsmClient } from '@cloud-jobs/osm';
import { createServiceStageClient, type ServiceStageClient } from '@cloud-jobs/servicestage';
import type { ServiceName } from './model.js';

/** The typed client of each service. */
export interface ServiceClients {
  ecs: EcsClient;
  dcs: DcsClient;
  cfw: CfwClient;
  servicestage: ServiceStageClient;
  osm: OsmClient;
}

/** What every service client is built from. */
export interface ServiceClientSettings {
  baseUrl?: string;
  region?: string;
  cloud?: 'huaweicloud' | 'otc';
  token?: string;
  fetch?: (input: Request) => Promise<Response>;
  headers?: Record<string, string>;
  middleware?: readonly Middleware[];
  /** Budget of one request, headers and body, ms. Default 30 000; `Infinity` for none. */
  requestTimeoutMs?: number;
  /** Largest response body read, in bytes. Default 8 MiB. */
  maxResponseBytes?: number;
}

const FACTORIES: { [S in ServiceName]: (options: ServiceClientSettings) => ServiceClients[S] } = {
  ecs: createEcsClient,
  dcs: createDcsClient,
  cfw: createCfwClient,
  servicestage: createServiceStageClient,
  osm: createOsmClient,
};

/**
 * Creates the typed client of one service from shared settings.
 * @example const ecs = createServiceClientFor('ecs', { region: 'eu-de', cloud: 'otc', token });
 */
export function createServiceClientFor<S extends ServiceName>(service: S, settings: ServiceClientSettings): ServiceClients[S] {
  return FACTORIES[service](settings);
}

// Every spec's Huawei Cloud regions and hosts are those of the official Go SDK's region table for
// the service (a verbatim copy is checked in beside the spec, with the file and commit it came from);
// differences are allowed only where source.json names them with a reason. The clients built from
// the specs then accept every region of that table.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findService } from '../src/serviceRegistry.js';
import { repoRoot } from '../../../test-utils/spec.js';

interface RegionSource {
  repository: string;
  path: string;
  commit: string;
  extraRegions: Record<string, string>;
  hostOverrides: Record<string, string>;
}

/** region -> first (primary) endpoint of each `region.NewRegion("id", "https://...", ...)`. */
function readSdkTable(goSource: string): Map<string, string> {
  const table = new Map<string, string>();
  for (const m of goSource.matchAll(/region\.NewRegion\(\s*"([^"]+)",\s*"([^"]+)"/g)) table.set(m[1]!, m[2]!);
  return table;
}

function specHosts(service: string): Map<string, string> {
  const spec = parse(readFileSync(join(repoRoot, 'specs', service, 'openapi.yaml'), 'utf8'));
  const hosts = new Map<string, string>();
  for (const server of spec.servers ?? []) {
    if (server['x-cloud'] !== 'huaweicloud') continue;
    for (const region of server.variables?.region?.enum ?? []) hosts.set(region, server.url.replace('{region}', region));
  }
  return hosts;
}

const specServices = readdirSync(join(repoRoot, 'specs'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== '_shared' && existsSync(join(repoRoot, 'specs', e.name, 'openapi.yaml')))
  .map((e) => e.name)
  .filter((s) => specHosts(s).size > 0);

describe.each(specServices)('%s: Huawei Cloud regions = the SDK region table', (service) => {
  const dir = join(repoRoot, 'specs', service, 'sdk-region');

  it('has the SDK table it was taken from, citing the file and commit', () => {
    expect(existsSync(join(dir, 'region.go')), `specs/${service}/sdk-region/region.go`).toBe(true);
    const source = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8')) as RegionSource;
    expect(source.repository).toBe('huaweicloud/huaweicloud-sdk-go-v3');
    expect(source.path).toMatch(new RegExp(`^services/[a-z]+/v\\d+/region/region\\.go$`));
    expect(source.commit).toMatch(/^[0-9a-f]{40}$/);
    const table = readSdkTable(readFileSync(join(dir, 'region.go'), 'utf8'));
    expect(table.size).toBeGreaterThan(0);
    // The copy is the SDK's file for this service: every host in it is this service's.
    const hostPrefix = new URL([...table.values()][0]!).hostname.split('.')[0];
    for (const url of table.values()) expect(new URL(url).hostname.split('.')[0]).toBe(hostPrefix);
  });

  it('lists every SDK region with the SDK host, and nothing unexplained', () => {
    const source = JSON.parse(readFileSync(join(dir, 'source.json'), 'utf8')) as RegionSource;
    const table = readSdkTable(readFileSync(join(dir, 'region.go'), 'utf8'));
    const ours = specHosts(service);
    expect([...table.keys()].filter((r) => !ours.has(r)), 'SDK regions missing from the spec').toEqual([]);
    const unexplained = [...ours.keys()].filter((r) => !table.has(r) && !(r in source.extraRegions));
    expect(unexplained, 'spec regions not in the SDK table and not explained in source.json').toEqual([]);
    for (const [region, reason] of Object.entries(source.extraRegions)) {
      expect(table.has(region), `${region} is in the SDK table: not an extra`).toBe(false);
      expect(ours.has(region), `${region} is explained but not listed`).toBe(true);
      expect(reason.length).toBeGreaterThan(20);
    }
    for (const [region, url] of table) {
      if (region in source.hostOverrides) expect(ours.get(region)).not.toBe(url);
      else expect(ours.get(region), region).toBe(url);
    }
  });

  it('builds a client for every SDK region (the generated endpoint catalog has them all)', () => {
    const descriptor = findService(service);
    expect(descriptor, `${service} is registered`).toBeDefined();
    const table = readSdkTable(readFileSync(join(dir, 'region.go'), 'utf8'));
    for (const region of table.keys()) {
      const endpoint = descriptor!.endpoints.find((e) => e.cloud === 'huaweicloud' && e.region === region);
      expect(endpoint?.url, region).toBe(specHosts(service).get(region));
      expect(() => descriptor!.createClient({ region, cloud: 'huaweicloud', token: 't' })).not.toThrow();
    }
  });
});

it('finds the specs to check', () => {
  expect(specServices.length).toBeGreaterThanOrEqual(5);
});

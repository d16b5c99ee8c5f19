import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fleetResources, loadFleetFile, replayInstanceId } from '../../../stages/replay/fleet-file.js';
import { loadInstanceSpecs } from '../../../stages/replay/instance-specs.js';
import { resolveConfiguredPath } from '../../../stages/replay/project-paths.js';
import { loadCarbonSeries } from '../../../stages/replay/carbon-series.js';

describe('configs/fleet.yaml', () => {
  const fleet = loadFleetFile(resolveConfiguredPath('configs/fleet.yaml'));
  const resources = fleetResources(fleet);

  it('uses types with power data and prices', () => {
    const specs = loadInstanceSpecs(resolveConfiguredPath('data/power/ccf_aws_instances_teads.csv'));
    const prices = readFileSync(resolveConfiguredPath('data/pricing/ec2_on_demand_linux.csv'), 'utf8');
    const pairs = resources.flatMap((resource) =>
      (resource.kind === 'ec2_instance' ? [resource.instanceType] : resource.instanceTypes).map((type) => [
        resource.region,
        type,
      ]),
    );

    for (const [region, type] of pairs) {
      expect(specs.has(type ?? '')).toBe(true);
      expect(prices).toContain(`\n${region},${type},`);
    }
  });

  it('covers regions with carbon series', () => {
    for (const region of new Set(resources.map((resource) => resource.region))) {
      expect(loadCarbonSeries(resolveConfiguredPath('data'), region)).not.toBeNull();
    }
  });

  it('has unique resource ids', () => {
    const ids = resources.map((resource) => resource.resourceId);

    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('instance specs', () => {
  it('reads Graviton and GPU types', () => {
    const specs = loadInstanceSpecs(resolveConfiguredPath('data/power/ccf_aws_instances_teads.csv'));

    expect(specs.get('m6g.large')).toEqual({ vcpus: 2, memoryMib: 8192, architecture: 'arm64', gpus: 0 });
    expect(specs.get('g4dn.xlarge')).toEqual({ vcpus: 4, memoryMib: 16384, architecture: 'x86_64', gpus: 1 });
  });
});

describe('replayInstanceId', () => {
  it('looks like an EC2 id', () => {
    expect(replayInstanceId('us-east-1', 'us-east-1a', 'm5.large', 0)).toMatch(/^i-[0-9a-f]{17}$/);
  });
});

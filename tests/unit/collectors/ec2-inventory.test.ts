import { describe, expect, it } from '@jest/globals';
import { toEc2Inventory } from '../../../stages/collectors/ec2/ec2-inventory.js';
import { instanceTypeFacts } from '../../../stages/collectors/ec2/instance-type-cache.js';
import { toNodegroupInventory } from '../../../stages/collectors/eks/eks-inventory.js';

const facts = { vcpus: 4, memoryMib: 16384, architectures: ['x86_64'], gpus: 1 };

describe('toEc2Inventory', () => {
  it('maps an EKS node instance', () => {
    const inventory = toEc2Inventory(
      {
        InstanceId: 'i-0123456789abcdef0',
        InstanceType: 'g4dn.xlarge',
        State: { Name: 'running' },
        Architecture: 'x86_64',
        Placement: { AvailabilityZone: 'us-east-1c' },
        LaunchTime: new Date('2026-12-01T08:00:00Z'),
        Tags: [
          { Key: 'eks:cluster-name', Value: 'demo' },
          { Key: 'eks:nodegroup-name', Value: 'gpu' },
        ],
      },
      'us-east-1',
      facts,
      '2026-12-04T10:00:00.000Z',
    );

    expect(inventory).toEqual({
      resource_id: 'i-0123456789abcdef0',
      resource_type: 'ec2_instance',
      region: 'us-east-1',
      availability_zone: 'us-east-1c',
      instance_type: 'g4dn.xlarge',
      state: 'running',
      vcpus: 4,
      memory_mib: 16384,
      architecture: 'x86_64',
      gpus: 1,
      launched_at: '2026-12-01T08:00:00.000Z',
      nodegroup_id: 'demo/gpu',
      tags: { 'eks:cluster-name': 'demo', 'eks:nodegroup-name': 'gpu' },
      observed_at: '2026-12-04T10:00:00.000Z',
      source: 'ec2',
    });
  });

  it('skips an instance of unknown type', () => {
    const result = toEc2Inventory(
      { InstanceId: 'i-1', InstanceType: 'x9.huge' as never, State: { Name: 'running' } },
      'us-east-1',
      null,
      '2026-12-04T10:00:00.000Z',
    );

    expect(result).toBe('unknown_type');
  });

  it('takes architecture from the type when absent', () => {
    const result = toEc2Inventory(
      { InstanceId: 'i-1', InstanceType: 'm6g.large', State: { Name: 'stopped' } },
      'eu-north-1',
      { vcpus: 2, memoryMib: 8192, architectures: ['arm64'], gpus: 0 },
      '2026-12-04T10:00:00.000Z',
    );

    expect(typeof result).not.toBe('string');
    if (typeof result === 'string') {
      throw new Error(`expected an inventory record, got ${result}`);
    }
    expect(result.architecture).toBe('arm64');
    expect(result.state).toBe('stopped');
  });
});

describe('instanceTypeFacts', () => {
  it('sums GPUs over GPU kinds', () => {
    const result = instanceTypeFacts({
      VCpuInfo: { DefaultVCpus: 8 },
      MemoryInfo: { SizeInMiB: 32768 },
      ProcessorInfo: { SupportedArchitectures: ['x86_64'] },
      GpuInfo: { Gpus: [{ Count: 1 }, { Count: 2 }] },
    });

    expect(result).toEqual({ vcpus: 8, memoryMib: 32768, architectures: ['x86_64'], gpus: 3 });
  });
});

describe('toNodegroupInventory', () => {
  it('skips a group without instance types', () => {
    const result = toNodegroupInventory(
      { clusterName: 'c', nodegroupName: 'n', scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 1 } },
      'us-east-1',
      '2026-12-04T10:00:00.000Z',
    );

    expect(result).toBe('no_instance_types');
  });
});

import type { Instance } from '@aws-sdk/client-ec2';
import type { Ec2InstanceInventory } from '../../../schemas/definitions/index.js';
import type { InstanceTypeFacts } from './instance-type-cache.js';

const STATES = ['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated'] as const;
const ARCHITECTURES = ['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac'] as const;

type State = Ec2InstanceInventory['state'];
type Architecture = Ec2InstanceInventory['architecture'];

function isState(value: string | undefined): value is State {
  return (STATES as readonly string[]).includes(value ?? '');
}

function isArchitecture(value: string | undefined): value is Architecture {
  return (ARCHITECTURES as readonly string[]).includes(value ?? '');
}

function tagMap(instance: Instance): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of instance.Tags ?? []) {
    if (tag.Key !== undefined) {
      tags[tag.Key] = tag.Value ?? '';
    }
  }
  return tags;
}

/** The reason an instance yields no inventory message. */
export type SkipReason = 'missing_id' | 'unknown_state' | 'unknown_type';

/**
 * Maps one DescribeInstances instance to its inventory message. EKS nodes carry the tags
 * `eks:cluster-name` and `eks:nodegroup-name`, which give `nodegroup_id` as `<cluster>/<nodegroup>`,
 * the id of the node group's own inventory message.
 */
export function toEc2Inventory(
  instance: Instance,
  region: string,
  facts: InstanceTypeFacts | null,
  observedAt: string,
): Ec2InstanceInventory | SkipReason {
  const state = instance.State?.Name;
  if (instance.InstanceId === undefined || instance.InstanceType === undefined) {
    return 'missing_id';
  }
  if (!isState(state)) {
    return 'unknown_state';
  }
  if (facts === null) {
    return 'unknown_type';
  }
  // A type that supports one architecture (m6g: arm64 only) decides it; otherwise the instance's
  // own architecture, which comes from its image, separates x86_64 from i386.
  const typeArchitectures = facts.architectures.filter(isArchitecture);
  const instanceArchitecture = instance.Architecture;
  const architecture =
    typeArchitectures.length === 1
      ? (typeArchitectures[0] as Architecture)
      : isArchitecture(instanceArchitecture)
        ? instanceArchitecture
        : (typeArchitectures[0] ?? 'x86_64');
  const tags = tagMap(instance);
  const cluster = tags['eks:cluster-name'];
  const nodegroup = tags['eks:nodegroup-name'];
  return {
    resource_id: instance.InstanceId,
    resource_type: 'ec2_instance',
    region,
    availability_zone: instance.Placement?.AvailabilityZone ?? null,
    instance_type: instance.InstanceType,
    state,
    vcpus: facts.vcpus,
    memory_mib: facts.memoryMib,
    architecture,
    gpus: facts.gpus,
    launched_at: instance.LaunchTime === undefined ? null : instance.LaunchTime.toISOString(),
    nodegroup_id: cluster !== undefined && nodegroup !== undefined ? `${cluster}/${nodegroup}` : null,
    tags,
    observed_at: observedAt,
    source: 'ec2',
  };
}

import type { Inventory } from '../../schemas/definitions/inventory.js';
import type { Energy } from '../../schemas/definitions/energy.js';
import type { InstanceSpec } from './instance-specs.js';
import type { InstanceShape } from './power-curve-resolver.js';

/** Facts about a resource that the energy model uses: its type and size, instance count and state. */
export interface ResourceShape {
  shape: InstanceShape;
  /** Instances the window covers: 1 for an instance, the desired size for a node group. */
  instances: number;
  state: Energy['state'];
  nodegroupId: string | null;
}

const RUNNING_STATES = new Set(['pending', 'running', 'stopping', 'shutting-down']);

/**
 * Maps an inventory entry to the shape the energy model uses. An instance draws power from pending
 * until it is stopped or terminated. A node group counts its desired size of its first instance
 * type, sized from the instance list because the group entry has no size of its own.
 */
export function resourceShape(inventory: Inventory, specs: ReadonlyMap<string, InstanceSpec>): ResourceShape {
  if (inventory.resource_type === 'ec2_instance') {
    const state: Energy['state'] = RUNNING_STATES.has(inventory.state)
      ? 'running'
      : inventory.state === 'stopped'
        ? 'stopped'
        : 'terminated';
    return {
      shape: {
        instanceType: inventory.instance_type,
        architecture: inventory.architecture,
        vcpus: inventory.vcpus,
        memoryGb: inventory.memory_mib / 1024,
        gpus: inventory.gpus,
      },
      instances: 1,
      state,
      nodegroupId: inventory.nodegroup_id,
    };
  }

  const instanceType = inventory.instance_types[0] as string;
  const spec = specs.get(instanceType.toLowerCase());
  return {
    shape: {
      instanceType,
      architecture: spec?.architecture ?? null,
      vcpus: spec?.vcpus ?? null,
      memoryGb: spec?.memoryGb ?? null,
      gpus: null,
    },
    instances: inventory.desired_size,
    state: inventory.desired_size > 0 ? 'running' : 'stopped',
    nodegroupId: inventory.resource_id,
  };
}

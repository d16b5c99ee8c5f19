import type { Nodegroup } from '@aws-sdk/client-eks';
import type { EksNodegroupInventory } from '../../../schemas/definitions/index.js';

/** The reason a node group yields no inventory message. */
export type NodegroupSkipReason = 'missing_name' | 'no_instance_types' | 'no_scaling_config';

/** Resource id of a node group: `<cluster>/<nodegroup>`, unique within a region. */
export function nodegroupResourceId(cluster: string, nodegroup: string): string {
  return `${cluster}/${nodegroup}`;
}

/**
 * Maps a DescribeNodegroup result to its inventory message. A node group created from a launch
 * template may list no instance types; it is skipped because the energy model needs a type.
 */
export function toNodegroupInventory(
  nodegroup: Nodegroup,
  region: string,
  observedAt: string,
): EksNodegroupInventory | NodegroupSkipReason {
  if (nodegroup.clusterName === undefined || nodegroup.nodegroupName === undefined) {
    return 'missing_name';
  }
  const instanceTypes = nodegroup.instanceTypes ?? [];
  if (instanceTypes.length === 0) {
    return 'no_instance_types';
  }
  const scaling = nodegroup.scalingConfig;
  if (scaling?.desiredSize === undefined || scaling.minSize === undefined || scaling.maxSize === undefined) {
    return 'no_scaling_config';
  }
  return {
    resource_id: nodegroupResourceId(nodegroup.clusterName, nodegroup.nodegroupName),
    resource_type: 'eks_nodegroup',
    region,
    cluster: nodegroup.clusterName,
    nodegroup: nodegroup.nodegroupName,
    instance_types: instanceTypes,
    status: nodegroup.status ?? 'UNKNOWN',
    desired_size: scaling.desiredSize,
    min_size: scaling.minSize,
    max_size: scaling.maxSize,
    tags: { ...(nodegroup.tags ?? {}) },
    observed_at: observedAt,
    source: 'eks',
  };
}

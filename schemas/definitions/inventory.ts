import { z } from 'zod';
import { awsRegion, isoInstant, resourceId } from './common.js';

const tags = z.record(z.string(), z.string()).describe('Resource tags.');

/** Last known state of one EC2 instance. */
export const ec2InstanceInventorySchema = z
  .object({
    resource_id: resourceId,
    resource_type: z.literal('ec2_instance'),
    region: awsRegion,
    availability_zone: z.string().nullable(),
    instance_type: z.string().min(1).describe('EC2 instance type, for example m5.large.'),
    state: z.enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']),
    vcpus: z.number().int().min(1),
    memory_mib: z.number().int().min(1),
    architecture: z.enum(['x86_64', 'arm64', 'i386', 'x86_64_mac', 'arm64_mac']),
    gpus: z.number().int().min(0),
    launched_at: isoInstant.nullable(),
    nodegroup_id: z
      .string()
      .nullable()
      .describe('Node group the instance belongs to, when it is an EKS node.'),
    tags,
    observed_at: isoInstant.describe('When the collector saw this state.'),
    source: z.enum(['ec2', 'replay', 'simulated']),
  })
  .strict();

/** Last known state of one EKS managed node group. */
export const eksNodegroupInventorySchema = z
  .object({
    resource_id: resourceId.describe('`<cluster>/<nodegroup>`.'),
    resource_type: z.literal('eks_nodegroup'),
    region: awsRegion,
    cluster: z.string().min(1),
    nodegroup: z.string().min(1),
    instance_types: z.array(z.string().min(1)).min(1),
    status: z.string().min(1).describe('EKS node group status, for example ACTIVE or UPDATING.'),
    desired_size: z.number().int().min(0),
    min_size: z.number().int().min(0),
    max_size: z.number().int().min(0),
    tags,
    observed_at: isoInstant,
    source: z.enum(['eks', 'replay', 'simulated']),
  })
  .strict()
  .refine((group) => group.min_size <= group.desired_size && group.desired_size <= group.max_size, {
    message: 'desired_size must lie between min_size and max_size',
    path: ['desired_size'],
  });

/**
 * Topic `eaawas.inventory` (compacted, key: resource id). A tombstone (null value) means the
 * resource no longer exists.
 */
export const inventorySchema = z
  .union([ec2InstanceInventorySchema, eksNodegroupInventorySchema])
  .describe('Last known state of an EC2 instance or an EKS node group.');

export type Ec2InstanceInventory = z.infer<typeof ec2InstanceInventorySchema>;
export type EksNodegroupInventory = z.infer<typeof eksNodegroupInventorySchema>;
export type Inventory = z.infer<typeof inventorySchema>;

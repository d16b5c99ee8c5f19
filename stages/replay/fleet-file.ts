import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1');
const instanceType = z
  .string()
  .regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, 'must be an EC2 instance type such as m5.large');
const tags = z.record(z.string(), z.string());

/** The fleet file of the replay: EC2 instances and EKS managed node groups to simulate. */
export const fleetFileSchema = z
  .object({
    ec2_instances: z.array(
      z
        .object({
          region: awsRegion,
          availability_zone: z.string().min(1),
          instance_type: instanceType,
          count: z.number().int().min(1).max(1000).describe('Instances of this type in this zone.'),
          tags: tags.optional(),
        })
        .strict(),
    ),
    eks_nodegroups: z.array(
      z
        .object({
          region: awsRegion,
          cluster: z.string().min(1),
          nodegroup: z.string().min(1),
          instance_types: z.array(instanceType).min(1),
          min_size: z.number().int().min(0),
          desired_size: z.number().int().min(0),
          max_size: z.number().int().min(1),
          tags: tags.optional(),
        })
        .strict()
        .refine((group) => group.min_size <= group.desired_size && group.desired_size <= group.max_size, {
          message: 'desired_size must lie between min_size and max_size',
          path: ['desired_size'],
        }),
    ),
  })
  .strict();

export type FleetFile = z.infer<typeof fleetFileSchema>;

/** One replayed resource with everything its inventory message and samples need. */
export type FleetResource =
  | {
      kind: 'ec2_instance';
      resourceId: string;
      region: string;
      availabilityZone: string;
      instanceType: string;
      tags: Record<string, string>;
    }
  | {
      kind: 'eks_nodegroup';
      resourceId: string;
      region: string;
      cluster: string;
      nodegroup: string;
      instanceTypes: string[];
      minSize: number;
      desiredSize: number;
      maxSize: number;
      tags: Record<string, string>;
    };

/**
 * Reads and validates a fleet file.
 * @throws ValidationError (CONFIG_INVALID) naming the file and every invalid field.
 */
export function loadFleetFile(path: string): FleetFile {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(
      'CONFIG_INVALID',
      `Cannot read fleet file ${path}: check the path and its YAML.`,
      [],
      {
        cause: error,
      },
    );
  }
  const result = fleetFileSchema.safeParse(parsed);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`).join('\n');
    throw new ValidationError('CONFIG_INVALID', `Invalid fleet file ${path}:\n${lines}`, issues);
  }
  return result.data;
}

/**
 * An EC2-style instance id (`i-` and 17 hex digits) derived from the instance's place in the fleet,
 * so the same fleet file always yields the same ids.
 */
export function replayInstanceId(
  region: string,
  availabilityZone: string,
  instanceType: string,
  index: number,
): string {
  const digest = createHash('sha256')
    .update(`${region}/${availabilityZone}/${instanceType}/${index}`)
    .digest('hex');
  return `i-${digest.slice(0, 17)}`;
}

/** Expands a fleet file into its resources, in file order: instances first, then node groups. */
export function fleetResources(fleet: FleetFile): FleetResource[] {
  const resources: FleetResource[] = [];
  for (const entry of fleet.ec2_instances) {
    for (let index = 0; index < entry.count; index += 1) {
      resources.push({
        kind: 'ec2_instance',
        resourceId: replayInstanceId(entry.region, entry.availability_zone, entry.instance_type, index),
        region: entry.region,
        availabilityZone: entry.availability_zone,
        instanceType: entry.instance_type,
        tags: entry.tags ?? {},
      });
    }
  }
  for (const group of fleet.eks_nodegroups) {
    resources.push({
      kind: 'eks_nodegroup',
      resourceId: `${group.cluster}/${group.nodegroup}`,
      region: group.region,
      cluster: group.cluster,
      nodegroup: group.nodegroup,
      instanceTypes: group.instance_types,
      minSize: group.min_size,
      desiredSize: group.desired_size,
      maxSize: group.max_size,
      tags: group.tags ?? {},
    });
  }
  return resources;
}

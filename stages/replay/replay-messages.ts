import { ValidationError } from '../../pipeline/errors/eaawas-error.js';
import type { Ec2InstanceInventory, EksNodegroupInventory, Sample } from '../../schemas/definitions/index.js';
import type { FleetResource } from './fleet-file.js';
import type { InstanceSpec } from './instance-specs.js';
import { randomFor, shuffled } from './seeded-random.js';
import type { TraceStep } from './utilization-trace.js';
import { TRACE_STEP_S } from './utilization-trace.js';

/** A fleet resource and the trace column whose values it replays. */
export interface TraceAssignment {
  resource: FleetResource;
  column: number;
}

/**
 * Maps each resource to a VM column of the trace: the columns are shuffled with the seed and dealt
 * out in fleet order, so a fleet larger than the trace reuses columns.
 */
export function assignTraceColumns(
  resources: readonly FleetResource[],
  columnCount: number,
  seed: number,
): TraceAssignment[] {
  const order = shuffled(
    Array.from({ length: columnCount }, (_, index) => index),
    randomFor(seed, 'utilization-columns'),
  );
  return resources.map((resource, index) => ({ resource, column: order[index % order.length] as number }));
}

/**
 * Builds the inventory message of a replayed resource.
 * @throws ValidationError (CONFIG_INVALID) when an instance type is not in the instance specs.
 */
export function replayInventory(
  resource: FleetResource,
  specs: ReadonlyMap<string, InstanceSpec>,
  observedAt: string,
): Ec2InstanceInventory | EksNodegroupInventory {
  if (resource.kind === 'eks_nodegroup') {
    return {
      resource_id: resource.resourceId,
      resource_type: 'eks_nodegroup',
      region: resource.region,
      cluster: resource.cluster,
      nodegroup: resource.nodegroup,
      instance_types: resource.instanceTypes,
      status: 'ACTIVE',
      desired_size: resource.desiredSize,
      min_size: resource.minSize,
      max_size: resource.maxSize,
      tags: resource.tags,
      observed_at: observedAt,
      source: 'replay',
    };
  }
  const spec = specs.get(resource.instanceType);
  if (spec === undefined) {
    throw new ValidationError(
      'CONFIG_INVALID',
      `Instance type ${resource.instanceType} of the replay fleet is not in the instance dataset; pick a listed type.`,
      [{ path: 'instance_type', message: 'unknown instance type', value: resource.instanceType }],
    );
  }
  return {
    resource_id: resource.resourceId,
    resource_type: 'ec2_instance',
    region: resource.region,
    availability_zone: resource.availabilityZone,
    instance_type: resource.instanceType,
    state: 'running',
    vcpus: spec.vcpus,
    memory_mib: spec.memoryMib,
    architecture: spec.architecture,
    gpus: spec.gpus,
    launched_at: observedAt,
    nodegroup_id: null,
    tags: resource.tags,
    observed_at: observedAt,
    source: 'replay',
  };
}

/**
 * Builds the CPU samples of one trace step, one per resource whose cell has a value. A missing cell, or
 * one outside 0 to 100 percent, yields no sample: it is never replaced by 0.
 */
export function stepSamples(
  step: TraceStep,
  assignments: readonly TraceAssignment[],
  originMs: number,
): Sample[] {
  const eventTime = new Date(originMs + step.offsetS * 1000).toISOString();
  const samples: Sample[] = [];
  for (const { resource, column } of assignments) {
    const value = step.values[column];
    if (value === null || value === undefined || value < 0 || value > 100) {
      continue;
    }
    samples.push({
      resource_id: resource.resourceId,
      resource_type: resource.kind,
      region: resource.region,
      metric: 'cpu_utilization',
      unit: 'percent',
      value,
      event_time: eventTime,
      period_s: TRACE_STEP_S,
      source: 'replay',
    });
  }
  return samples;
}

import { createHash } from 'node:crypto';
import type {
  Ec2InstanceInventory,
  EksNodegroupInventory,
  Inventory,
} from '../../schemas/definitions/inventory.js';
import type { AllocatorEnergyModel } from '../allocator/energy-model.js';
import type { FleetState } from '../allocator/fleet-state.js';
import type { PlannedAction } from './action-plan.js';
import type { AwsActionResult } from './aws-actions.js';

/**
 * A fleet that takes the executor's actions without AWS. It reads the instances and node groups
 * the inventory topic lists, applies each action to its own copy, and returns the changed
 * inventory records for the executor to publish, so every later stage sees the new state. A
 * launch is idempotent by ClientToken like RunInstances: the same token gives the same instance.
 */
export interface SimulatedFleet {
  apply(planned: PlannedAction, nowMs: number): { result: AwsActionResult; inventory: Inventory[] };
}

// NOTE: a launched instance gets inventory records but no utilization samples, because the replay
// only replays the trace VMs of its fleet file.
export function createSimulatedFleet(state: FleetState, model: AllocatorEnergyModel): SimulatedFleet {
  const launchedByToken = new Map<string, string>();

  function launch(
    planned: PlannedAction,
    nowMs: number,
  ): { result: AwsActionResult; inventory: Inventory[] } {
    const token = planned.clientToken ?? planned.actionId;
    const instanceId = `i-sim${createHash('sha256').update(token).digest('hex').slice(0, 14)}`;
    const parameters = { instance_type: planned.target, client_token: token, instance_id: instanceId };
    if (launchedByToken.has(token) || state.instances.has(instanceId)) {
      launchedByToken.set(token, instanceId);
      return {
        result: {
          outcome: 'simulated',
          error: null,
          aws_request_id: null,
          parameters: { ...parameters, already_launched: true },
        },
        inventory: [],
      };
    }
    const spec = model.instanceType(planned.target);
    if (spec === undefined) {
      return {
        result: failed(`instance type ${planned.target} is not in the catalog`, parameters),
        inventory: [],
      };
    }
    const now = new Date(nowMs).toISOString();
    const instance: Ec2InstanceInventory = {
      resource_id: instanceId,
      resource_type: 'ec2_instance',
      region: planned.region,
      availability_zone: planned.availabilityZone,
      instance_type: planned.target,
      state: 'running',
      vcpus: spec.vcpus,
      memory_mib: Math.max(1, Math.round(spec.memoryBytes / 2 ** 20)),
      architecture: spec.architecture,
      gpus: 0,
      launched_at: now,
      nodegroup_id: null,
      tags: planned.requestId === null ? {} : { 'eaawas:request-id': planned.requestId },
      observed_at: now,
      source: 'simulated',
    };
    launchedByToken.set(token, instanceId);
    state.instances.set(instanceId, instance);
    return {
      result: { outcome: 'simulated', error: null, aws_request_id: null, parameters },
      inventory: [instance],
    };
  }

  function setState(
    planned: PlannedAction,
    nowMs: number,
  ): { result: AwsActionResult; inventory: Inventory[] } {
    const instance = state.instances.get(planned.target);
    const parameters = { instance_ids: [planned.target] };
    if (instance === undefined) {
      return {
        result: failed(`instance ${planned.target} is not in the inventory`, parameters),
        inventory: [],
      };
    }
    const next: Ec2InstanceInventory = {
      ...instance,
      state: planned.kind === 'start_instances' ? 'running' : 'stopped',
      observed_at: new Date(nowMs).toISOString(),
      source: 'simulated',
    };
    state.instances.set(next.resource_id, next);
    return {
      result: { outcome: 'simulated', error: null, aws_request_id: null, parameters },
      inventory: [next],
    };
  }

  function resize(
    planned: PlannedAction,
    nowMs: number,
  ): { result: AwsActionResult; inventory: Inventory[] } {
    const group = state.nodegroups.get(planned.target);
    if (group === undefined) {
      return { result: failed(`node group ${planned.target} is not in the inventory`, {}), inventory: [] };
    }
    const desired = group.desired_size + planned.desiredSizeDelta;
    const parameters = {
      min_size: group.min_size,
      max_size: group.max_size,
      desired_size_before: group.desired_size,
      desired_size: desired,
    };
    if (desired < group.min_size || desired > group.max_size) {
      return {
        result: failed(
          `desired size ${desired} is outside min_size ${group.min_size} and max_size ${group.max_size}`,
          parameters,
        ),
        inventory: [],
      };
    }
    const next: EksNodegroupInventory = {
      ...group,
      desired_size: desired,
      observed_at: new Date(nowMs).toISOString(),
      source: 'simulated',
    };
    state.nodegroups.set(next.resource_id, next);
    return {
      result: { outcome: 'simulated', error: null, aws_request_id: null, parameters },
      inventory: [next],
    };
  }

  return {
    apply(planned, nowMs) {
      switch (planned.kind) {
        case 'run_instances':
          return launch(planned, nowMs);
        case 'start_instances':
        case 'stop_instances':
          return setState(planned, nowMs);
        case 'update_nodegroup_config':
          return resize(planned, nowMs);
      }
    },
  };
}

function failed(error: string, parameters: Record<string, unknown>): AwsActionResult {
  return { outcome: 'failed', error, aws_request_id: null, parameters };
}

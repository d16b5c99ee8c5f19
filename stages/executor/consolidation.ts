import { forecastKey, type FleetState } from '../allocator/fleet-state.js';
import type { PlannedAction } from './action-plan.js';
import type { ConsolidationConfig } from './executor-config.js';

/** State kept between consolidation passes: the hysteresis counters and cool-downs. */
export interface ConsolidationMemory {
  /** Consecutive passes each resource has been idle. */
  idlePasses: Map<string, number>;
  /** Epoch ms of the last action on each resource, by consolidation or by a decision. */
  lastActionMs: Map<string, number>;
}

export function createConsolidationMemory(): ConsolidationMemory {
  return { idlePasses: new Map(), lastActionMs: new Map() };
}

interface Proposal {
  action: PlannedAction;
  utilization: number;
}

/**
 * Plans one consolidation pass: stops standalone running instances and scales in node groups whose
 * forecast predicts they stay idle. Against flapping, a resource must be idle for
 * idle_passes_required passes in a row and untouched for cooldown_s. Against a wrong forecast, at
 * most max_actions_per_pass actions are taken, the least utilized first. Capacity holding a reservation
 * (a placed or deferred workload) or without a forecast is never touched.
 */
export function planConsolidation(
  state: FleetState,
  config: ConsolidationConfig,
  memory: ConsolidationMemory,
  nowMs: number,
): PlannedAction[] {
  const proposals: Proposal[] = [];
  const reserved = new Set(
    [...state.reservations.values()]
      .filter((reservation) => reservation.endMs > nowMs)
      .map((reservation) => reservation.resourceId),
  );

  function consider(resourceId: string, idle: boolean, utilization: number, action: PlannedAction): void {
    const passes = idle ? (memory.idlePasses.get(resourceId) ?? 0) + 1 : 0;
    memory.idlePasses.set(resourceId, passes);
    const last = memory.lastActionMs.get(resourceId);
    const cooledDown = last === undefined || nowMs - last >= config.cooldown_s * 1000;
    if (idle && passes >= config.idle_passes_required && cooledDown && !reserved.has(resourceId)) {
      proposals.push({ action, utilization });
    }
  }

  for (const instance of state.instances.values()) {
    if (instance.state !== 'running' || instance.nodegroup_id !== null) {
      continue;
    }
    const forecast = state.forecasts.get(forecastKey(instance.resource_id, 'cpu_utilization'));
    const upper = forecast?.upper ?? Number.POSITIVE_INFINITY;
    consider(instance.resource_id, upper < config.idle_upper_utilization_percent, upper, {
      actionId: `consolidation:stop_instances:${instance.resource_id}:${nowMs}`,
      requestId: null,
      kind: 'stop_instances',
      region: instance.region,
      target: instance.resource_id,
      availabilityZone: instance.availability_zone,
      clientToken: null,
      desiredSizeDelta: 0,
      dueMs: nowMs,
    });
  }

  for (const group of state.nodegroups.values()) {
    if (group.status !== 'ACTIVE' || group.desired_size <= group.min_size || group.desired_size < 2) {
      memory.idlePasses.set(group.resource_id, 0);
      continue;
    }
    const forecast = state.forecasts.get(forecastKey(group.resource_id, 'cpu_utilization'));
    const upper = forecast?.upper ?? Number.POSITIVE_INFINITY;
    const spread = (upper * group.desired_size) / (group.desired_size - 1);
    consider(group.resource_id, spread < config.scale_in_max_utilization_percent, spread, {
      actionId: `consolidation:update_nodegroup_config:${group.resource_id}:${nowMs}`,
      requestId: null,
      kind: 'update_nodegroup_config',
      region: group.region,
      target: group.resource_id,
      availabilityZone: null,
      clientToken: null,
      desiredSizeDelta: -1,
      dueMs: nowMs,
    });
  }

  proposals.sort((a, b) => a.utilization - b.utilization || (a.action.target < b.action.target ? -1 : 1));
  const chosen = proposals.slice(0, config.max_actions_per_pass).map((proposal) => proposal.action);
  for (const action of chosen) {
    memory.lastActionMs.set(action.target, nowMs);
    memory.idlePasses.set(action.target, 0);
  }
  return chosen;
}

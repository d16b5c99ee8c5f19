import type { Ec2InstanceInventory } from '../../schemas/definitions/inventory.js';
import type { AllocatorConfig } from '../allocator/allocator-config.js';
import { decide } from '../allocator/decide.js';
import {
  applyCarbon,
  applyForecast,
  applyInventory,
  createFleetState,
  type FleetState,
} from '../allocator/fleet-state.js';
import { backgroundAt, type Policy, type SimulationView } from './simulation-model.js';

/** Steps of the utilization trace the persistence forecast looks back over (one hour of 300 s steps). */
const FORECAST_WINDOW_STEPS = 12;

/**
 * The allocator's own policy, run on the simulated fleet through the same `decide` the stage uses.
 * The fleet state is built from what the simulation has seen. Each VM's forecast is persistence
 * over the last hour: the mean of the readings, with their maximum as upper bound. Launched
 * instances forecast 0 % of their own, and jobs become reservations. Carbon is the observed series
 * up to the current hour, so later hours come from daily persistence.
 */
export function createAllocatorPolicy(
  name: string,
  config: AllocatorConfig,
  defaultRegions: readonly string[],
): Policy {
  const carbonState = createFleetState();
  const carbonHoursSeen = new Set<string>();

  function syncCarbon(view: SimulationView): void {
    for (const [region, hours] of view.observedCarbon) {
      for (const [hourMs, intensity] of hours) {
        const key = `${region}|${hourMs}`;
        if (carbonHoursSeen.has(key)) {
          continue;
        }
        carbonHoursSeen.add(key);
        applyCarbon(carbonState, {
          region,
          zone: region,
          hour: new Date(hourMs).toISOString(),
          intensity_g_per_kwh: intensity,
          kind: 'observed',
          source: 'replay',
          fallback: false,
          model_version: null,
          issued_at: null,
        });
      }
    }
  }

  function fleetState(view: SimulationView): FleetState {
    const state = createFleetState();
    state.carbon = carbonState.carbon;
    const now = new Date(view.nowMs).toISOString();
    for (const instance of view.instances) {
      const inventory: Ec2InstanceInventory = {
        resource_id: instance.id,
        resource_type: 'ec2_instance',
        region: instance.region,
        availability_zone: null,
        instance_type: instance.instanceType,
        state: 'running',
        vcpus: instance.vcpus,
        memory_mib: Math.max(1, Math.round(instance.memoryBytes / 2 ** 20)),
        architecture: 'x86_64',
        gpus: 0,
        launched_at: null,
        nodegroup_id: null,
        tags: {},
        observed_at: now,
        source: 'simulated',
      };
      applyInventory(state, instance.id, inventory);
      const readings: number[] = [];
      for (let step = Math.max(0, view.step - FORECAST_WINDOW_STEPS + 1); step <= view.step; step += 1) {
        readings.push(backgroundAt(instance, step));
      }
      const mean = readings.reduce((sum, value) => sum + value, 0) / readings.length;
      applyForecast(state, {
        resource_id: instance.id,
        metric: 'cpu_utilization',
        issued_at: now,
        horizon_s: 3600,
        target_time: new Date(view.nowMs + 3_600_000).toISOString(),
        mean,
        lower: Math.min(...readings),
        upper: Math.max(...readings),
        interval: 0.8,
        model_name: 'persistence',
        model_version: 'last-hour',
      });
    }
    for (const placed of view.jobs) {
      if (placed.endMs > view.nowMs) {
        state.reservations.set(placed.job.id, {
          requestId: placed.job.id,
          resourceId: placed.instanceId,
          region: placed.region,
          cpuCores: placed.job.vcpus,
          memoryBytes: placed.job.memoryBytes,
          startMs: placed.startMs,
          endMs: placed.endMs,
          deferred: placed.deferred,
        });
      }
    }
    return state;
  }

  return {
    name,
    place(request, view) {
      syncCarbon(view);
      const { decision } = decide({
        request,
        state: fleetState(view),
        model: view.model,
        config,
        defaultRegions,
        nowMs: view.nowMs,
      });
      if (decision.status === 'rejected' || decision.target === null || decision.start_time === null) {
        return { kind: 'reject', reason: decision.reason };
      }
      const startMs = Date.parse(decision.start_time);
      if (decision.target.kind === 'instance' && decision.target.resource_id !== null) {
        return { kind: 'existing', instanceId: decision.target.resource_id, startMs };
      }
      return {
        kind: 'launch',
        instanceType: decision.target.instance_type,
        region: decision.target.region,
        startMs,
      };
    },
  };
}

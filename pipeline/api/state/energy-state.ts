import type { Energy } from '../../../schemas/definitions/energy.js';

/** Sums of energy, carbon and cost over the windows a store has seen. */
export interface EnergyTotals {
  energy_wh: number;
  operational_gco2e: number;
  embodied_gco2e: number;
  cost_usd: number;
  windows: number;
}

/** Fleet figures of one region or of the whole fleet. */
export interface FleetFigures extends EnergyTotals {
  /** Sum of each resource's latest window power, in watts before PUE. */
  power_w: number;
  resources: number;
}

/** Outcome of applying one energy window. */
export type EnergyApplyOutcome = 'added' | 'replaced' | 'ignored_old';

/**
 * Energy windows materialized per resource: the latest window (current power), a bounded list of
 * recent windows (trends, heatmap), and totals over every window applied since the process
 * started reading the topic from its first offset.
 *
 * Windows of one resource arrive in order because the topic is keyed by resource id, so a window
 * whose start is already kept is a redelivery and replaces the kept one (totals adjust by the
 * difference), and a window older than every kept one is a redelivery beyond the kept range and is
 * ignored. Totals therefore count each window once.
 */
export interface EnergyState {
  apply(energy: Energy): EnergyApplyOutcome;
  latest(resourceId: string): Energy | undefined;
  /** Kept windows of a resource, oldest first. */
  recent(resourceId: string): Energy[];
  totals(resourceId: string): EnergyTotals | undefined;
  resourceIds(): string[];
  /** Current power and totals per region. */
  regions(): Map<string, FleetFigures>;
  fleet(): FleetFigures;
}

interface ResourceEnergy {
  windows: Map<string, Energy>;
  totals: EnergyTotals;
}

export function emptyTotals(): EnergyTotals {
  return { energy_wh: 0, operational_gco2e: 0, embodied_gco2e: 0, cost_usd: 0, windows: 0 };
}

function addToTotals(totals: EnergyTotals, energy: Energy, sign: 1 | -1): void {
  totals.energy_wh += sign * energy.energy_wh;
  totals.operational_gco2e += sign * energy.operational_gco2e;
  totals.embodied_gco2e += sign * energy.embodied_gco2e;
  totals.cost_usd += sign * energy.cost_usd;
  totals.windows += sign;
}

export function createEnergyState(windowsPerResource: number): EnergyState {
  const resources = new Map<string, ResourceEnergy>();

  function apply(energy: Energy): EnergyApplyOutcome {
    const resource = resources.get(energy.resource_id) ?? { windows: new Map<string, Energy>(), totals: emptyTotals() };
    resources.set(energy.resource_id, resource);
    const kept = resource.windows.get(energy.window_start);
    if (kept !== undefined) {
      addToTotals(resource.totals, kept, -1);
      addToTotals(resource.totals, energy, 1);
      resource.windows.set(energy.window_start, energy);
      return 'replaced';
    }
    const startMs = Date.parse(energy.window_start);
    const oldestKept = resource.windows.keys().next();
    if (resource.windows.size >= windowsPerResource && !oldestKept.done && startMs < Date.parse(oldestKept.value)) {
      return 'ignored_old';
    }
    addToTotals(resource.totals, energy, 1);
    insertInOrder(resource.windows, energy);
    while (resource.windows.size > windowsPerResource) {
      const oldest = resource.windows.keys().next();
      if (oldest.done) {
        break;
      }
      resource.windows.delete(oldest.value);
    }
    return 'added';
  }

  function recent(resourceId: string): Energy[] {
    return [...(resources.get(resourceId)?.windows.values() ?? [])];
  }

  function regions(): Map<string, FleetFigures> {
    const figures = new Map<string, FleetFigures>();
    for (const resource of resources.values()) {
      const latest = lastValue(resource.windows);
      if (latest === undefined) {
        continue;
      }
      const region = figures.get(latest.region) ?? { ...emptyTotals(), power_w: 0, resources: 0 };
      figures.set(latest.region, region);
      region.power_w += latest.power_w;
      region.resources += 1;
      region.energy_wh += resource.totals.energy_wh;
      region.operational_gco2e += resource.totals.operational_gco2e;
      region.embodied_gco2e += resource.totals.embodied_gco2e;
      region.cost_usd += resource.totals.cost_usd;
      region.windows += resource.totals.windows;
    }
    return figures;
  }

  function fleet(): FleetFigures {
    const total: FleetFigures = { ...emptyTotals(), power_w: 0, resources: 0 };
    for (const region of regions().values()) {
      total.power_w += region.power_w;
      total.resources += region.resources;
      total.energy_wh += region.energy_wh;
      total.operational_gco2e += region.operational_gco2e;
      total.embodied_gco2e += region.embodied_gco2e;
      total.cost_usd += region.cost_usd;
      total.windows += region.windows;
    }
    return total;
  }

  return {
    apply,
    latest: (resourceId) => {
      const resource = resources.get(resourceId);
      return resource === undefined ? undefined : lastValue(resource.windows);
    },
    recent,
    totals: (resourceId) => {
      const totals = resources.get(resourceId)?.totals;
      return totals === undefined ? undefined : { ...totals };
    },
    resourceIds: () => [...resources.keys()],
    regions,
    fleet,
  };
}

/** Inserts a window keeping the map ordered by window start; windows usually arrive in order. */
function insertInOrder(windows: Map<string, Energy>, energy: Energy): void {
  const last = lastValue(windows);
  if (last === undefined || Date.parse(last.window_start) < Date.parse(energy.window_start)) {
    windows.set(energy.window_start, energy);
    return;
  }
  const ordered = [...windows.values(), energy].sort(
    (left, right) => Date.parse(left.window_start) - Date.parse(right.window_start),
  );
  windows.clear();
  for (const window of ordered) {
    windows.set(window.window_start, window);
  }
}

function lastValue<V>(map: Map<string, V>): V | undefined {
  let last: V | undefined;
  for (const value of map.values()) {
    last = value;
  }
  return last;
}

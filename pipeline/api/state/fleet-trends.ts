import type { Energy } from '../../../schemas/definitions/energy.js';
import type { EnergyState } from '../../../stages/energy/energy-state.js';

/** Sums of one region over the windows that start at the same instant. */
export interface RegionPoint {
  window_start: string;
  power_w: number;
  energy_wh: number;
  carbon_gco2e: number;
  cost_usd: number;
  /** Energy-weighted mean grid intensity of the windows, in gCO2e/kWh; null when they used no energy. */
  intensity_g_per_kwh: number | null;
}

export interface RegionTrend {
  region: string;
  points: RegionPoint[];
}

export interface UtilizationRow {
  resource_id: string;
  region: string;
  points: Array<{ window_start: string; cpu_utilization_percent: number }>;
}

export interface FleetTrends {
  regions: RegionTrend[];
  utilization: UtilizationRow[];
}

/**
 * Groups the kept energy windows into per-region series (one point per window start) and per-
 * resource utilization rows, each limited to the newest `windows` window starts.
 */
export function computeFleetTrends(energy: EnergyState, windows: number): FleetTrends {
  const perRegion = new Map<string, Map<string, Energy[]>>();
  const utilization: UtilizationRow[] = [];
  for (const resourceId of [...energy.resourceIds()].sort()) {
    const recent = energy.recent(resourceId).slice(-windows);
    const last = recent.at(-1);
    if (last === undefined) {
      continue;
    }
    utilization.push({
      resource_id: resourceId,
      region: last.region,
      points: recent.map((window) => ({
        window_start: window.window_start,
        cpu_utilization_percent: window.cpu_utilization_percent,
      })),
    });
    for (const window of recent) {
      const byStart = perRegion.get(window.region) ?? new Map<string, Energy[]>();
      perRegion.set(window.region, byStart);
      const group = byStart.get(window.window_start) ?? [];
      byStart.set(window.window_start, group);
      group.push(window);
    }
  }

  const regions: RegionTrend[] = [...perRegion.keys()].sort().map((region) => {
    const byStart = perRegion.get(region) as Map<string, Energy[]>;
    const starts = [...byStart.keys()]
      .sort((left, right) => Date.parse(left) - Date.parse(right))
      .slice(-windows);
    return { region, points: starts.map((start) => sumWindows(start, byStart.get(start) ?? [])) };
  });
  return { regions, utilization };
}

function sumWindows(windowStart: string, group: Energy[]): RegionPoint {
  let energyWh = 0;
  let weightedIntensity = 0;
  const point: RegionPoint = {
    window_start: windowStart,
    power_w: 0,
    energy_wh: 0,
    carbon_gco2e: 0,
    cost_usd: 0,
    intensity_g_per_kwh: null,
  };
  for (const window of group) {
    point.power_w += window.power_w;
    point.carbon_gco2e += window.operational_gco2e + window.embodied_gco2e;
    point.cost_usd += window.cost_usd;
    energyWh += window.energy_wh;
    weightedIntensity += window.energy_wh * window.grid_intensity_g_per_kwh;
  }
  point.energy_wh = energyWh;
  point.intensity_g_per_kwh = energyWh > 0 ? weightedIntensity / energyWh : null;
  return point;
}

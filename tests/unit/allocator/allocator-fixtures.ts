import type { AllocatorConfig } from '../../../stages/allocator/allocator-config.js';
import type { AllocatorEnergyModel } from '../../../stages/allocator/energy-model.js';
import { applyCarbon, createFleetState, type FleetState } from '../../../stages/allocator/fleet-state.js';

const GIB = 2 ** 30;

/** Hand-written linear power curves, so expected figures can be worked out by hand. */
const TYPES: Record<
  string,
  { vcpus: number; memoryGib: number; idleW: number; fullW: number; usdPerHour: number }
> = {
  'm5.large': { vcpus: 2, memoryGib: 8, idleW: 10, fullW: 30, usdPerHour: 0.1 },
  'm5.2xlarge': { vcpus: 8, memoryGib: 32, idleW: 40, fullW: 120, usdPerHour: 0.4 },
};

export function fixtureEnergyModel(): AllocatorEnergyModel {
  return {
    version: 'fixture-1',
    instanceType(instanceType) {
      const row = TYPES[instanceType];
      return row === undefined
        ? undefined
        : { instanceType, vcpus: row.vcpus, memoryBytes: row.memoryGib * GIB, architecture: 'x86_64' };
    },
    wattsAt(instanceType, utilizationPercent) {
      const row = TYPES[instanceType];
      if (row === undefined) {
        throw new Error(`no curve for ${instanceType}`);
      }
      return row.idleW + ((row.fullW - row.idleW) * utilizationPercent) / 100;
    },
    pue: () => 1.1,
    embodiedGramsPerHour: (instanceType) => (TYPES[instanceType]?.vcpus ?? 0) * 1,
    priceUsdPerHour: (_region, instanceType) => TYPES[instanceType]?.usdPerHour,
    annualIntensity: (region) => (region === 'eu-north-1' ? 30 : 400),
  };
}

export function fixtureConfig(overrides: Partial<AllocatorConfig> = {}): AllocatorConfig {
  return {
    carbon_aware: true,
    carbon_weight_per_gco2e: 1,
    energy_weight_per_kwh: 50,
    cost_weight_per_usd: 200,
    max_utilization_percent: 80,
    catalog_instance_types: ['m5.large', 'm5.2xlarge'],
    schedule_horizon_hours: 48,
    min_deferral_gain_percent: 5,
    deferred_vcpus_per_region_hour: 16,
    forecast_max_age_s: 900,
    state_catch_up_timeout_ms: 1000,
    max_alternatives: 5,
    ...overrides,
  };
}

/** Builds a fleet state with one region's hourly intensities starting at `startMs`. */
export function stateWithCarbon(region: string, startMs: number, intensities: number[]): FleetState {
  const state = createFleetState();
  intensities.forEach((intensity, index) => {
    applyCarbon(state, {
      region,
      zone: 'TEST',
      hour: new Date(startMs + index * 3_600_000).toISOString(),
      intensity_g_per_kwh: intensity,
      kind: 'observed',
      source: 'replay',
      fallback: false,
      model_version: null,
      issued_at: null,
    });
  });
  return state;
}

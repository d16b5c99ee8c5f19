import type { AllocatorConfig } from './allocator-config.js';
import type { AllocationRequest } from './allocation-request.js';
import type { Candidate } from './candidates.js';
import { intensityHoursOver } from './carbon-lookup.js';
import type { AllocatorEnergyModel } from './energy-model.js';
import type { FleetState } from './fleet-state.js';

/** Intensity sums of one request by `<region>|<start ms>`, shared by every candidate of one decision. */
export type IntensityCache = Map<string, ReturnType<typeof intensityHoursOver>>;

function cachedIntensity(
  cache: IntensityCache | undefined,
  key: string,
  compute: () => ReturnType<typeof intensityHoursOver>,
): ReturnType<typeof intensityHoursOver> {
  if (cache === undefined) {
    return compute();
  }
  if (!cache.has(key)) {
    cache.set(key, compute());
  }
  return cache.get(key);
}

/** Footprint that running the request on a candidate from a start time adds, and its score (lower is better). */
export interface PlacementEstimate {
  startMs: number;
  /** Average IT power added, in watts, before PUE. */
  addedPowerW: number;
  /** Energy added over the duration, PUE included, in kWh. */
  energyKwh: number;
  operationalGco2e: number;
  embodiedGco2e: number;
  costUsd: number;
  score: number;
  carbonModelVersions: Set<string>;
  infeasible: string | null;
}

/**
 * Estimates the marginal footprint of a request on a candidate. The added power is the power curve
 * at the forecast utilization with the workload minus without it, or the whole instance's power
 * for capacity started, scaled or launched for it. That power times duration, PUE and the grid
 * intensity over the run hours gives the operational carbon. The embodied emissions and cost of
 * the instance's share that the workload takes are added.
 */
export function estimatePlacement(
  state: FleetState,
  model: AllocatorEnergyModel,
  config: AllocatorConfig,
  request: AllocationRequest,
  candidate: Candidate,
  startMs: number,
  intensityCache?: IntensityCache,
): PlacementEstimate {
  const addedPercent = (request.cpuCores / candidate.vcpus) * 100;
  const before = candidate.baseUtilizationPercent;
  const after = Math.min(100, before + addedPercent);
  const newCapacity = candidate.action !== 'place';
  const addedPowerW = newCapacity
    ? model.wattsAt(candidate.instanceType, after)
    : Math.max(
        0,
        model.wattsAt(candidate.instanceType, after) - model.wattsAt(candidate.instanceType, before),
      );

  const pue = model.pue(candidate.region);
  const energyKwh = (addedPowerW / 1000) * request.durationHours * pue;
  // New capacity runs only for this request, so it carries the whole instance; shared capacity its vCPU share.
  const share = newCapacity ? 1 : Math.min(1, request.cpuCores / candidate.vcpus);
  const embodiedGco2e = model.embodiedGramsPerHour(candidate.instanceType) * share * request.durationHours;
  const price = model.priceUsdPerHour(candidate.region, candidate.instanceType) ?? 0;
  const costUsd = price * share * request.durationHours;

  const intensity = cachedIntensity(intensityCache, `${candidate.region}|${startMs}`, () =>
    intensityHoursOver(state, model, candidate.region, startMs, request.durationHours),
  );
  const operationalGco2e =
    intensity === undefined ? 0 : (addedPowerW / 1000) * pue * intensity.gramHoursPerKwh;
  const carbonTerm = config.carbon_aware
    ? config.carbon_weight_per_gco2e * (operationalGco2e + embodiedGco2e)
    : 0;
  const score = carbonTerm + config.energy_weight_per_kwh * energyKwh + config.cost_weight_per_usd * costUsd;

  let infeasible = candidate.infeasible;
  // Only whole hours starting at or after not_before are offered, so this holds for every start but a late one.
  if (
    infeasible === null &&
    request.deadlineMs !== null &&
    startMs + request.durationHours * 3_600_000 > request.deadlineMs
  ) {
    infeasible = 'would end after the deadline';
  }
  if (infeasible === null && intensity === undefined) {
    infeasible = `no carbon intensity for ${candidate.region}`;
  }
  // The budget covers the workload's own power: on new capacity its load plus its vCPU share of the
  // idle power, not the idle power of the vCPUs it leaves unused.
  const idleW = model.wattsAt(candidate.instanceType, 0);
  const workloadPowerW = newCapacity
    ? addedPowerW - idleW + idleW * Math.min(1, request.cpuCores / candidate.vcpus)
    : addedPowerW;
  if (infeasible === null && workloadPowerW > request.maxAddedPowerW) {
    infeasible = `the workload draws ${workloadPowerW.toFixed(1)} W, above max_energy_consumption ${request.maxAddedPowerW} W`;
  }
  return {
    startMs,
    addedPowerW,
    energyKwh,
    operationalGco2e,
    embodiedGco2e,
    costUsd,
    score,
    carbonModelVersions: intensity?.modelVersions ?? new Set(),
    infeasible,
  };
}

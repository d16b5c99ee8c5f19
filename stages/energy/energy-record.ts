import type { Aggregate } from '../../schemas/definitions/aggregate.js';
import type { Energy } from '../../schemas/definitions/energy.js';
import type { IntensityReading } from '../carbon/intensity-lookup.js';
import { embodiedGrams } from './embodied.js';
import type { EnergyData } from './energy-data.js';
import { DEFAULT_SHAPE, resolveCurve } from './power-curve-resolver.js';
import { estimatePower } from './power-model.js';
import { hourlyPrice, type PriceSource } from './pricing.js';
import type { ResourceShape } from './resource-shape.js';
import type { PueReading } from './pue.js';

export interface EnergyRecordInput {
  window: Aggregate;
  resource: ResourceShape;
  intensity: IntensityReading;
  pue: PueReading;
}

/** An energy message, with what the message itself does not carry. */
export interface EnergyRecordResult {
  record: Energy;
  /** True when the window's utilization was outside 0..100 and was clamped. */
  clamped: boolean;
  priceSource: PriceSource;
}

/**
 * Computes the energy message of one CPU utilization window. It is pure and does no I/O.
 *
 * - power: the instance's curve at the window's mean utilization, times the number of instances.
 *   The bounds come from the window's min and max and the curve's bounds (see estimatePower).
 * - energy_wh = power_w x hours x PUE, with the bounds scaled the same way.
 * - operational_gco2e = energy_wh / 1000 x grid intensity (g/kWh) of the hours the window covers.
 * - embodied_gco2e = host embodied grams per vCPU-hour x vCPUs x hours x instances.
 * - cost_usd = on-demand USD per hour x hours x instances.
 * A stopped or terminated resource draws 0 W and accrues no embodied emissions or cost.
 */
export function computeEnergyRecord(data: EnergyData, input: EnergyRecordInput): EnergyRecordResult {
  const { window, resource, intensity, pue } = input;
  const durationMs = Date.parse(window.window_end) - Date.parse(window.window_start);
  const durationS = Math.max(1, Math.round(durationMs / 1000));
  const hours = durationS / 3600;
  const resolved = resolveCurve(data.curves, resource.shape);
  const running = resource.state === 'running' && resource.instances > 0;
  const instances = running ? resource.instances : 0;
  const power = estimatePower(resolved, { mean: window.mean, min: window.min, max: window.max });
  const vcpus =
    resource.shape.vcpus ??
    data.specs.get(resource.shape.instanceType.toLowerCase())?.vcpus ??
    DEFAULT_SHAPE.vcpus;
  const price = hourlyPrice(data.prices, window.region, resource.shape.instanceType, vcpus);

  const powerW = power.watts * instances;
  const powerLower = power.lowerWatts * instances;
  const powerUpper = power.upperWatts * instances;
  const energyWh = powerW * hours * pue.value;

  const record: Energy = {
    resource_id: window.resource_id,
    resource_type: window.resource_type,
    instance_type: resource.shape.instanceType,
    region: window.region,
    window_start: window.window_start,
    window_end: window.window_end,
    duration_s: durationS,
    state: resource.state,
    cpu_utilization_percent: running ? power.utilizationPercent : 0,
    power_w: powerW,
    power_w_lower: powerLower,
    power_w_upper: powerUpper,
    energy_wh: energyWh,
    energy_wh_lower: powerLower * hours * pue.value,
    energy_wh_upper: powerUpper * hours * pue.value,
    pue: pue.value,
    pue_source: pue.source,
    grid_intensity_g_per_kwh: intensity.gramsPerKwh,
    intensity_kind: 'location_based_average',
    intensity_source: intensity.source,
    operational_gco2e: (energyWh / 1000) * intensity.gramsPerKwh,
    embodied_gco2e: embodiedGrams(data.embodied, resource.shape.instanceType, vcpus, hours) * instances,
    cost_usd: price.usdPerHour * hours * instances,
    estimate_quality: power.quality,
  };
  return { record, clamped: power.clamped, priceSource: price.source };
}

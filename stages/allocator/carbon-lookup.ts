import type { AllocatorEnergyModel } from './energy-model.js';
import type { FleetState } from './fleet-state.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How many days back daily persistence looks for an observation of the same hour of day. */
const PERSISTENCE_DAYS = 7;

export interface HourIntensity {
  intensity: number;
  source: 'observed' | 'forecast' | 'previous_day' | 'annual_average';
  modelVersion: string | null;
}

/**
 * Looks up the grid intensity of a region for the hour containing `timeMs`, in gCO2e per kWh. An
 * observation of that hour wins because it is the measurement. Next comes the forecast, then the
 * latest observation of the same hour of day within the last 7 days (daily persistence), and last
 * the region's annual average. Returns undefined when none exists.
 */
export function intensityAt(
  state: FleetState,
  model: AllocatorEnergyModel,
  region: string,
  timeMs: number,
): HourIntensity | undefined {
  const hourMs = Math.floor(timeMs / HOUR_MS) * HOUR_MS;
  const hours = state.carbon.get(region);
  const entry = hours?.get(hourMs);
  if (entry?.observed !== undefined) {
    return { intensity: entry.observed.intensity, source: 'observed', modelVersion: null };
  }
  if (entry?.forecast !== undefined) {
    return {
      intensity: entry.forecast.intensity,
      source: 'forecast',
      modelVersion: entry.forecast.modelVersion,
    };
  }
  for (let days = 1; days <= PERSISTENCE_DAYS; days += 1) {
    const earlier = hours?.get(hourMs - days * DAY_MS)?.observed;
    if (earlier !== undefined) {
      return { intensity: earlier.intensity, source: 'previous_day', modelVersion: null };
    }
  }
  const annual = model.annualIntensity(region);
  return annual === undefined
    ? undefined
    : { intensity: annual, source: 'annual_average', modelVersion: null };
}

/**
 * Grams CO2e per kWh integrated over [startMs, startMs + hours), weighted by each hour's overlap,
 * so the result times kWh per hour gives grams. Returns undefined when an hour has no figure.
 */
export function intensityHoursOver(
  state: FleetState,
  model: AllocatorEnergyModel,
  region: string,
  startMs: number,
  hours: number,
):
  { gramHoursPerKwh: number; sources: Set<HourIntensity['source']>; modelVersions: Set<string> } | undefined {
  const endMs = startMs + hours * HOUR_MS;
  let gramHoursPerKwh = 0;
  const sources = new Set<HourIntensity['source']>();
  const modelVersions = new Set<string>();
  for (let hourMs = Math.floor(startMs / HOUR_MS) * HOUR_MS; hourMs < endMs; hourMs += HOUR_MS) {
    const overlapMs = Math.min(endMs, hourMs + HOUR_MS) - Math.max(startMs, hourMs);
    const hour = intensityAt(state, model, region, hourMs);
    if (hour === undefined) {
      return undefined;
    }
    gramHoursPerKwh += (hour.intensity * overlapMs) / HOUR_MS;
    sources.add(hour.source);
    if (hour.modelVersion !== null) {
      modelVersions.add(hour.modelVersion);
    }
  }
  return { gramHoursPerKwh, sources, modelVersions };
}

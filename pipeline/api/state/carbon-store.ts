import type { Carbon } from '../../../schemas/definitions/carbon.js';

/** Grid carbon intensity per region and hour, observed and forecast kept apart. */
export interface CarbonStore {
  add(carbon: Carbon): void;
  /** The observed hour at or before `nowMs` (the newest observed hour when all lie after it). */
  current(region: string, nowMs: number): Carbon | undefined;
  /** Forecast hours after `nowMs`, earliest first. */
  forecast(region: string, nowMs: number): Carbon[];
  /** Observed hours, earliest first. */
  observed(region: string): Carbon[];
  regions(): string[];
}

interface RegionSeries {
  observed: Map<string, Carbon>;
  forecast: Map<string, Carbon>;
}

export function createCarbonStore(hoursPerRegion: number): CarbonStore {
  const byRegion = new Map<string, RegionSeries>();

  function add(carbon: Carbon): void {
    const series: RegionSeries = byRegion.get(carbon.region) ?? {
      observed: new Map<string, Carbon>(),
      forecast: new Map<string, Carbon>(),
    };
    byRegion.set(carbon.region, series);
    const hours = carbon.kind === 'observed' ? series.observed : series.forecast;
    hours.set(carbon.hour, carbon);
    if (hours.size > hoursPerRegion) {
      const oldest = [...hours.keys()].sort((left, right) => Date.parse(left) - Date.parse(right));
      for (const hour of oldest.slice(0, hours.size - hoursPerRegion)) {
        hours.delete(hour);
      }
    }
  }

  function sortedHours(hours: Map<string, Carbon> | undefined): Carbon[] {
    return [...(hours?.values() ?? [])].sort((left, right) => Date.parse(left.hour) - Date.parse(right.hour));
  }

  function current(region: string, nowMs: number): Carbon | undefined {
    const observed = sortedHours(byRegion.get(region)?.observed);
    const atOrBefore = observed.filter((carbon) => Date.parse(carbon.hour) <= nowMs);
    return atOrBefore.at(-1) ?? observed.at(-1);
  }

  return {
    add,
    current,
    forecast: (region, nowMs) =>
      sortedHours(byRegion.get(region)?.forecast).filter((carbon) => Date.parse(carbon.hour) > nowMs),
    observed: (region) => sortedHours(byRegion.get(region)?.observed),
    regions: () => [...byRegion.keys()].sort(),
  };
}

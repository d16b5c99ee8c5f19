import { HOUR_MS, hourStart } from './hourly-series.js';

/** Grid intensity used for a region and time, in grams CO2e per kWh. */
export interface IntensityReading {
  gramsPerKwh: number;
  /** hourly: from hourly figures; annual_average: no hourly figure covered the time. */
  source: 'hourly' | 'annual_average';
  /** True when the annual average replaced missing hourly figures. */
  fallback: boolean;
}

/** Annual average intensity per region, with the figure for a region missing from the table. */
export interface AnnualAverages {
  byRegion: ReadonlyMap<string, number>;
  /** CCF's average of its listed regions, used for a region it does not list. */
  unknownRegion: number;
}

/** Returns the hourly figure of a region for the UTC hour starting at `hourMs`, or null/undefined when missing. */
export type HourlyFigure = (region: string, hourMs: number) => number | null | undefined;

export interface IntensityLookup {
  /** The figure of the UTC hour that contains `epochMs`, or the annual average when it is missing. */
  atInstant(region: string, epochMs: number): IntensityReading;
  /**
   * The mean over [startMs, endMs) of the hourly figures, each weighted by how much of the interval
   * its hour covers. Missing hours are left out of the mean, never counted as zero; when every hour
   * is missing the annual average is used.
   */
  overInterval(region: string, startMs: number, endMs: number): IntensityReading;
  annualAverage(region: string): number;
}

/** Creates the lookup. All times are UTC epoch milliseconds, so daylight-saving changes do not apply. */
export function createIntensityLookup(hourly: HourlyFigure, annual: AnnualAverages): IntensityLookup {
  const annualAverage = (region: string): number => annual.byRegion.get(region) ?? annual.unknownRegion;
  const fallback = (region: string): IntensityReading => ({
    gramsPerKwh: annualAverage(region),
    source: 'annual_average',
    fallback: true,
  });

  function overInterval(region: string, startMs: number, endMs: number): IntensityReading {
    const weighted: Array<{ value: number | null | undefined; weight: number }> = [];
    const end = Math.max(endMs, startMs + 1);
    for (let hour = hourStart(startMs); hour < end; hour += HOUR_MS) {
      const weight = Math.min(end, hour + HOUR_MS) - Math.max(startMs, hour);
      weighted.push({ value: hourly(region, hour), weight });
    }
    const mean = weightedMeanOfPresent(weighted);
    return mean === null ? fallback(region) : { gramsPerKwh: mean, source: 'hourly', fallback: false };
  }

  return {
    atInstant: (region, epochMs) => overInterval(region, epochMs, epochMs + 1),
    overInterval,
    annualAverage,
  };
}

/** Mean of the present figures; null when none is present. A missing figure never counts as zero. */
export function meanOfPresent(values: ReadonlyArray<number | null | undefined>): number | null {
  return weightedMeanOfPresent(values.map((value) => ({ value, weight: 1 })));
}

function weightedMeanOfPresent(
  values: ReadonlyArray<{ value: number | null | undefined; weight: number }>,
): number | null {
  let sum = 0;
  let weights = 0;
  for (const { value, weight } of values) {
    if (value === null || value === undefined || !Number.isFinite(value) || weight <= 0) {
      continue;
    }
    sum += value * weight;
    weights += weight;
  }
  return weights > 0 ? sum / weights : null;
}

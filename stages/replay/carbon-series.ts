import { loadRegionSeries } from '../carbon/carbon-data.js';

const HOUR_MS = 3_600_000;
/** Hours of a common year; the bundled series each cover one. */
export const HOURS_PER_YEAR = 8760;

/**
 * One region's hourly grid carbon intensity for one calendar year, indexed by hour of the year
 * (0 is January 1 00:00 UTC). A missing hour is null.
 */
export interface CarbonSeries {
  region: string;
  zone: string;
  file: string;
  year: number;
  hourly: Array<number | null>;
  /** Mean of the hours present, the fallback for a missing hour. */
  annualMean: number;
}

/**
 * Loads the first bundled series of a region with the carbon stage's loader (which reads both the
 * Electricity Maps and the EIA layout) and indexes it by hour of the year.
 * @returns null when the region has no bundled series.
 * @throws ValidationError (DATA_INVALID) when the region is not in the zone mapping or a file is malformed.
 */
export function loadCarbonSeries(dataFolder: string, region: string): CarbonSeries | null {
  const series = loadRegionSeries(dataFolder, region);
  if (series === null || series.values.size === 0) {
    return null;
  }
  const firstHour = Math.min(...series.values.keys());
  const year = new Date(firstHour).getUTCFullYear();
  const hourly = new Array<number | null>(HOURS_PER_YEAR).fill(null);
  for (const [hourMs, value] of series.values) {
    const index = (hourMs - Date.UTC(year, 0, 1)) / HOUR_MS;
    if (Number.isInteger(index) && index >= 0 && index < HOURS_PER_YEAR) {
      hourly[index] = value;
    }
  }
  const present = hourly.filter((value): value is number => value !== null);
  if (present.length === 0) {
    return null;
  }
  const annualMean = present.reduce((sum, value) => sum + value, 0) / present.length;
  return { region, zone: series.zone, file: series.file, year, hourly, annualMean };
}

/**
 * Index of a simulated hour in a one-year series: its hour of the (UTC) year. The 2022 and 2023
 * series thus replay the same calendar hour in any simulated year, so daily and seasonal patterns
 * line up. The 24 extra hours of a leap year wrap to the first day of the series.
 */
export function hourOfYearIndex(hourStartMs: number): number {
  const year = new Date(hourStartMs).getUTCFullYear();
  const hour = Math.floor((hourStartMs - Date.UTC(year, 0, 1)) / HOUR_MS);
  return hour % HOURS_PER_YEAR;
}

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';
import { parseCsv } from './csv.js';

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

/** Region to bundled files (relative to the data folder), read from aws_region_grid_zones.csv. */
export function loadRegionZoneFiles(zonesFile: string): Map<string, { zone: string; files: string[] }> {
  const table = parseCsv(readFileSync(zonesFile, 'utf8'));
  const regionColumn = table.header.indexOf('aws_region');
  const zoneColumn = table.header.indexOf('electricity_maps_zone');
  const filesColumn = table.header.indexOf('bundled_files');
  if (regionColumn < 0 || zoneColumn < 0 || filesColumn < 0) {
    throw new ValidationError(
      'DATA_INVALID',
      `${zonesFile} needs the columns aws_region, electricity_maps_zone, bundled_files.`,
      [],
    );
  }
  const regions = new Map<string, { zone: string; files: string[] }>();
  for (const row of table.rows) {
    const region = row[regionColumn]?.trim() ?? '';
    const files = (row[filesColumn] ?? '')
      .split(';')
      .map((file) => file.trim())
      .filter((file) => file !== '');
    if (region !== '') {
      regions.set(region, { zone: row[zoneColumn]?.trim() ?? '', files });
    }
  }
  return regions;
}

/**
 * Reads one bundled hourly file. Two layouts exist: Electricity Maps exports (`Datetime (UTC)`,
 * zone id in column 3, direct intensity in column 4, in either of the portal's header spellings)
 * and EIA-930 files (`timestamp`, `avg_CI`; the zone is the balancing authority in the file name).
 *
 * NOTE: the Electricity Maps figure is the direct (operational) intensity, while EIA's avg_CI is a
 * life-cycle figure, so us-west-2 (EIA BPAT) reads somewhat higher than a direct figure would.
 * @throws ValidationError (DATA_INVALID) for an unknown layout or a malformed timestamp.
 */
export function loadCarbonSeries(region: string, path: string): CarbonSeries {
  const table = parseCsv(readFileSync(path, 'utf8'));
  const electricityMaps = table.header[0] === 'Datetime (UTC)';
  const eia = table.header[0] === 'timestamp' && table.header.includes('avg_CI');
  if (!electricityMaps && !eia) {
    throw new ValidationError(
      'DATA_INVALID',
      `${path} is neither an Electricity Maps nor an EIA hourly file.`,
      [],
    );
  }
  const valueColumn = electricityMaps ? 4 : table.header.indexOf('avg_CI');
  let zone = eia ? (/_([A-Z]+)_hourly\.csv$/.exec(basename(path))?.[1] ?? 'unknown') : '';
  let year: number | null = null;
  const hourly: Array<number | null> = new Array<number | null>(HOURS_PER_YEAR).fill(null);

  table.rows.forEach((row, rowIndex) => {
    const stamp = (row[0] ?? '').trim();
    const instantMs = Date.parse(electricityMaps ? `${stamp.replace(' ', 'T')}Z` : stamp.replace(' ', 'T'));
    if (Number.isNaN(instantMs)) {
      throw new ValidationError(
        'DATA_INVALID',
        `${path} line ${rowIndex + 2}: invalid timestamp "${stamp}".`,
        [],
      );
    }
    const rowYear = new Date(instantMs).getUTCFullYear();
    year ??= rowYear;
    if (electricityMaps && zone === '') {
      zone = row[3]?.trim() ?? '';
    }
    const hour = Math.floor((instantMs - Date.UTC(year, 0, 1)) / HOUR_MS);
    const text = row[valueColumn]?.trim() ?? '';
    const value = text === '' ? Number.NaN : Number(text);
    if (rowYear === year && hour >= 0 && hour < HOURS_PER_YEAR && Number.isFinite(value) && value >= 0) {
      hourly[hour] = value;
    }
  });

  const present = hourly.filter((value): value is number => value !== null);
  if (year === null || present.length === 0) {
    throw new ValidationError('DATA_INVALID', `${path} holds no hourly intensity.`, []);
  }
  const annualMean = present.reduce((sum, value) => sum + value, 0) / present.length;
  return { region, zone, file: join(basename(dirname(path)), basename(path)), year, hourly, annualMean };
}

/**
 * Index of a simulated hour in a one-year series: its hour of the (UTC) year. The 2022 and 2023
 * series thus replay the same calendar hour in any simulated year, so daily and seasonal patterns
 * line up; the 24 extra hours of a leap year wrap to the first day of the series.
 */
export function hourOfYearIndex(hourStartMs: number): number {
  const year = new Date(hourStartMs).getUTCFullYear();
  const hour = Math.floor((hourStartMs - Date.UTC(year, 0, 1)) / HOUR_MS);
  return hour % HOURS_PER_YEAR;
}

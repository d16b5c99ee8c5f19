import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDataCsv } from '../energy/data/data-files.js';
import { dataError } from '../energy/data/csv-table.js';
import { CCF_FACTORS_FILE, deriveAnnualIntensity, formatAnnualIntensity } from './annual-intensity.js';
import { parseHourlySeries, type HourlySeries } from './hourly-series.js';
import { parseRegionZones, type RegionZone } from './region-zones.js';

export const REGION_ZONES_FILE = 'carbon/aws_region_grid_zones.csv';
export const ANNUAL_INTENSITY_FILE = 'derived/region_annual_grid_intensity.csv';

/** Loads the AWS region to grid zone mapping of the data folder. */
export function loadRegionZones(dataDirectory: string): Map<string, RegionZone> {
  return parseRegionZones(readDataCsv(dataDirectory, REGION_ZONES_FILE));
}

/**
 * Loads one bundled series by its path below the data folder (as listed in the zone mapping).
 * @param zone the zone to report for files whose rows do not name one (EIA files).
 */
export function loadHourlySeries(dataDirectory: string, file: string, zone: string): HourlySeries {
  return parseHourlySeries(readDataCsv(dataDirectory, file), zone);
}

/**
 * Loads the first bundled series of a region, the one the annual average was derived from.
 * @returns null when the region has no bundled series.
 * @throws ValidationError (DATA_INVALID) when the region is not in the mapping.
 */
export function loadRegionSeries(dataDirectory: string, region: string): HourlySeries | null {
  const zones = loadRegionZones(dataDirectory);
  const mapping = zones.get(region);
  if (mapping === undefined) {
    throw dataError(REGION_ZONES_FILE, 1, 1, `region ${region} is not in the mapping`);
  }
  const file = mapping.files[0];
  return file === undefined ? null : loadHourlySeries(dataDirectory, file, mapping.zone);
}

/** Recomputes data/derived/region_annual_grid_intensity.csv from the bundled series and CCF factors. */
export function renderAnnualIntensityFile(dataDirectory: string): string {
  const zones = loadRegionZones(dataDirectory);
  const zoneOfFile = (file: string): string =>
    [...zones.values()].find((zone) => zone.files.includes(file))?.zone ?? '';
  const rows = deriveAnnualIntensity(readDataCsv(dataDirectory, CCF_FACTORS_FILE), zones, (file) =>
    loadHourlySeries(dataDirectory, file, zoneOfFile(file)),
  );
  return formatAnnualIntensity(rows);
}

/** Writes the derived annual intensity table into the data folder. */
export function writeAnnualIntensityFile(dataDirectory: string): void {
  writeFileSync(join(dataDirectory, ANNUAL_INTENSITY_FILE), renderAnnualIntensityFile(dataDirectory));
}

import { cellReader } from '../energy/data/csv-cells.js';
import { dataError, type CsvTable } from '../energy/data/csv-table.js';
import type { HourlySeries } from './hourly-series.js';
import type { AnnualAverages } from './intensity-lookup.js';
import { meanOfPresent } from './intensity-lookup.js';
import type { RegionZone } from './region-zones.js';

/** One row of data/derived/region_annual_grid_intensity.csv. */
export interface AnnualIntensityRow {
  region: string;
  gramsPerKwh: number;
  /** hourly_series_mean: mean of the region's first bundled series; ccf_annual_factor: CCF's factor. */
  basis: 'hourly_series_mean' | 'ccf_annual_factor';
  /** The series file (relative to data/) or the CCF factor file the figure came from. */
  file: string;
  hoursPresent: number;
}

export const ANNUAL_INTENSITY_HEADER = 'region,g_per_kwh,basis,file,hours_present';
export const CCF_FACTORS_FILE = 'power/ccf_app_aws_region_emission_factors.csv';

/**
 * Derives the annual average intensity of every region in the CCF factor table and the zone
 * mapping: the mean of the present hours of the region's first bundled series when it has one, so
 * the fallback matches the series it replaces, else CCF's annual factor.
 */
export function deriveAnnualIntensity(
  ccfFactors: CsvTable,
  zones: ReadonlyMap<string, RegionZone>,
  loadSeries: (file: string) => HourlySeries,
): AnnualIntensityRow[] {
  const rows: AnnualIntensityRow[] = [];
  const regions = new Set<string>([...zones.keys()]);
  const factors = new Map<string, number>();
  for (const row of ccfFactors.rows) {
    const cells = cellReader(ccfFactors, row);
    factors.set(cells.text('region'), cells.nonNegativeNumber('gCO2e_per_kWh'));
    regions.add(cells.text('region'));
  }
  for (const region of [...regions].sort()) {
    const file = zones.get(region)?.files[0];
    if (file !== undefined) {
      const series = loadSeries(file);
      const present = [...series.values.values()].filter((value) => value !== null);
      const mean = meanOfPresent(present);
      if (mean !== null) {
        rows.push({
          region,
          gramsPerKwh: round(mean),
          basis: 'hourly_series_mean',
          file,
          hoursPresent: present.length,
        });
        continue;
      }
    }
    const factor = factors.get(region);
    if (factor !== undefined) {
      rows.push({
        region,
        gramsPerKwh: factor,
        basis: 'ccf_annual_factor',
        file: CCF_FACTORS_FILE,
        hoursPresent: 0,
      });
    }
  }
  return rows;
}

export function formatAnnualIntensity(rows: AnnualIntensityRow[]): string {
  const lines = rows.map((row) =>
    [row.region, row.gramsPerKwh, row.basis, row.file, row.hoursPresent].join(','),
  );
  return [ANNUAL_INTENSITY_HEADER, ...lines].join('\n') + '\n';
}

/**
 * Reads the derived table. The row `Unknown` is CCF's average of its listed regions and becomes the
 * figure for regions not in the table.
 * @throws ValidationError (DATA_INVALID) when the `Unknown` row is missing or a cell is bad.
 */
export function parseAnnualAverages(table: CsvTable): AnnualAverages {
  const byRegion = new Map<string, number>();
  for (const row of table.rows) {
    const cells = cellReader(table, row);
    byRegion.set(cells.text('region'), cells.nonNegativeNumber('g_per_kwh'));
  }
  const unknownRegion = byRegion.get('Unknown');
  if (unknownRegion === undefined) {
    throw dataError(table.file, 1, 1, 'missing the row for region Unknown');
  }
  byRegion.delete('Unknown');
  return { byRegion, unknownRegion };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

import { cellReader } from '../energy/data/csv-cells.js';
import type { CsvTable } from '../energy/data/csv-table.js';

/** An AWS region, the grid zone it draws from, and the bundled series that cover it. */
export interface RegionZone {
  region: string;
  /** Electricity Maps zone id, empty when CCF maps the region to none. */
  zone: string;
  /** Paths relative to data/, Electricity Maps files first as listed in the mapping. */
  files: string[];
}

/** Parses data/carbon/aws_region_grid_zones.csv. Listed paths start with `carbon/`. */
export function parseRegionZones(table: CsvTable): Map<string, RegionZone> {
  const zones = new Map<string, RegionZone>();
  for (const row of table.rows) {
    const cells = cellReader(table, row);
    const files = cells
      .text('bundled_files')
      .split(';')
      .map((file) => file.trim())
      .filter((file) => file !== '');
    zones.set(cells.text('aws_region'), {
      region: cells.text('aws_region'),
      zone: cells.text('electricity_maps_zone'),
      files,
    });
  }
  return zones;
}

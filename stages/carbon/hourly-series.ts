import { cellReader, parseDecimal } from '../energy/data/csv-cells.js';
import { dataError, type CsvTable } from '../energy/data/csv-table.js';

export const HOUR_MS = 3_600_000;

/**
 * An hourly grid carbon-intensity series of one zone: grams CO2e per kWh by the epoch millisecond
 * of the start of each UTC hour. A null value is an hour the file lists without a figure.
 */
export interface HourlySeries {
  zone: string;
  file: string;
  values: ReadonlyMap<number, number | null>;
}

/**
 * Parses a bundled hourly series. Two layouts exist (data/PROVENANCE.md section 2):
 * - Electricity Maps portal exports (2021-2023 and 2025 headers): columns by position, 0 the UTC
 *   hour `YYYY-MM-DD HH:MM:SS`, 3 the zone id, 4 the direct (operational) intensity.
 * - EIA-930 via SustainDC: `timestamp` with `+00:00` and `avg_CI`; empty cells are missing hours.
 * @param zone the zone to report for EIA files, whose rows do not name one.
 * @throws ValidationError (DATA_INVALID) naming file, line and column of a bad timestamp or figure.
 */
export function parseHourlySeries(table: CsvTable, zone: string): HourlySeries {
  const isEia = table.header.includes('avg_CI');
  const values = new Map<number, number | null>();
  for (const row of table.rows) {
    const timeColumn = 0;
    const valueColumn = isEia ? table.header.indexOf('avg_CI') : 4;
    const rawTime = row.cells[timeColumn] ?? '';
    const hour = parseUtcHour(rawTime);
    if (hour === null) {
      throw dataError(
        table.file,
        row.line,
        timeColumn + 1,
        'expected a UTC hour such as 2023-01-01 00:00:00',
        rawTime,
      );
    }
    const rawValue = (row.cells[valueColumn] ?? '').trim();
    if (rawValue === '') {
      values.set(hour, null);
      continue;
    }
    const value = parseDecimal(rawValue);
    if (value === null || value < 0) {
      throw dataError(
        table.file,
        row.line,
        valueColumn + 1,
        'expected a non-negative intensity in g/kWh',
        rawValue,
      );
    }
    values.set(hour, value);
  }
  const fileZone = isEia ? zone : cellZone(table);
  return { zone: fileZone, file: table.file, values };
}

function cellZone(table: CsvTable): string {
  const first = table.rows[0];
  if (first === undefined) {
    throw dataError(table.file, 2, 1, 'the series has no rows');
  }
  return cellReader(table, first).text(table.header[3] ?? 'Zone Id');
}

/** Parses `2023-01-01 00:00:00` or `2022-01-01 00:00:00+00:00` as UTC; null when it is not on the hour. */
export function parseUtcHour(raw: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):00:00(\+00:00|Z)?$/.exec(raw.trim());
  if (match === null) {
    return null;
  }
  const [, year, month, day, hour] = match;
  const epoch = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour));
  return Number.isFinite(epoch) ? epoch : null;
}

/** Start of the UTC hour that contains an instant, in epoch milliseconds. */
export function hourStart(epochMs: number): number {
  return Math.floor(epochMs / HOUR_MS) * HOUR_MS;
}

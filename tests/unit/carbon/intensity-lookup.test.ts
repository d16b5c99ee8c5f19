import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ANNUAL_INTENSITY_FILE,
  loadHourlySeries,
  renderAnnualIntensityFile,
} from '../../../stages/carbon/carbon-data.js';
import { parseAnnualAverages } from '../../../stages/carbon/annual-intensity.js';
import { readDataCsv, resolveDataDirectory } from '../../../stages/energy/data/data-files.js';
import { HOUR_MS, hourStart, parseUtcHour } from '../../../stages/carbon/hourly-series.js';
import { createIntensityLookup, meanOfPresent } from '../../../stages/carbon/intensity-lookup.js';

const dataDirectory = resolveDataDirectory('data');
const annual = parseAnnualAverages(readDataCsv(dataDirectory, ANNUAL_INTENSITY_FILE));
const germany = loadHourlySeries(dataDirectory, 'carbon/electricitymaps_2023_DE_hourly.csv', 'DE');
const pjm = loadHourlySeries(dataDirectory, 'carbon/eia_sustaindc_2022_PJM_hourly.csv', 'US-MIDA-PJM');

const seriesByRegion = new Map([
  ['eu-central-1', germany],
  ['us-east-1', pjm],
]);
const lookup = createIntensityLookup((region, hour) => seriesByRegion.get(region)?.values.get(hour), annual);

const at = (iso: string): number => Date.parse(iso);

describe('hourly intensity lookup', () => {
  // data/carbon/electricitymaps_2023_DE_hourly.csv, direct intensity column:
  // 2023-03-26 00:00:00 149.02, 01:00:00 158.34, 02:00:00 166.73. Germany moved its clocks from
  // 02:00 CET to 03:00 CEST at 01:00 UTC that night; the UTC series has every hour.
  test('DST night in Germany keeps UTC hours', () => {
    expect(lookup.atInstant('eu-central-1', at('2023-03-26T00:30:00Z')).gramsPerKwh).toBe(149.02);
    expect(lookup.atInstant('eu-central-1', at('2023-03-26T01:00:00Z')).gramsPerKwh).toBe(158.34);
    expect(lookup.atInstant('eu-central-1', at('2023-03-26T02:59:59.999Z')).gramsPerKwh).toBe(166.73);
  });

  test('hour boundary belongs to next hour', () => {
    expect(lookup.atInstant('eu-central-1', at('2023-03-26T00:59:59.999Z')).gramsPerKwh).toBe(149.02);
    expect(lookup.atInstant('eu-central-1', at('2023-03-26T01:00:00.000Z')).gramsPerKwh).toBe(158.34);
  });

  test('present hour reports hourly source', () => {
    const reading = lookup.atInstant('eu-central-1', at('2023-03-26T01:15:00Z'));
    expect(reading.source).toBe('hourly');
    expect(reading.fallback).toBe(false);
  });

  // The EIA PJM file has empty rows from 2022-03-13 07:00 to 2022-03-14 04:00 UTC, the night the
  // US moved to daylight time (07:00 UTC = 02:00 EST).
  test('missing hour falls back to annual average', () => {
    const reading = lookup.atInstant('us-east-1', at('2022-03-13T07:30:00Z'));
    expect(reading.fallback).toBe(true);
    expect(reading.source).toBe('annual_average');
    // us-east-1 in data/derived/region_annual_grid_intensity.csv: 321.816
    expect(reading.gramsPerKwh).toBe(321.816);
  });

  test('missing hour is never zero', () => {
    expect(lookup.atInstant('us-east-1', at('2022-03-13T08:00:00Z')).gramsPerKwh).toBeGreaterThan(0);
  });

  test('unknown region uses CCF average', () => {
    const reading = lookup.atInstant('xx-nowhere-9', at('2023-03-26T01:00:00Z'));
    expect(reading.fallback).toBe(true);
    expect(reading.gramsPerKwh).toBe(392.78188);
  });

  // PJM 2022-03-13 06:00 has a figure, 07:00 is empty: a window 06:30 to 07:30 averages only the
  // present half hour, so it equals the 06:00 figure.
  test('window across missing hour uses present part', () => {
    const six = pjm.values.get(at('2022-03-13T06:00:00Z'));
    expect(typeof six).toBe('number');
    const reading = lookup.overInterval('us-east-1', at('2022-03-13T06:30:00Z'), at('2022-03-13T07:30:00Z'));
    expect(reading.source).toBe('hourly');
    expect(reading.gramsPerKwh).toBeCloseTo(six as number, 9);
  });

  // Two hours 149.02 and 158.34, the window covering 15 minutes of the first and 45 of the second:
  // (149.02 * 15 + 158.34 * 45) / 60 = 156.01.
  test('window across two hours weights by overlap', () => {
    const reading = lookup.overInterval(
      'eu-central-1',
      at('2023-03-26T00:45:00Z'),
      at('2023-03-26T01:45:00Z'),
    );
    expect(reading.gramsPerKwh).toBeCloseTo(156.01, 9);
  });
});

describe('averaging hourly figures', () => {
  test('300, missing, missing, 300 gives 300', () => {
    expect(meanOfPresent([300, null, undefined, 300])).toBe(300);
  });

  test('all missing gives null', () => {
    expect(meanOfPresent([null, undefined])).toBeNull();
  });

  test('hourly lookup over four hours skips gaps', () => {
    const start = at('2026-12-04T10:00:00Z');
    const figures = new Map([
      [start, 300],
      [start + 3 * HOUR_MS, 300],
    ]);
    const fourHours = createIntensityLookup((_region, hour) => figures.get(hour), annual);
    const reading = fourHours.overInterval('eu-north-1', start, start + 4 * HOUR_MS);
    expect(reading.gramsPerKwh).toBe(300);
    expect(reading.fallback).toBe(false);
  });
});

describe('UTC hour parsing', () => {
  test('both timestamp layouts parse as UTC', () => {
    expect(parseUtcHour('2023-03-26 01:00:00')).toBe(at('2023-03-26T01:00:00Z'));
    expect(parseUtcHour('2022-03-13 07:00:00+00:00')).toBe(at('2022-03-13T07:00:00Z'));
  });

  test('off-hour timestamps are rejected', () => {
    expect(parseUtcHour('2023-03-26 01:30:00')).toBeNull();
    expect(parseUtcHour('2023-03-26 01:00:00+01:00')).toBeNull();
  });

  test('hour start floors in UTC', () => {
    expect(hourStart(at('2023-10-29T01:59:59.999Z'))).toBe(at('2023-10-29T01:00:00Z'));
  });
});

describe('derived annual intensity table', () => {
  test('checked-in file matches recomputation', () => {
    const checkedIn = readFileSync(join(dataDirectory, ANNUAL_INTENSITY_FILE), 'utf8');
    expect(checkedIn).toBe(renderAnnualIntensityFile(dataDirectory));
  });
});

import { describe, expect, it } from '@jest/globals';
import { observedCarbon } from '../../../stages/replay/carbon-messages.js';
import { hourOfYearIndex, loadCarbonSeries } from '../../../stages/replay/carbon-series.js';
import { resolveConfiguredPath } from '../../../stages/replay/project-paths.js';

const DATA = resolveConfiguredPath('data');

describe('carbon replay series', () => {
  it('maps a simulated hour by hour of year', () => {
    expect(hourOfYearIndex(Date.parse('2026-01-01T00:00:00Z'))).toBe(0);
    expect(hourOfYearIndex(Date.parse('2026-12-04T10:00:00Z'))).toBe(8098);
    // 2028 is a leap year: December 31 23:00 is hour 8783 and wraps to hour 23 of the series.
    expect(hourOfYearIndex(Date.parse('2028-12-31T23:00:00Z'))).toBe(23);
  });

  it('replays the Swedish 2023 figure', () => {
    const series = loadCarbonSeries(DATA, 'eu-north-1');

    // data/carbon/electricitymaps_2023_SE-SE3_hourly.csv, 2023-12-04 10:00:00, direct intensity.
    expect(observedCarbon(series!, Date.parse('2026-12-04T10:00:00Z'))).toEqual({
      region: 'eu-north-1',
      zone: 'SE-SE3',
      hour: '2026-12-04T10:00:00.000Z',
      intensity_g_per_kwh: 16.81,
      kind: 'observed',
      source: 'replay',
      fallback: false,
      model_version: null,
      issued_at: null,
    });
  });

  it('replays the EIA proxy of us-west-2', () => {
    const series = loadCarbonSeries(DATA, 'us-west-2');

    // data/carbon/eia_sustaindc_2022_BPAT_hourly.csv, 2022-12-04 10:00:00+00:00, avg_CI.
    expect(observedCarbon(series!, Date.parse('2026-12-04T10:00:00Z')).intensity_g_per_kwh).toBeCloseTo(
      78.654,
      3,
    );
  });

  it('falls back to the annual mean', () => {
    const series = loadCarbonSeries(DATA, 'us-west-2')!;
    const hour = Date.parse('2026-03-13T07:00:00Z');
    const withGap = {
      ...series,
      hourly: series.hourly.map((value, index) => (index === hourOfYearIndex(hour) ? null : value)),
    };

    const message = observedCarbon(withGap, hour);

    expect(message.fallback).toBe(true);
    expect(message.source).toBe('annual_average');
    expect(message.intensity_g_per_kwh).toBeCloseTo(series.annualMean, 2);
  });

  it('returns null without a bundled series', () => {
    expect(loadCarbonSeries(DATA, 'eu-west-1')).toBeNull();
  });
});

import type { Carbon } from '../../schemas/definitions/index.js';
import { type CarbonSeries, hourOfYearIndex } from './carbon-series.js';

/**
 * The observed carbon message of one region for the simulated hour starting at `hourStartMs`. A
 * missing hour in the series becomes the series' annual mean, marked as a fallback.
 */
export function observedCarbon(series: CarbonSeries, hourStartMs: number): Carbon {
  const value = series.hourly[hourOfYearIndex(hourStartMs)] ?? null;
  const fallback = value === null;
  return {
    region: series.region,
    zone: series.zone,
    hour: new Date(hourStartMs).toISOString(),
    intensity_g_per_kwh: fallback ? roundTo(series.annualMean, 2) : value,
    kind: 'observed',
    source: fallback ? 'annual_average' : 'replay',
    fallback,
    model_version: null,
    issued_at: null,
  };
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

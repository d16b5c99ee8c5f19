import type { Carbon } from '../../schemas/definitions/carbon.js';
import type { ProviderReading } from './carbon-provider.js';
import { hourStart } from './hourly-series.js';

/**
 * Builds the carbon message of one region from a provider reading (pure). Without a reading the
 * message is for the current UTC hour and carries the region's annual average, marked as a fallback.
 */
export function providerCarbonMessage(
  region: string,
  zone: string,
  reading: ProviderReading | null,
  nowMs: number,
  annualAverage: number,
): Carbon {
  const fallback = reading === null;
  return {
    region,
    zone: zone === '' ? 'unknown' : zone,
    hour: new Date(reading?.hourMs ?? hourStart(nowMs)).toISOString(),
    intensity_g_per_kwh: reading?.gramsPerKwh ?? annualAverage,
    kind: 'observed',
    source: fallback ? 'annual_average' : 'provider',
    fallback,
    model_version: null,
    issued_at: null,
  };
}

/** True when a message repeats the last one published for its region (same hour, figure and flag). */
export function repeatsLast(last: Carbon | undefined, next: Carbon): boolean {
  return (
    last !== undefined &&
    last.hour === next.hour &&
    last.intensity_g_per_kwh === next.intensity_g_per_kwh &&
    last.fallback === next.fallback
  );
}

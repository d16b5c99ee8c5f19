import type { Carbon } from '../../schemas/definitions/carbon.js';
import type { Forecast } from '../../schemas/definitions/forecast.js';
import type { ModelCard } from './model-card.js';

/** The origin of one workload feature row: the resource, the time and the features themselves. */
export interface WorkloadOrigin {
  resourceId: string;
  /** End of the newest window, epoch milliseconds. */
  issuedAtMs: number;
  features: readonly number[];
  /** Multiplier of the model's outputs: the normalisation scale, 1 for a model without one. */
  outputScale: number;
}

export interface CarbonOrigin {
  region: string;
  zone: string;
  /** Start of the newest observed hour, epoch milliseconds. */
  hourStartMs: number;
  /** Multiplier of the model's outputs: the normalisation scale, 1 for a model without one. */
  outputScale: number;
}

function clamp(value: number, range: ModelCard['output_range']): number {
  const [low, high] = range;
  let result = value;
  if (low !== null && result < low) {
    result = low;
  }
  if (high !== null && result > high) {
    result = high;
  }
  return result;
}

/**
 * Turns one workload prediction row into one forecast per horizon. The interval is the card's
 * scaled residual quantiles: mean + quantile * (scale feature + offset), clamped to the output
 * range and widened where needed so that lower <= mean <= upper holds.
 */
export function workloadForecasts(
  card: ModelCard,
  origin: WorkloadOrigin,
  prediction: readonly number[],
): Forecast[] {
  const interval = card.interval;
  if (interval === null) {
    throw new RangeError(
      `model ${card.model} version ${card.version} has no prediction interval in its card`,
    );
  }
  const scale =
    (origin.features[card.input.features.indexOf(interval.scale_feature)] ?? 0) + interval.scale_offset;
  return card.horizons_s.map((horizonS, index) => {
    const mean = clamp((prediction[index] ?? Number.NaN) * origin.outputScale, card.output_range);
    const lowerQuantile = interval.lower_quantile[index] ?? 0;
    const upperQuantile = interval.upper_quantile[index] ?? 0;
    return {
      resource_id: origin.resourceId,
      metric: 'cpu_utilization',
      issued_at: new Date(origin.issuedAtMs).toISOString(),
      horizon_s: horizonS,
      target_time: new Date(origin.issuedAtMs + horizonS * 1000).toISOString(),
      mean,
      lower: Math.min(mean, clamp(mean + lowerQuantile * scale, card.output_range)),
      upper: Math.max(mean, clamp(mean + upperQuantile * scale, card.output_range)),
      interval: interval.coverage,
      model_name: card.model,
      model_version: card.version,
    };
  });
}

/** Turns one carbon prediction row into one forecast message per future hour. */
export function carbonForecasts(
  card: ModelCard,
  origin: CarbonOrigin,
  prediction: readonly number[],
): Carbon[] {
  const issuedAt = new Date(origin.hourStartMs).toISOString();
  return card.horizons_s.map((horizonS, index) => ({
    region: origin.region,
    zone: origin.zone,
    hour: new Date(origin.hourStartMs + horizonS * 1000).toISOString(),
    intensity_g_per_kwh: clamp((prediction[index] ?? Number.NaN) * origin.outputScale, card.output_range),
    kind: 'forecast',
    source: 'model',
    fallback: false,
    model_version: card.version,
    issued_at: issuedAt,
  }));
}

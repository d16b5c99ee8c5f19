import type { ModelFeatureSpec } from './feature-spec.js';

const SECONDS_PER_DAY = 86_400;

/**
 * Returns the scale of a normalised spec (mean of the newest `normalize.windows` values plus
 * `normalize.offset`), or 1 when the spec has no normalize section. Features are divided by it
 * and the model's outputs are multiplied by it.
 */
export function normalizationScale(spec: ModelFeatureSpec, history: readonly number[]): number {
  return spec.normalize === undefined
    ? 1
    : rollingMean(history, spec.normalize.windows) + spec.normalize.offset;
}

/**
 * Computes one feature row from a series history, with the same arithmetic in the same order as
 * models/training/features.py. Sums run oldest value first and the standard deviation is the
 * population one, so lags, means and deviations equal the training code's to the last bit. Sine
 * and cosine come from different math libraries and agree at the float32 precision the model reads.
 *
 * @param history the newest `spec.history_windows` values, oldest first
 * @param endTimeS end of the newest step, epoch seconds (UTC)
 * @throws RangeError when the history length differs from `spec.history_windows`
 */
export function computeFeatures(
  spec: ModelFeatureSpec,
  history: readonly number[],
  endTimeS: number,
): number[] {
  const size = spec.history_windows;
  if (history.length !== size) {
    throw new RangeError(`history must contain ${size} values, got ${history.length}`);
  }
  const hour = (((endTimeS % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY) / 3600;
  const angle = (2 * Math.PI * hour) / 24;
  const scale = normalizationScale(spec, history);
  const row: number[] = [];
  for (const feature of spec.features) {
    switch (feature.kind) {
      case 'lag':
        row.push((history[size - 1 - feature.lag] as number) / scale);
        break;
      case 'rolling_mean':
        row.push(rollingMean(history, feature.windows) / scale);
        break;
      case 'rolling_std':
        row.push(rollingStd(history, feature.windows) / scale);
        break;
      case 'scale':
        row.push(scale);
        break;
      case 'hour_of_day_sin':
        row.push(Math.sin(angle));
        break;
      case 'hour_of_day_cos':
        row.push(Math.cos(angle));
        break;
    }
  }
  return row;
}

function rollingMean(history: readonly number[], count: number): number {
  let total = 0;
  for (let index = history.length - count; index < history.length; index += 1) {
    total += history[index] as number;
  }
  return total / count;
}

function rollingStd(history: readonly number[], count: number): number {
  const mean = rollingMean(history, count);
  let total = 0;
  for (let index = history.length - count; index < history.length; index += 1) {
    const deviation = (history[index] as number) - mean;
    total += deviation * deviation;
  }
  return Math.sqrt(total / count);
}

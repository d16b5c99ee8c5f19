import { Counter, Histogram, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';

export interface PredictorMetrics {
  forecasts: Counter<'topic'>;
  skippedInsufficientHistory: Counter;
  inferenceDuration: Histogram<'topic'>;
  modelSwaps: Counter<'outcome'>;
}

/** Registers the predictor's metrics on the given registry. */
export function createPredictorMetrics(registry: Registry): PredictorMetrics {
  return {
    forecasts: new Counter({
      name: METRIC_NAMES.predictorForecasts,
      help: 'Forecast messages published, by output topic.',
      labelNames: ['topic'],
      registers: [registry],
    }),
    skippedInsufficientHistory: new Counter({
      name: METRIC_NAMES.predictorSkippedInsufficientHistory,
      help: 'Windows or hours that got no forecast because their series has fewer consecutive steps than the model needs.',
      registers: [registry],
    }),
    inferenceDuration: new Histogram({
      name: METRIC_NAMES.predictorInferenceDuration,
      help: 'Duration of one onnxruntime run over a batch of feature rows, in seconds.',
      labelNames: ['topic'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    modelSwaps: new Counter({
      name: METRIC_NAMES.predictorModelSwaps,
      help: 'Attempts to serve a newly promoted model version: swapped, or failed (rejected at load).',
      labelNames: ['outcome'],
      registers: [registry],
    }),
  };
}

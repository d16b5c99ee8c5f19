import type { Logger } from 'pino';
import type { Aggregate } from '../../schemas/definitions/aggregate.js';
import type { Carbon } from '../../schemas/definitions/carbon.js';
import type { TopicNames } from '../../pipeline/topics/topic-names.js';
import type { DecodedRecord, StageOutput, StageResult } from '../../pipeline/runner/stage.js';
import type { ModelFeatureSpec } from './feature-spec.js';
import { computeFeatures, normalizationScale } from './features.js';
import {
  carbonForecasts,
  workloadForecasts,
  type CarbonOrigin,
  type WorkloadOrigin,
} from './forecast-messages.js';
import type { ForecastModel } from './forecast-model.js';
import type { ModelSlot } from './model-slot.js';
import type { PredictorMetrics } from './predictor-metrics.js';
import { createSeriesHistory } from './series-history.js';

export interface PredictorCoreOptions {
  topics: TopicNames;
  workloadSpec: ModelFeatureSpec;
  workloadSlot: ModelSlot;
  /** Null when no carbon model is configured; carbon records are then ignored. */
  carbon: { spec: ModelFeatureSpec; slot: ModelSlot } | null;
  maxRowsPerInference: number;
  maxSeries: number;
  metrics: PredictorMetrics;
  logger: Logger;
}

export interface PredictorCore {
  /** Updates the histories from a batch and returns the forecasts of every series with enough history. */
  process(records: readonly DecodedRecord[]): Promise<StageResult>;
}

/** Runs a model over rows in chunks; awaiting each chunk lets heartbeats and fetches run between them. */
async function predictInChunks(
  model: ForecastModel,
  rows: readonly (readonly number[])[],
  chunkSize: number,
  observe: () => () => void,
): Promise<number[][]> {
  const predictions: number[][] = [];
  for (let start = 0; start < rows.length; start += chunkSize) {
    const stop = observe();
    predictions.push(...(await model.predict(rows.slice(start, start + chunkSize))));
    stop();
  }
  return predictions;
}

/** Returns the prediction row when it has one finite value per horizon, else null. */
function finitePrediction(row: readonly number[] | undefined, horizons: number): readonly number[] | null {
  if (row === undefined || row.length !== horizons || !row.every((value) => Number.isFinite(value))) {
    return null;
  }
  return row;
}

/**
 * Creates the predictor's batch logic. Each record updates its series history. Every series that
 * then contains a full history gets one feature row, and all rows of a batch go to the model
 * together. A series with too short a history is counted and gets no forecast, never one from
 * padded values. Only cpu_utilization aggregates whose window size equals the model's step, and
 * observed carbon hours, are used. Other records are ignored.
 */
export function createPredictorCore(options: PredictorCoreOptions): PredictorCore {
  const { topics, workloadSpec, metrics } = options;
  const workloadHistory = createSeriesHistory({
    stepMs: workloadSpec.series_step_s * 1000,
    capacity: workloadSpec.history_windows,
    maxSeries: options.maxSeries,
  });
  const carbonHistory =
    options.carbon === null
      ? null
      : createSeriesHistory({
          stepMs: options.carbon.spec.series_step_s * 1000,
          capacity: options.carbon.spec.history_windows,
          maxSeries: options.maxSeries,
        });

  function workloadRow(aggregate: Aggregate): WorkloadOrigin | null {
    if (aggregate.metric !== 'cpu_utilization' || aggregate.window_size_s !== workloadSpec.series_step_s) {
      return null;
    }
    const startMs = Date.parse(aggregate.window_start);
    const outcome = workloadHistory.append(aggregate.resource_id, startMs, aggregate.mean);
    if (outcome === 'duplicate') {
      return null;
    }
    const history = workloadHistory.window(aggregate.resource_id);
    if (history === null) {
      metrics.skippedInsufficientHistory.inc();
      return null;
    }
    const issuedAtMs = Date.parse(aggregate.window_end);
    return {
      resourceId: aggregate.resource_id,
      issuedAtMs,
      features: computeFeatures(workloadSpec, history, issuedAtMs / 1000),
      outputScale: normalizationScale(workloadSpec, history),
    };
  }

  function carbonRow(carbon: Carbon, spec: ModelFeatureSpec): (CarbonOrigin & { features: number[] }) | null {
    if (carbonHistory === null || carbon.kind !== 'observed') {
      return null;
    }
    const hourStartMs = Date.parse(carbon.hour);
    if (carbonHistory.append(carbon.region, hourStartMs, carbon.intensity_g_per_kwh) === 'duplicate') {
      return null;
    }
    const history = carbonHistory.window(carbon.region);
    if (history === null) {
      metrics.skippedInsufficientHistory.inc();
      return null;
    }
    const endTimeS = (hourStartMs + spec.series_step_s * 1000) / 1000;
    return {
      region: carbon.region,
      zone: carbon.zone,
      hourStartMs,
      features: computeFeatures(spec, history, endTimeS),
      outputScale: normalizationScale(spec, history),
    };
  }

  function timer(topic: string): () => () => void {
    return () => metrics.inferenceDuration.startTimer({ topic });
  }

  return {
    async process(records) {
      const workloadOrigins: WorkloadOrigin[] = [];
      const carbonOrigins: Array<CarbonOrigin & { features: number[] }> = [];
      for (const record of records) {
        if (record.value === null) {
          continue;
        }
        if (record.topic === topics.aggregates) {
          const origin = workloadRow(record.value as Aggregate);
          if (origin !== null) {
            workloadOrigins.push(origin);
          }
        } else if (record.topic === topics.carbon && options.carbon !== null) {
          const origin = carbonRow(record.value as Carbon, options.carbon.spec);
          if (origin !== null) {
            carbonOrigins.push(origin);
          }
        }
      }

      const outputs: StageOutput[] = [];
      let nonFinite = 0;
      if (workloadOrigins.length > 0) {
        const model = options.workloadSlot.active();
        const rows = workloadOrigins.map((origin) => origin.features);
        const predictions = await predictInChunks(
          model,
          rows,
          options.maxRowsPerInference,
          timer(topics.forecasts),
        );
        workloadOrigins.forEach((origin, index) => {
          const prediction = finitePrediction(predictions[index], model.card.horizons_s.length);
          if (prediction === null) {
            nonFinite += 1;
            return;
          }
          for (const forecast of workloadForecasts(model.card, origin, prediction)) {
            outputs.push({ topic: topics.forecasts, key: forecast.resource_id, value: forecast });
            metrics.forecasts.inc({ topic: topics.forecasts });
          }
        });
      }
      if (carbonOrigins.length > 0 && options.carbon !== null) {
        const model = options.carbon.slot.active();
        const rows = carbonOrigins.map((origin) => origin.features);
        const predictions = await predictInChunks(
          model,
          rows,
          options.maxRowsPerInference,
          timer(topics.carbon),
        );
        carbonOrigins.forEach((origin, index) => {
          const prediction = finitePrediction(predictions[index], model.card.horizons_s.length);
          if (prediction === null) {
            nonFinite += 1;
            return;
          }
          for (const carbon of carbonForecasts(model.card, origin, prediction)) {
            outputs.push({ topic: topics.carbon, key: carbon.region, value: carbon });
            metrics.forecasts.inc({ topic: topics.carbon });
          }
        });
      }
      if (nonFinite > 0) {
        options.logger.warn(
          { rows: nonFinite },
          'model returned non-finite values; those rows got no forecast',
        );
      }
      options.logger.debug(
        { records: records.length, workloadRows: workloadOrigins.length, carbonRows: carbonOrigins.length },
        'predictor batch processed',
      );
      return { outputs };
    },
  };
}

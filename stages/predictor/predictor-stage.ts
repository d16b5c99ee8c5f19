import type { StageContext, StageDefinition, StageInstance } from '../../pipeline/runner/stage.js';
import { aggregateSchema } from '../../schemas/definitions/aggregate.js';
import { carbonSchema } from '../../schemas/definitions/carbon.js';
import { resolveProjectPath } from '../../models/registry/project-path.js';
import { createConfiguredRegistries } from '../../models/registry/registry-from-config.js';
import { loadFeatureDocument, modelFeatureSpec } from './feature-spec.js';
import { createModelSlot, type ModelSlot } from './model-slot.js';
import { createPredictorCore } from './predictor-core.js';
import { createPredictorMetrics } from './predictor-metrics.js';

export const PREDICTOR_STAGE_NAME = 'predictor';

/**
 * Creates the predictor: it loads the promoted workload and carbon models once, forecasts from
 * each consumed batch and, on every tick, checks the registry for a newly promoted version, which
 * it swaps in before the next batch.
 */
export async function createPredictor(context: StageContext): Promise<StageInstance> {
  const settings = context.config.predictor;
  // The runner already binds `stage` to this logger.
  const logger = context.logger;
  const metrics = createPredictorMetrics(context.registry);
  const document = await loadFeatureDocument(resolveProjectPath(settings.feature_spec_path));

  const registries = createConfiguredRegistries(context.config);
  const { local, remote } = registries;

  const slots: ModelSlot[] = [];
  const slotFor = (model: string): ModelSlot => {
    const slot = createModelSlot({
      model,
      spec: modelFeatureSpec(document, model),
      remote,
      local,
      intraOpThreads: settings.intra_op_threads,
      logger,
      onSwap: (outcome) => metrics.modelSwaps.inc({ outcome }),
    });
    slots.push(slot);
    return slot;
  };
  const workloadSlot = slotFor(settings.workload_model);
  const carbonSlot = settings.carbon_model === null ? null : slotFor(settings.carbon_model);
  let closed = false;

  async function close(): Promise<void> {
    if (closed) {
      return;
    }
    closed = true;
    await Promise.all(slots.map((slot) => slot.close()));
    registries.destroy();
  }

  try {
    for (const slot of slots) {
      await slot.start();
    }
    if (workloadSlot.active().card.interval === null) {
      throw new RangeError(`model ${settings.workload_model} has no prediction interval in its card`);
    }
  } catch (error) {
    await close();
    throw error;
  }

  const core = createPredictorCore({
    topics: context.topics,
    workloadSpec: modelFeatureSpec(document, settings.workload_model),
    workloadSlot,
    carbon:
      carbonSlot === null || settings.carbon_model === null
        ? null
        : { spec: modelFeatureSpec(document, settings.carbon_model), slot: carbonSlot },
    maxRowsPerInference: settings.max_rows_per_inference,
    maxSeries: settings.max_series,
    metrics,
    logger,
  });

  return {
    async processBatch(records) {
      for (const slot of slots) {
        await slot.applyPending();
      }
      return core.process(records);
    },

    async tick() {
      for (const slot of slots) {
        try {
          await slot.poll();
        } catch (error) {
          // The registry being unreachable is not fatal: the active version keeps serving.
          logger.warn({ err: error }, 'model registry poll failed; retrying on the next tick');
        }
      }
      return { outputs: [] };
    },

    close,
  };
}

/** The predictor's stage definition for `eaawas run`. */
export const predictorStage: StageDefinition = {
  name: PREDICTOR_STAGE_NAME,
  inputs: (topics) => [
    { topic: topics.aggregates, schema: aggregateSchema },
    { topic: topics.carbon, schema: carbonSchema },
  ],
  outputs: (topics) => [topics.forecasts, topics.carbon],
  tickIntervalMs: (config) => config.predictor.poll_interval_ms,
  create: createPredictor,
};

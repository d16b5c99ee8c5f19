import type { Logger } from 'pino';
import { EaawasError, isRetriable } from '../../pipeline/errors/eaawas-error.js';
import type { ModelRegistry, PromotedPointer } from '../../models/registry/model-registry.js';
import type { ModelFeatureSpec } from './feature-spec.js';
import { createForecastModel, type ForecastModel } from './forecast-model.js';
import { parseModelCard } from './model-card.js';

export interface ModelSlotOptions {
  model: string;
  spec: ModelFeatureSpec;
  /** The S3 registry, or null when models come only from the local folder. */
  remote: ModelRegistry | null;
  /** The local folder; with a remote registry it caches every version downloaded. */
  local: ModelRegistry;
  intraOpThreads: number;
  logger: Logger;
  /** Called once per swap attempt, for the swap metric. */
  onSwap?(outcome: 'swapped' | 'failed'): void;
}

/**
 * The served version of one model. `poll` loads a newly promoted version beside the active one,
 * and `applyPending` swaps it in. The predictor calls `applyPending` between batches, so a batch
 * never mixes two versions and nothing restarts.
 */
export interface ModelSlot {
  /** The active model; throws before `start` resolved. */
  active(): ForecastModel;
  /** Downloads the promoted version (from S3 into the local folder) and loads it. */
  start(): Promise<void>;
  /**
   * Loads the promoted version when it differs from the active one. A version rejected at load is
   * logged, counted and skipped until another is promoted; a failed download (retriable) throws.
   */
  poll(): Promise<void>;
  /** Swaps in a version loaded by `poll`; returns true when it did. */
  applyPending(): Promise<boolean>;
  close(): Promise<void>;
}

/** Creates the slot of one model name. */
export function createModelSlot(options: ModelSlotOptions): ModelSlot {
  const { model, remote, local, logger } = options;
  let current: ForecastModel | null = null;
  let pending: ForecastModel | null = null;
  let failedVersion: string | null = null;

  async function promotedPointer(): Promise<PromotedPointer | null> {
    return remote === null ? local.promoted(model) : remote.promoted(model);
  }

  async function load(version: string, download: boolean): Promise<ForecastModel> {
    if (download && remote !== null) {
      // Download into the local folder first, so a restart without S3 still finds this version.
      const artifacts = await remote.fetch(model, version);
      await local.publish(artifacts);
      await local.promote(model, version);
    }
    const artifacts = await local.fetch(model, version);
    const card = parseModelCard(artifacts.card, `${local.location}/${model}/${version}/card.json`);
    return createForecastModel({
      onnx: artifacts.onnx,
      card,
      spec: options.spec,
      intraOpThreads: options.intraOpThreads,
    });
  }

  return {
    active() {
      if (current === null) {
        throw new Error(`model ${model} is not loaded; call start() first`);
      }
      return current;
    },

    async start() {
      let pointer: PromotedPointer | null;
      let useRemote = remote !== null;
      try {
        pointer = await promotedPointer();
      } catch (error) {
        if (remote === null) {
          throw error;
        }
        logger.warn(
          { err: error, model, registry: remote.location },
          'model registry unreachable; using the local folder',
        );
        useRemote = false;
        pointer = await local.promoted(model);
      }
      if (pointer === null) {
        throw new EaawasError(
          'MODEL_NOT_FOUND',
          `no promoted version of model ${model} in ${(remote ?? local).location}`,
        );
      }
      try {
        current = await load(pointer.version, useRemote);
      } catch (error) {
        if (!useRemote || !(error instanceof EaawasError) || error.code !== 'AWS_CALL_FAILED') {
          throw error;
        }
        logger.warn(
          { err: error, model, version: pointer.version },
          'model download failed; loading the local copy',
        );
        const cached = await local.promoted(model);
        if (cached === null) {
          throw error;
        }
        current = await load(cached.version, false);
      }
      logger.info({ model, version: current.version, registry: (remote ?? local).location }, 'model loaded');
    },

    async poll() {
      const pointer = await promotedPointer();
      const known = pending?.version ?? current?.version;
      if (pointer === null || pointer.version === known || pointer.version === failedVersion) {
        return;
      }
      try {
        const next = await load(pointer.version, remote !== null);
        await pending?.release();
        pending = next;
        logger.info(
          { model, version: next.version },
          'promoted model version loaded; swapping before the next batch',
        );
      } catch (error) {
        if (isRetriable(error)) {
          // A failed download is tried again on the next poll.
          throw error;
        }
        // A rejected version is not retried on every poll; promoting another version clears this.
        failedVersion = pointer.version;
        options.onSwap?.('failed');
        logger.error(
          { err: error, model, version: pointer.version },
          'promoted model version rejected; keeping the active one',
        );
      }
    },

    async applyPending() {
      if (pending === null) {
        return false;
      }
      const previous = current;
      current = pending;
      pending = null;
      options.onSwap?.('swapped');
      logger.info({ model, from: previous?.version ?? null, to: current.version }, 'model version swapped');
      await previous?.release();
      return true;
    },

    async close() {
      await pending?.release();
      await current?.release();
      pending = null;
      current = null;
    },
  };
}

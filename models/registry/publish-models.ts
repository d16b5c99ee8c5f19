import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import type { ModelRegistry } from './model-registry.js';

/**
 * Copies the promoted version of each model from one registry to another and promotes it there,
 * for example from the local models/ folder to the S3 bucket the predictors poll. The version is
 * published before it is promoted, so a predictor never reads a pointer to a missing version.
 *
 * @returns the versions promoted in the target, by model
 * @throws EaawasError MODEL_NOT_FOUND when a model has no promoted version in the source
 */
export async function publishPromoted(
  source: ModelRegistry,
  target: ModelRegistry,
  models: readonly string[],
): Promise<Record<string, string>> {
  const promoted: Record<string, string> = {};
  for (const model of models) {
    const pointer = await source.promoted(model);
    if (pointer === null) {
      throw new EaawasError('MODEL_NOT_FOUND', `model ${model} has no promoted version in ${source.location}`);
    }
    await target.publish(await source.fetch(model, pointer.version));
    await target.promote(model, pointer.version);
    promoted[model] = pointer.version;
  }
  return promoted;
}

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';

/**
 * The feature spec in models/features.json, shared with the Python training code so that training
 * and serving compute the same features. See that file's `about` for the exact definitions.
 */
const featureSchema = z.discriminatedUnion('kind', [
  z.object({ name: z.string().min(1), kind: z.literal('lag'), lag: z.number().int().min(0) }).strict(),
  z
    .object({ name: z.string().min(1), kind: z.literal('rolling_mean'), windows: z.number().int().min(1) })
    .strict(),
  z
    .object({ name: z.string().min(1), kind: z.literal('rolling_std'), windows: z.number().int().min(1) })
    .strict(),
  z.object({ name: z.string().min(1), kind: z.literal('scale') }).strict(),
  z.object({ name: z.string().min(1), kind: z.literal('hour_of_day_sin') }).strict(),
  z.object({ name: z.string().min(1), kind: z.literal('hour_of_day_cos') }).strict(),
]);

/** Counts the newest values a feature reads. */
function valuesNeeded(feature: z.infer<typeof featureSchema>): number {
  if (feature.kind === 'lag') {
    return feature.lag + 1;
  }
  if (feature.kind === 'rolling_mean' || feature.kind === 'rolling_std') {
    return feature.windows;
  }
  return 0;
}

const modelFeaturesSchema = z
  .object({
    description: z.string(),
    series_step_s: z.number().int().min(1),
    history_windows: z.number().int().min(1),
    normalize: z
      .object({ windows: z.number().int().min(1), offset: z.number().gt(0) })
      .strict()
      .optional()
      .describe(
        'Divide lags, rolling statistics and targets by the mean of the newest N values plus offset.',
      ),
    target: z.string(),
    features: z.array(featureSchema).min(1),
  })
  .strict()
  .superRefine((spec, context) => {
    if (spec.normalize !== undefined && spec.normalize.windows > spec.history_windows) {
      context.addIssue({
        code: 'custom',
        path: ['normalize', 'windows'],
        message: 'must not exceed history_windows',
      });
    }
    spec.features.forEach((feature, index) => {
      if (feature.kind === 'scale' && spec.normalize === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['features', index],
          message: 'kind scale needs a normalize section',
        });
      }
      const reach = valuesNeeded(feature);
      if (reach > spec.history_windows) {
        context.addIssue({
          code: 'custom',
          path: ['features', index],
          message: `feature ${feature.name} needs ${reach} values but history_windows is ${spec.history_windows}`,
        });
      }
    });
  });

const featureDocumentSchema = z
  .object({ version: z.literal(1), about: z.string(), models: z.record(z.string(), modelFeaturesSchema) })
  .strict();

export type FeatureDefinition = z.infer<typeof featureSchema>;
export type ModelFeatureSpec = z.infer<typeof modelFeaturesSchema>;
export type FeatureDocument = z.infer<typeof featureDocumentSchema>;

/** Validates a parsed features.json; throws a ValidationError listing every invalid field. */
export function parseFeatureDocument(value: unknown, source: string): FeatureDocument {
  const result = featureDocumentSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ValidationError('MODEL_INVALID', `feature spec ${source} is invalid`, issues);
  }
  return result.data;
}

/** Reads and validates the feature spec file (models/features.json by default). */
export async function loadFeatureDocument(path: string): Promise<FeatureDocument> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ValidationError('MODEL_NOT_FOUND', `feature spec ${path} could not be read`, [], {
      cause: error,
    });
  }
  return parseFeatureDocument(JSON.parse(text) as unknown, path);
}

/** Returns one model's feature spec; throws when the document has no entry for it. */
export function modelFeatureSpec(document: FeatureDocument, model: string): ModelFeatureSpec {
  const spec = document.models[model];
  if (spec === undefined) {
    const known = Object.keys(document.models).join(', ');
    throw new ValidationError('MODEL_INVALID', `feature spec has no model ${model}; known: ${known}`, [
      { path: `models.${model}`, message: 'missing' },
    ]);
  }
  return spec;
}

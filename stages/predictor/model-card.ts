import { z } from 'zod';
import { ValidationError } from '../../pipeline/errors/eaawas-error.js';

const dimension = z.union([z.number().int().min(1), z.null()]);

/** The parts of a model card (card.json, written by models/training/train.py) the predictor uses. */
export const modelCardSchema = z
  .object({
    model: z.string().min(1),
    version: z.string().min(1),
    estimator: z.string().min(1),
    input: z.object({
      name: z.string().min(1),
      type: z.literal('float32'),
      shape: z.tuple([dimension, z.number().int().min(1)]),
      features: z.array(z.string().min(1)).min(1),
    }),
    output: z.object({
      name: z.string().min(1),
      type: z.literal('float32'),
      shape: z.tuple([dimension, z.number().int().min(1)]),
    }),
    horizons_s: z.array(z.number().int().min(1)).min(1),
    series_step_s: z.number().int().min(1),
    history_windows: z.number().int().min(1),
    normalize: z
      .object({ windows: z.number().int().min(1), offset: z.number() })
      .nullable()
      .optional(),
    output_range: z.tuple([z.number().nullable(), z.number().nullable()]),
    interval: z
      .object({
        method: z.literal('scaled_residual_quantiles'),
        coverage: z.number().gt(0).lt(1),
        scale_feature: z.string().min(1),
        scale_offset: z.number().min(0),
        lower_quantile: z.array(z.number()),
        upper_quantile: z.array(z.number()),
      })
      .passthrough()
      .nullable(),
  })
  .passthrough()
  .superRefine((card, context) => {
    const horizons = card.horizons_s.length;
    if (card.output.shape[1] !== horizons) {
      context.addIssue({
        code: 'custom',
        path: ['output', 'shape'],
        message: `must have ${horizons} columns`,
      });
    }
    if (card.input.shape[1] !== card.input.features.length) {
      context.addIssue({ code: 'custom', path: ['input', 'shape'], message: 'must match the feature count' });
    }
    if (card.interval !== null) {
      for (const key of ['lower_quantile', 'upper_quantile'] as const) {
        if (card.interval[key].length !== horizons) {
          context.addIssue({
            code: 'custom',
            path: ['interval', key],
            message: `must have ${horizons} values`,
          });
        }
      }
    }
  });

export type ModelCard = z.infer<typeof modelCardSchema>;

/** Validates a parsed card.json; throws a ValidationError naming every invalid field. */
export function parseModelCard(value: unknown, source: string): ModelCard {
  const result = modelCardSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ValidationError('MODEL_INVALID', `model card ${source} is invalid`, issues);
  }
  return result.data;
}

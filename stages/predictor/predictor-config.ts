import { z } from 'zod';

const modelName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a model folder name such as workload-cpu');

/** The `predictor` config section; defaults and their reasons are in configs/default.yaml. */
export const predictorConfigSchema = z
  .object({
    feature_spec_path: z
      .string()
      .min(1)
      .describe(
        'Path of the shared feature spec (models/features.json); relative paths start at the project root.',
      ),
    workload_model: modelName.describe('Registry name of the CPU utilization model.'),
    carbon_model: modelName
      .nullable()
      .describe('Registry name of the carbon intensity model; null publishes none.'),
    registry: z
      .object({
        local_dir: z
          .string()
          .min(1)
          .describe('Local model folder, relative to the project root unless absolute; caches S3 downloads.'),
        s3_bucket: z
          .string()
          .min(3)
          .nullable()
          .describe('S3 bucket of the registry; null serves models from local_dir.'),
        s3_prefix: z.string().describe('Key prefix of the registry in the bucket, for example models/.'),
        s3_region: z.string().min(1).describe('Region of the bucket.'),
        s3_force_path_style: z
          .boolean()
          .describe('Path-style S3 URLs (bucket in the path), as moto and MinIO need.'),
      })
      .strict(),
    poll_interval_ms: z
      .number()
      .int()
      .min(100)
      .describe('How often the registry is checked for a newly promoted version, in milliseconds.'),
    intra_op_threads: z.number().int().min(1).max(64).describe('onnxruntime threads of one inference.'),
    max_rows_per_inference: z
      .number()
      .int()
      .min(1)
      .describe(
        'Most feature rows in one onnxruntime run; larger batches are split so the event loop keeps turning.',
      ),
    max_series: z
      .number()
      .int()
      .min(1)
      .describe('Most resources and regions whose history is kept in memory.'),
  })
  .strict();

export type PredictorConfig = z.infer<typeof predictorConfigSchema>;

import { z } from 'zod';

/** Topics the archive can copy, each into its own folder (one Athena or Glue table per dataset). */
export const ARCHIVE_DATASETS = ['aggregates', 'energy', 'decisions'] as const;
export type ArchiveDataset = (typeof ARCHIVE_DATASETS)[number];

/** Settings of the S3 archive stage (`archive:` in the config). */
export const archiveConfigSchema = z
  .object({
    enabled: z.boolean().describe('Whether `eaawas run` starts the archive stage.'),
    bucket: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots or dashes',
      )
      .describe('S3 bucket the archive writes to; it must exist.'),
    prefix: z
      .string()
      .regex(/^([A-Za-z0-9!_.*'()-]+\/)*$/, 'must be empty or end with a slash, for example eaawas/')
      .describe('Key prefix of every archived object.'),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1')
      .describe('Region of the bucket.'),
    force_path_style: z
      .boolean()
      .describe('Path-style URLs (bucket in the path), which moto and MinIO need.'),
    datasets: z.array(z.enum(ARCHIVE_DATASETS)).min(1).describe('Topics to archive.'),
  })
  .strict();

export type ArchiveConfig = z.infer<typeof archiveConfigSchema>;

import { z } from 'zod';
import { replaySchema } from '../replay/replay-config.js';

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1');

const ec2CollectorSchema = z
  .object({
    enabled: z.boolean().describe('Whether the EC2 inventory collector runs in aws mode.'),
    poll_interval_s: z.number().int().min(1).describe('Seconds between DescribeInstances polls.'),
    page_size: z
      .number()
      .int()
      .min(5)
      .max(1000)
      .describe('MaxResults of one DescribeInstances page; AWS allows 5 to 1000.'),
  })
  .strict();

const eksCollectorSchema = z
  .object({
    enabled: z.boolean().describe('Whether the EKS node group collector runs in aws mode.'),
    poll_interval_s: z.number().int().min(1).describe('Seconds between ListClusters polls.'),
  })
  .strict();

const cloudWatchCollectorSchema = z
  .object({
    enabled: z.boolean().describe('Whether the CloudWatch metrics collector runs in aws mode.'),
    poll_interval_s: z.number().int().min(1).describe('Seconds between GetMetricData polls.'),
    period_s: z
      .number()
      .int()
      .min(60)
      .refine((period) => period % 60 === 0, 'must be a multiple of 60')
      .describe('Period of each datapoint in seconds; CloudWatch needs a multiple of 60 here.'),
    lookback_s: z
      .number()
      .int()
      .min(60)
      .describe('How far back each poll reads, in seconds; late datapoints inside it are still published.'),
    max_queries_per_request: z
      .number()
      .int()
      .min(1)
      .max(500)
      .describe('Metric queries in one GetMetricData request; CloudWatch allows at most 500.'),
    container_insights: z
      .boolean()
      .describe('Whether EKS node metrics are read from the ContainerInsights namespace.'),
  })
  .strict()
  .refine((cloudWatch) => cloudWatch.lookback_s >= cloudWatch.period_s, {
    message: 'lookback_s must be at least period_s',
    path: ['lookback_s'],
  });

const kinesisStreamSchema = z
  .object({
    name: z.string().min(1).max(128).describe('Kinesis data stream name.'),
    region: awsRegion.describe('Region of the stream.'),
  })
  .strict();

const kinesisSourceSchema = z
  .object({
    streams: z
      .array(kinesisStreamSchema)
      .describe('Streams to read in aws mode; none disables the Kinesis source.'),
    poll_interval_ms: z
      .number()
      .int()
      .min(200)
      .describe(
        'Wait between GetRecords rounds, in milliseconds; Kinesis allows 5 reads per shard per second.',
      ),
    max_records_per_call: z
      .number()
      .int()
      .min(1)
      .max(10000)
      .describe('Limit of one GetRecords call; at most 10000.'),
    start_position: z
      .enum(['trim_horizon', 'latest'])
      .describe(
        'Where a shard without a checkpoint starts: its oldest record or records arriving from now on.',
      ),
    shard_refresh_s: z
      .number()
      .int()
      .min(1)
      .describe('Seconds between ListShards calls that discover new shards.'),
  })
  .strict();

export const collectorsSchema = z
  .object({
    ec2: ec2CollectorSchema,
    eks: eksCollectorSchema,
    cloudwatch: cloudWatchCollectorSchema,
    kinesis: kinesisSourceSchema,
  })
  .strict();

/**
 * The `sources` config section: which input feeds the pipeline (`eaawas run --source aws|replay`)
 * and the settings of the AWS collectors and the trace replay.
 */
export const sourcesSchema = z
  .object({
    mode: z
      .enum(['aws', 'replay', 'none'])
      .describe('aws: poll AWS (regions from aws.regions); replay: replay recorded traces; none: no source.'),
    collectors: collectorsSchema,
    replay: replaySchema,
  })
  .strict();

export type SourcesConfig = z.infer<typeof sourcesSchema>;
export type CollectorsConfig = z.infer<typeof collectorsSchema>;

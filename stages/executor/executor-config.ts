import { z } from 'zod';

const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-north-1');

export const consolidationConfigSchema = z
  .object({
    enabled: z.boolean().describe('Run the periodic pass that stops or scales in idle capacity.'),
    interval_ms: z.number().int().min(1000).describe('Time between consolidation passes, in milliseconds.'),
    idle_upper_utilization_percent: z
      .number()
      .min(0)
      .max(100)
      .describe(
        'Capacity whose forecast upper bound of CPU utilization stays below this percent counts as idle.',
      ),
    scale_in_max_utilization_percent: z
      .number()
      .gt(0)
      .max(100)
      .describe(
        'A node group scales in by one node only if its forecast upper bound spread over one node fewer stays below this percent.',
      ),
    idle_passes_required: z
      .number()
      .int()
      .min(1)
      .describe('Consecutive passes a resource must be idle before it is stopped or scaled in (hysteresis).'),
    cooldown_s: z
      .number()
      .int()
      .min(0)
      .describe('Seconds after any action on a resource before consolidation may act on it again.'),
    max_actions_per_pass: z
      .number()
      .int()
      .min(0)
      .describe('Disruption budget: most stops and scale-ins in one pass.'),
  })
  .strict();

/** Settings of the executor stage (`executor:` in the config file). Defaults are in configs/default.yaml. */
export const executorConfigSchema = z
  .object({
    mode: z
      .enum(['simulate', 'dry-run', 'live'])
      .describe(
        'simulate: a simulated fleet takes the actions; dry-run: AWS calls with DryRun; live: real AWS calls.',
      ),
    image_ids: z
      .record(awsRegion, z.string().regex(/^ami-[0-9a-f]+$/, 'must be an AMI id such as ami-0abc1234'))
      .describe('AMI that RunInstances launches, per region; a launch in a region without one fails.'),
    consolidation: consolidationConfigSchema,
  })
  .strict();

export type ExecutorConfig = z.infer<typeof executorConfigSchema>;
export type ConsolidationConfig = z.infer<typeof consolidationConfigSchema>;

import { z } from 'zod';
import { awsRegion, isoInstant } from './common.js';

/** An AWS action the executor issued, its mode and its outcome (topic `eaawas.actions`, key: action id). */
export const actionSchema = z
  .object({
    action_id: z.string().min(1),
    request_id: z.string().nullable().describe('The request that caused it; null for consolidation.'),
    kind: z.enum(['run_instances', 'start_instances', 'stop_instances', 'update_nodegroup_config']),
    mode: z.enum(['simulate', 'dry-run', 'live']),
    region: awsRegion,
    target: z.string().min(1).describe('Instance id, node group id, or instance type for a launch.'),
    parameters: z.record(z.string(), z.unknown()),
    outcome: z.enum(['succeeded', 'failed', 'dry_run_ok', 'simulated']),
    error: z.string().nullable(),
    aws_request_id: z.string().nullable(),
    issued_at: isoInstant,
    completed_at: isoInstant,
  })
  .strict()
  .describe('An AWS action, its mode and its outcome.');

export type Action = z.infer<typeof actionSchema>;

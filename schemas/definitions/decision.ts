import { z } from 'zod';
import { awsRegion, finiteNumber, isoInstant, nonNegative } from './common.js';

/** Placement target of a workload: an existing instance, a node group, or a new instance of a type. */
export const placementTargetSchema = z
  .object({
    kind: z.enum(['instance', 'nodegroup', 'new_instance']),
    resource_id: z.string().nullable().describe('Instance id or node group id; null for a new instance.'),
    instance_type: z.string().min(1),
    region: awsRegion,
    availability_zone: z.string().nullable(),
  })
  .strict();

const estimates = {
  added_power_w: nonNegative.describe('Average power the workload adds, in watts, before PUE.'),
  energy_kwh: nonNegative.describe('Added energy over the duration, PUE included, in kWh.'),
  carbon_gco2e: nonNegative.describe('Operational plus embodied share, in grams CO2e.'),
  cost_usd: nonNegative,
};

export const alternativeSchema = z
  .object({
    target: placementTargetSchema,
    start_time: isoInstant,
    score: finiteNumber.describe('Lower is better.'),
    ...estimates,
    feasible: z.boolean(),
    rejected_because: z.string().nullable().describe('Why this alternative lost or was infeasible.'),
  })
  .strict();

/** One invalid field of a rejected request. */
export const invalidFieldSchema = z.object({ field: z.string(), message: z.string() }).strict();

/**
 * The one decision for a request (topic `eaawas.allocation.decisions`, compacted, key: request id).
 */
export const decisionSchema = z
  .object({
    request_id: z.string().min(1),
    status: z.enum(['placed', 'launched', 'scaled', 'deferred', 'rejected']),
    target: placementTargetSchema.nullable().describe('Null when rejected.'),
    start_time: isoInstant.nullable(),
    added_power_w: nonNegative.nullable(),
    energy_kwh: nonNegative.nullable(),
    carbon_gco2e: nonNegative.nullable(),
    cost_usd: nonNegative.nullable(),
    alternatives: z.array(alternativeSchema),
    reason: z.string().min(1).describe('Human-readable reason for the decision.'),
    invalid_fields: z
      .array(invalidFieldSchema)
      .describe('For a rejected invalid request, each invalid field.'),
    model_versions: z.record(z.string(), z.string()).describe('Model name to version used for the decision.'),
    decided_at: isoInstant,
  })
  .strict()
  .describe('The one decision for a workload request.');

export type PlacementTarget = z.infer<typeof placementTargetSchema>;
export type Alternative = z.infer<typeof alternativeSchema>;
export type Decision = z.infer<typeof decisionSchema>;

import { z } from 'zod';
import { awsRegion, resourceType } from '../../../schemas/definitions/common.js';
import { forecastSchema } from '../../../schemas/definitions/forecast.js';
import type { Energy } from '../../../schemas/definitions/energy.js';
import type { Inventory } from '../../../schemas/definitions/inventory.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const resourceSummarySchema = z
  .object({
    resource_id: z.string(),
    resource_type: resourceType.nullable(),
    region: z.string().nullable(),
    instance_type: z.string().nullable().describe('Instance type; for a node group its first type.'),
    state: z.string().nullable().describe('EC2 state or EKS node group status from the inventory.'),
    cpu_utilization_percent: z
      .number()
      .nullable()
      .describe('Mean CPU utilization of the latest energy window.'),
    power_w: z.number().nullable().describe('Power of the latest energy window, in watts before PUE.'),
    window_end: z.string().nullable().describe('End of the latest energy window.'),
    forecast: forecastSchema.nullable().describe('The newest shortest-horizon CPU forecast.'),
  })
  .strict();

const resourcePageSchema = z
  .object({
    items: z.array(resourceSummarySchema),
    total: z.number().int().describe('Resources matching the filters.'),
    offset: z.number().int(),
    limit: z.number().int(),
  })
  .strict();

const resourcesQuerySchema = z
  .object({
    region: awsRegion.optional(),
    resource_type: resourceType.optional(),
    instance_type: z.string().min(1).optional(),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .describe('Resources skipped, in resource id order; 0 when absent.'),
    limit: z.coerce.number().int().min(1).max(500).optional().describe('Page size; 50 when absent.'),
  })
  .strict();

export type ResourceSummary = z.infer<typeof resourceSummarySchema>;

function instanceTypeOf(entry: Inventory | undefined): string | null {
  if (entry === undefined) {
    return null;
  }
  return entry.resource_type === 'ec2_instance' ? entry.instance_type : (entry.instance_types[0] ?? null);
}

function stateOf(entry: Inventory | undefined, energy: Energy | undefined): string | null {
  if (entry === undefined) {
    return energy?.state ?? null;
  }
  return entry.resource_type === 'ec2_instance' ? entry.state : entry.status;
}

/** Joins inventory, the latest energy window and the latest forecast of every known resource. */
export function summarizeResources(deps: RouteDependencies): ResourceSummary[] {
  const { state } = deps;
  const ids = new Set<string>([
    ...state.inventory.all().map((entry) => entry.resource_id),
    ...state.energy.resourceIds(),
  ]);
  return [...ids].sort().map((id) => {
    const entry = state.inventory.get(id);
    const energy = state.energy.latest(id);
    const forecast =
      state.forecasts.latest(id).find((candidate) => candidate.metric === 'cpu_utilization') ?? null;
    return {
      resource_id: id,
      resource_type: entry?.resource_type ?? energy?.resource_type ?? null,
      region: entry?.region ?? energy?.region ?? null,
      instance_type: instanceTypeOf(entry) ?? energy?.instance_type ?? null,
      state: stateOf(entry, energy),
      cpu_utilization_percent: energy?.cpu_utilization_percent ?? null,
      power_w: energy?.power_w ?? null,
      window_end: energy?.window_end ?? null,
      forecast,
    };
  });
}

/** GET /resources: known resources with latest utilization, power and forecast, paged and filterable. */
export function createResourcesRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/resources',
    operationId: 'listResources',
    summary: 'Known resources with latest utilization, power and forecast',
    tag: 'fleet',
    query: resourcesQuerySchema,
    responses: {
      200: { description: 'One page of resources in resource id order.', schema: resourcePageSchema },
    },
    handle(c, { query }) {
      const matching = summarizeResources(deps).filter(
        (resource) =>
          (query.region === undefined || resource.region === query.region) &&
          (query.resource_type === undefined || resource.resource_type === query.resource_type) &&
          (query.instance_type === undefined || resource.instance_type === query.instance_type),
      );
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 50;
      return c.json(
        { items: matching.slice(offset, offset + limit), total: matching.length, offset, limit },
        200,
      );
    },
  });
}

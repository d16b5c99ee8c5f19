import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import { computeFleetTrends } from '../state/fleet-trends.js';
import type { RouteDependencies } from './route-dependencies.js';

const figuresSchema = z
  .object({
    resources: z.number().int(),
    power_w: z.number().describe("Sum of each resource's latest window power, in watts before PUE."),
    energy_wh: z.number(),
    carbon_gco2e: z.number(),
    cost_usd: z.number(),
  })
  .strict();

const regionPointSchema = z
  .object({
    window_start: z.string(),
    power_w: z.number(),
    energy_wh: z.number(),
    carbon_gco2e: z.number(),
    cost_usd: z.number(),
    intensity_g_per_kwh: z.number().nullable(),
  })
  .strict();

const fleetTrendsSchema = z
  .object({
    generated_at: z.string(),
    fleet: figuresSchema,
    regions: z.array(
      z.object({ region: z.string(), totals: figuresSchema, points: z.array(regionPointSchema) }).strict(),
    ),
    utilization: z.array(
      z
        .object({
          resource_id: z.string(),
          region: z.string(),
          points: z.array(
            z.object({ window_start: z.string(), cpu_utilization_percent: z.number() }).strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

const trendsQuerySchema = z
  .object({
    windows: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Newest window starts per series; 48 when absent.'),
  })
  .strict();

/** GET /fleet/trends: fleet totals, per-region series and per-resource utilization for the dashboard. */
export function createFleetTrendsRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/fleet/trends',
    operationId: 'getFleetTrends',
    summary: 'Fleet totals, per-region power, energy, carbon and cost series, and the utilization heatmap',
    tag: 'fleet',
    query: trendsQuerySchema,
    responses: {
      200: { description: 'Totals and series from the kept energy windows.', schema: fleetTrendsSchema },
    },
    handle(c, { query }) {
      const trends = computeFleetTrends(deps.state.energy, query.windows ?? 48);
      const toFigures = (figures: ReturnType<typeof deps.state.energy.fleet>) => ({
        resources: figures.resources,
        power_w: figures.power_w,
        energy_wh: figures.energy_wh,
        carbon_gco2e: figures.operational_gco2e + figures.embodied_gco2e,
        cost_usd: figures.cost_usd,
      });
      const regionFigures = deps.state.energy.regions();
      return c.json(
        {
          generated_at: new Date(deps.clock.now()).toISOString(),
          fleet: toFigures(deps.state.energy.fleet()),
          regions: trends.regions.map((trend) => {
            const figures = regionFigures.get(trend.region);
            return {
              region: trend.region,
              totals:
                figures === undefined
                  ? { resources: 0, power_w: 0, energy_wh: 0, carbon_gco2e: 0, cost_usd: 0 }
                  : toFigures(figures),
              points: trend.points,
            };
          }),
          utilization: trends.utilization,
        },
        200,
      );
    },
  });
}

import { z } from 'zod';
import { ValidationError } from '../../errors/eaawas-error.js';
import { carbonSchema } from '../../../schemas/definitions/carbon.js';
import { awsRegion } from '../../../schemas/definitions/common.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const sustainabilitySchema = z
  .object({
    region: z.string(),
    resources: z.number().int().describe('Resources with at least one energy window in the region.'),
    power_w: z.number().describe("Sum of each resource's latest window power, in watts before PUE."),
    energy_wh: z.number().describe('Energy of the windows read, PUE included, in watt-hours.'),
    operational_gco2e: z.number(),
    embodied_gco2e: z.number(),
    carbon_gco2e: z.number(),
    cost_usd: z.number(),
    efficiency: z
      .object({
        carbon_g_per_kwh: z
          .number()
          .nullable()
          .describe('Carbon per kWh consumed, embodied share included; null without energy.'),
        cost_usd_per_kwh: z.number().nullable(),
        mean_cpu_utilization_percent: z
          .number()
          .nullable()
          .describe("Mean of each resource's latest window utilization."),
      })
      .strict(),
    intensity_now: carbonSchema
      .nullable()
      .describe('The observed hour at or before now; null when none was read.'),
    intensity_forecast: z.array(carbonSchema).describe('Forecast hours after now, earliest first.'),
  })
  .strict();

/** GET /metrics/sustainability/{region}: a region's totals, efficiency and grid intensity. */
export function createSustainabilityRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/metrics/sustainability/{region}',
    operationId: 'getRegionSustainability',
    summary: "A region's totals, efficiency and carbon intensity now and forecast",
    tag: 'energy',
    params: z.object({ region: awsRegion }).strict(),
    responses: {
      200: { description: 'Totals, efficiency and intensity of the region.', schema: sustainabilitySchema },
      404: { description: 'Neither energy nor carbon data was read for this region.' },
    },
    handle(c, { params }) {
      const { region } = params;
      const figures = deps.state.energy.regions().get(region);
      const nowMs = deps.clock.now();
      const intensityNow = deps.state.carbon.current(region, nowMs) ?? null;
      const intensityForecast = deps.state.carbon.forecast(region, nowMs);
      if (figures === undefined && intensityNow === null && intensityForecast.length === 0) {
        throw new ValidationError(
          'NOT_FOUND',
          `No energy or carbon data for region ${region}.`,
          [{ path: 'path:region', message: 'no energy or carbon data' }],
          { context: { region } },
        );
      }
      const energyWh = figures?.energy_wh ?? 0;
      const carbon = (figures?.operational_gco2e ?? 0) + (figures?.embodied_gco2e ?? 0);
      const utilizations = deps.state.energy
        .resourceIds()
        .map((id) => deps.state.energy.latest(id))
        .filter((energy) => energy !== undefined && energy.region === region)
        .map((energy) => energy!.cpu_utilization_percent);
      return c.json(
        {
          region,
          resources: figures?.resources ?? 0,
          power_w: figures?.power_w ?? 0,
          energy_wh: energyWh,
          operational_gco2e: figures?.operational_gco2e ?? 0,
          embodied_gco2e: figures?.embodied_gco2e ?? 0,
          carbon_gco2e: carbon,
          cost_usd: figures?.cost_usd ?? 0,
          efficiency: {
            carbon_g_per_kwh: energyWh > 0 ? carbon / (energyWh / 1000) : null,
            cost_usd_per_kwh: energyWh > 0 ? (figures?.cost_usd ?? 0) / (energyWh / 1000) : null,
            mean_cpu_utilization_percent:
              utilizations.length > 0
                ? utilizations.reduce((sum, value) => sum + value, 0) / utilizations.length
                : null,
          },
          intensity_now: intensityNow,
          intensity_forecast: intensityForecast,
        },
        200,
      );
    },
  });
}

import { z } from 'zod';
import { ValidationError } from '../../errors/eaawas-error.js';
import { energySchema } from '../../../schemas/definitions/energy.js';
import { resourceId } from '../../../schemas/definitions/common.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

export const energyTotalsSchema = z
  .object({
    energy_wh: z.number().describe('Energy of the kept windows, PUE included, in watt-hours.'),
    operational_gco2e: z.number(),
    embodied_gco2e: z.number(),
    carbon_gco2e: z.number().describe('Operational plus embodied, in grams CO2e.'),
    cost_usd: z.number(),
    windows: z.number().int(),
  })
  .strict();

const energyResponseSchema = z
  .object({
    resource_id: z.string(),
    current: energySchema.describe('The latest window.'),
    recent: z.array(energySchema).describe('Recent windows, oldest first.'),
    totals: energyTotalsSchema.describe(
      'Sums over every window read since the API started, each window once.',
    ),
  })
  .strict();

const querySchema = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(10_000)
      .optional()
      .describe('Most recent windows returned; 48 when absent.'),
  })
  .strict();

/** GET /metrics/energy/{instance_id}: current and recent power, energy, carbon and cost of one resource. */
export function createEnergyRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/metrics/energy/{instance_id}',
    operationId: 'getResourceEnergy',
    summary: 'Power, energy, carbon and cost of one instance',
    tag: 'energy',
    params: z.object({ instance_id: resourceId }).strict(),
    query: querySchema,
    responses: {
      200: { description: 'Current window, recent windows and totals.', schema: energyResponseSchema },
      404: { description: 'No energy window of this resource has been read.' },
    },
    handle(c, { params, query }) {
      const current = deps.state.energy.latest(params.instance_id);
      const totals = deps.state.energy.totals(params.instance_id);
      if (current === undefined || totals === undefined) {
        throw new ValidationError(
          'NOT_FOUND',
          `No energy data for resource ${params.instance_id}; check the id with GET /resources.`,
          [{ path: 'path:instance_id', message: 'no energy data' }],
          {
            context: { resourceId: params.instance_id },
          },
        );
      }
      const recent = deps.state.energy.recent(params.instance_id).slice(-(query.limit ?? 48));
      return c.json(
        {
          resource_id: params.instance_id,
          current,
          recent,
          totals: { ...totals, carbon_gco2e: totals.operational_gco2e + totals.embodied_gco2e },
        },
        200,
      );
    },
  });
}

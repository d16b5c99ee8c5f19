import { z } from 'zod';
import { ValidationError } from '../../errors/eaawas-error.js';
import { resourceId } from '../../../schemas/definitions/common.js';
import { forecastSchema } from '../../../schemas/definitions/forecast.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const forecastsResponseSchema = z
  .object({
    resource_id: z.string(),
    latest: z
      .array(forecastSchema)
      .describe('The newest forecast of each metric and horizon, shortest horizon first.'),
    history: z
      .array(forecastSchema)
      .describe('Kept forecasts, oldest target time first, to compare with actuals.'),
  })
  .strict();

/** GET /forecasts/{resource_id}: latest forecasts of one resource and their recent history. */
export function createForecastsRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/forecasts/{resource_id}',
    operationId: 'getResourceForecasts',
    summary: 'Latest forecasts of one resource',
    tag: 'fleet',
    params: z.object({ resource_id: resourceId }).strict(),
    responses: {
      200: { description: 'Latest forecasts and their history.', schema: forecastsResponseSchema },
      404: { description: 'No forecast of this resource has been read.' },
    },
    handle(c, { params }) {
      if (!deps.state.forecasts.has(params.resource_id)) {
        throw new ValidationError(
          'NOT_FOUND',
          `No forecasts for resource ${params.resource_id}; check the id with GET /resources.`,
          [{ path: 'path:resource_id', message: 'no forecasts' }],
          {
            context: { resourceId: params.resource_id },
          },
        );
      }
      return c.json(
        {
          resource_id: params.resource_id,
          latest: deps.state.forecasts.latest(params.resource_id),
          history: deps.state.forecasts.history(params.resource_id),
        },
        200,
      );
    },
  });
}

import { z } from 'zod';
import { ValidationError } from '../../errors/eaawas-error.js';
import { decisionSchema } from '../../../schemas/definitions/decision.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

export const requestIdParamsSchema = z
  .object({
    request_id: z
      .string()
      .regex(
        /^[A-Za-z0-9._:-]{1,128}$/,
        'must be 1 to 128 letters, digits, dots, underscores, colons or dashes',
      ),
  })
  .strict();

/** GET /allocations/{request_id}: the decision of one request. */
export function createAllocationRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/allocations/{request_id}',
    operationId: 'getAllocation',
    summary: 'The decision of one workload request',
    tag: 'allocation',
    params: requestIdParamsSchema,
    responses: {
      200: { description: 'The decision.', schema: decisionSchema },
      404: { description: 'No decision for this request id yet, or the id is unknown.' },
    },
    handle(c, { params }) {
      const decision = deps.state.decisions.get(params.request_id);
      if (decision === undefined) {
        throw new ValidationError(
          'NOT_FOUND',
          `No decision for request ${params.request_id} yet; poll again later.`,
          [{ path: 'path:request_id', message: 'no decision yet' }],
          {
            context: { requestId: params.request_id },
          },
        );
      }
      return c.json(decision, 200);
    },
  });
}

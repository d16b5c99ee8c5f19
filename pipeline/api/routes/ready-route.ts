import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const readinessSchema = z
  .object({
    ready: z.boolean(),
    transport_connected: z.boolean(),
    state_caught_up: z.boolean().describe('True once every materialized topic was read to its end offsets.'),
    reason: z.string().nullable(),
  })
  .strict();

/** GET /ready: 200 once the transport is connected and the state has caught up, else 503. */
export function createReadyRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/ready',
    operationId: 'getReadiness',
    summary: 'Readiness: transport connected and state caught up',
    tag: 'operations',
    public: true,
    responses: {
      200: { description: 'Ready to serve current state.', schema: readinessSchema },
      503: { description: 'Not ready yet; `reason` gives the cause.', schema: readinessSchema },
    },
    handle(c) {
      const readiness = deps.readiness();
      return c.json(readiness, readiness.ready ? 200 : 503);
    },
  });
}

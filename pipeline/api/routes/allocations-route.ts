import { z } from 'zod';
import { decisionSchema } from '../../../schemas/definitions/decision.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const listQuerySchema = z
  .object({
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(500)
      .optional()
      .describe('Most decisions returned; 50 when absent.'),
    status: decisionSchema.shape.status.optional().describe('Only decisions with this status.'),
  })
  .strict();

export const decisionListSchema = z.object({ items: z.array(decisionSchema) }).strict();

/** GET /allocations: the most recently received decisions, newest first, for the dashboard. */
export function createAllocationsRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/allocations',
    operationId: 'listAllocations',
    summary: 'Recent decisions, newest first',
    tag: 'allocation',
    query: listQuerySchema,
    responses: { 200: { description: 'Recent decisions.', schema: decisionListSchema } },
    handle(c, { query }) {
      const limit = query.limit ?? 50;
      const recent = deps.state.decisions.recent(deps.config.state.recent_decisions);
      const items = recent
        .filter((decision) => query.status === undefined || decision.status === query.status)
        .slice(0, limit);
      return c.json({ items }, 200);
    },
  });
}

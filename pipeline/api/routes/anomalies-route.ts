import { z } from 'zod';
import { anomalySchema } from '../../../schemas/definitions/anomaly.js';
import { awsRegion, isoInstant, metricName, resourceId } from '../../../schemas/definitions/common.js';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

const anomaliesQuerySchema = z
  .object({
    resource_id: resourceId.optional(),
    region: awsRegion.optional(),
    metric: metricName.optional(),
    severity: anomalySchema.shape.severity.optional(),
    since: isoInstant.optional().describe('Only anomalies whose window ends at or after this instant.'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .describe('Most anomalies returned; 100 when absent.'),
  })
  .strict();

const anomalyListSchema = z
  .object({ items: z.array(anomalySchema).describe('Newest window first.') })
  .strict();

/** GET /anomalies: recent anomalies, newest first, filterable. */
export function createAnomaliesRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/anomalies',
    operationId: 'listAnomalies',
    summary: 'Recent anomalies, filterable',
    tag: 'fleet',
    query: anomaliesQuerySchema,
    responses: {
      200: { description: 'Matching anomalies, newest window first.', schema: anomalyListSchema },
    },
    handle(c, { query }) {
      const items = deps.state.anomalies.query({
        resourceId: query.resource_id,
        region: query.region,
        metric: query.metric,
        severity: query.severity,
        sinceMs: query.since === undefined ? undefined : Date.parse(query.since),
        limit: query.limit ?? 100,
      });
      return c.json({ items }, 200);
    },
  });
}

import { defineRoute, type RouteSpec } from '../http/route-spec.js';
import type { RouteDependencies } from './route-dependencies.js';

/** GET /metrics: the Prometheus exposition of the process registry. */
export function createMetricsRoute(deps: RouteDependencies): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/metrics',
    operationId: 'getMetrics',
    summary: 'Prometheus exposition, metric names prefixed eaawas_',
    tag: 'operations',
    public: true,
    responses: { 200: { description: 'Prometheus text format 0.0.4.', contentType: 'text/plain' } },
    async handle(c) {
      const exposition = await deps.registry.metrics();
      return c.body(exposition, 200, { 'Content-Type': deps.registry.contentType });
    },
  });
}

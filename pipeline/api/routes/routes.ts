import type { RouteSpec } from '../http/route-spec.js';
import { createAllocateRoute } from './allocate-route.js';
import { createAllocationRoute } from './allocation-route.js';
import { createAllocationsRoute } from './allocations-route.js';
import { createAnomaliesRoute } from './anomalies-route.js';
import { createDashboardRoutes, findWebRoot } from './dashboard-routes.js';
import { createEnergyRoute } from './energy-route.js';
import { createFleetTrendsRoute } from './fleet-trends-route.js';
import { createForecastsRoute } from './forecasts-route.js';
import { createHealthRoute } from './health-route.js';
import { createMetricsRoute } from './metrics-route.js';
import { createOpenApiRoute } from './openapi-route.js';
import { createReadyRoute } from './ready-route.js';
import { createResourcesRoute } from './resources-route.js';
import type { RouteDependencies } from './route-dependencies.js';
import { createSustainabilityRoute } from './sustainability-route.js';

/** Creates every route of the API, in the order the OpenAPI document lists them. */
export function createRoutes(
  deps: RouteDependencies,
  openApiDocument: () => Record<string, unknown>,
): RouteSpec[] {
  return [
    createAllocateRoute(deps),
    createAllocationsRoute(deps),
    createAllocationRoute(deps),
    createEnergyRoute(deps),
    createSustainabilityRoute(deps),
    createResourcesRoute(deps),
    createFleetTrendsRoute(deps),
    createForecastsRoute(deps),
    createAnomaliesRoute(deps),
    createHealthRoute(),
    createReadyRoute(deps),
    createMetricsRoute(deps),
    createOpenApiRoute(openApiDocument),
    ...createDashboardRoutes(findWebRoot()),
  ];
}

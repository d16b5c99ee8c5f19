import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route-spec.js';

/** GET /openapi.json: the OpenAPI document built from every route's declaration. */
export function createOpenApiRoute(document: () => Record<string, unknown>): RouteSpec {
  return defineRoute({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'The OpenAPI document of this API',
    tag: 'operations',
    responses: { 200: { description: 'OpenAPI 3.1 document.', schema: z.record(z.string(), z.unknown()) } },
    handle(c) {
      return c.json(document(), 200);
    },
  });
}

import type { Context } from 'hono';
import type { ZodType } from 'zod';
import type { ApiEnv } from './api-env.js';

/** One documented response of a route. */
export interface ResponseSpec {
  description: string;
  /** JSON body schema; absent for a body that is not JSON (the exposition, the dashboard). */
  schema?: ZodType;
  /** Media type when the body is not JSON. */
  contentType?: string;
}

/** A route's validated input, typed by its schemas. */
export interface RouteInput<Params, Query, Body> {
  params: Params;
  query: Query;
  body: Body;
}

/**
 * A route: its method, path, input schemas, documented responses and handler. The validator
 * middleware, the authentication and rate limit, and the OpenAPI document are all derived from
 * this one declaration, so the document cannot drift from what the API accepts.
 */
export interface RouteSpec<Params = unknown, Query = unknown, Body = unknown> {
  method: 'get' | 'post';
  /** OpenAPI path template, for example /allocations/{request_id}. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** True for routes open without an API key and outside the rate limit (health, readiness, metrics). */
  public?: boolean;
  /** Leave the route out of the OpenAPI document (the dashboard's static assets). */
  hidden?: boolean;
  params?: ZodType<Params>;
  query?: ZodType<Query>;
  body?: ZodType<Body>;
  responses: Record<number, ResponseSpec>;
  // A method, not a property, so a route typed with its own input stays assignable to RouteSpec.
  handle(c: Context<ApiEnv>, input: RouteInput<Params, Query, Body>): Response | Promise<Response>;
}

/** Declares a route with its input types inferred from its schemas. */
export function defineRoute<Params = undefined, Query = undefined, Body = undefined>(
  spec: RouteSpec<Params, Query, Body>,
): RouteSpec {
  return spec;
}

/** Converts an OpenAPI path template (`/a/{id}`) to Hono's pattern (`/a/:id`). */
export function toHonoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

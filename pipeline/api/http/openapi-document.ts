import { z, type ZodType } from 'zod';
import { errorBodySchema } from './error-body.js';
import type { RouteSpec } from './route-spec.js';

type JsonObject = Record<string, unknown>;

function toJsonSchema(schema: ZodType, io: 'input' | 'output'): JsonObject {
  const converted = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonObject;
  delete converted.$schema;
  return converted;
}

/** One OpenAPI parameter per property of a path or query object schema. */
function parametersOf(schema: ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (schema === undefined) {
    return [];
  }
  const converted = toJsonSchema(schema, 'input');
  const properties = (converted.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((converted.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}

function responsesOf(route: RouteSpec): JsonObject {
  const responses: JsonObject = {};
  for (const [status, response] of Object.entries(route.responses)) {
    let content: JsonObject | undefined;
    if (response.schema !== undefined) {
      content = { 'application/json': { schema: toJsonSchema(response.schema, 'output') } };
    } else if (response.contentType !== undefined) {
      content = { [response.contentType]: { schema: { type: 'string' } } };
    }
    responses[status] = { description: response.description, ...(content === undefined ? {} : { content }) };
  }
  responses.default = {
    description:
      'An error: invalid input (400, 413, 415), missing or invalid API key (401), rate limit (429), or a server error.',
    content: { 'application/json': { schema: toJsonSchema(errorBodySchema, 'output') } },
  };
  return responses;
}

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  /** True when API keys are configured; protected operations then declare the bearer scheme. */
  authRequired: boolean;
}

/** Builds the OpenAPI 3.1 document from the route declarations. */
export function buildOpenApiDocument(routes: readonly RouteSpec[], info: OpenApiInfo): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const route of routes) {
    if (route.hidden === true) {
      continue;
    }
    const operation: JsonObject = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.description === undefined ? {} : { description: route.description }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      responses: responsesOf(route),
      security: route.public === true || !info.authRequired ? [] : [{ apiKey: [] }],
    };
    if (route.body !== undefined) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toJsonSchema(route.body, 'input') } },
      };
    }
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    paths,
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key whose SHA-256 is listed in api.api_key_sha256.',
        },
      },
    },
  };
}

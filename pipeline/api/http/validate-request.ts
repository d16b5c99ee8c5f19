import type { MiddlewareHandler } from 'hono';
import type { z, ZodType } from 'zod';
import { ValidationError, type FieldIssue } from '../../errors/eaawas-error.js';
import type { ApiEnv } from './api-env.js';
import type { FieldLocation } from './error-body.js';
import type { RouteSpec } from './route-spec.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Turns zod issues into field issues whose path starts with the location (`body:memory_request`),
 * which the error mapper splits into `field` and `location`. An unknown key becomes one issue per
 * key, named by the key itself.
 */
export function toFieldIssues(issues: readonly z.core.$ZodIssue[], location: FieldLocation): FieldIssue[] {
  const result: FieldIssue[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        result.push({
          path: `${location}:${[...base, key].join('.')}`,
          message: 'unknown field; check its spelling or remove it',
        });
      }
      continue;
    }
    const field = base.length === 0 ? `(${location})` : base.join('.');
    result.push({ path: `${location}:${field}`, message: issue.message });
  }
  return result;
}

function check(
  schema: ZodType | undefined,
  value: unknown,
  location: FieldLocation,
  issues: FieldIssue[],
): unknown {
  if (schema === undefined) {
    return undefined;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    issues.push(...toFieldIssues(result.error.issues, location));
    return undefined;
  }
  return result.data;
}

/** Reads and parses a JSON body; rejects a missing or non-JSON Content-Type with 415, bad JSON with 400. */
async function readJsonBody(
  contentType: string | undefined,
  readText: () => Promise<string>,
): Promise<unknown> {
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType)) {
    const received =
      contentType === undefined ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType)}`;
    throw new ValidationError(
      'UNSUPPORTED_MEDIA_TYPE',
      `The body must be JSON with Content-Type: application/json; received ${received}.`,
      [{ path: 'header:content-type', message: 'must be application/json' }],
    );
  }
  const text = await readText();
  if (text.trim() === '') {
    throw new ValidationError('REQUEST_INVALID', 'The request body is empty; send a JSON object.', [
      { path: 'body:(body)', message: 'missing; send a JSON object' },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unparseable';
    throw new ValidationError('REQUEST_INVALID', `The request body is not valid JSON: ${reason}.`, [
      { path: 'body:(body)', message: `invalid JSON: ${reason}` },
    ]);
  }
}

/**
 * Validator middleware of one route: checks path parameters, query and body against the route's
 * schemas, reports every invalid field at once (400), and stores the parsed input on the context.
 * A body is never completed from defaults: what the client sent is what the schema checks.
 */
export function validateRequest(spec: RouteSpec): MiddlewareHandler<ApiEnv> {
  return async function validateInput(c, next) {
    const issues: FieldIssue[] = [];
    const params = check(spec.params, c.req.param(), 'path', issues);
    const query = check(spec.query, c.req.query(), 'query', issues);
    let body: unknown;
    if (spec.body !== undefined) {
      const raw = await readJsonBody(c.req.header('content-type'), () => c.req.text());
      body = check(spec.body, raw, 'body', issues);
    }
    if (issues.length > 0) {
      const names = issues.map((issue) => issue.path.slice(issue.path.indexOf(':') + 1));
      throw new ValidationError(
        'REQUEST_INVALID',
        `Invalid request: ${[...new Set(names)].join(', ')}.`,
        issues,
      );
    }
    c.set('input', { params, query, body });
    await next();
  };
}

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { EaawasError, ValidationError } from '../../errors/eaawas-error.js';
import type { ErrorCode } from '../../errors/error-codes.js';
import type { ApiEnv } from './api-env.js';
import type { ErrorBody, ErrorField, FieldLocation } from './error-body.js';

/** HTTP status of each error code the API returns. Any other code is a 500. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, ContentfulStatusCode>> = {
  REQUEST_INVALID: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  NOT_READY: 503,
  TRANSPORT_UNAVAILABLE: 503,
  TRANSPORT_TIMEOUT: 503,
};

interface MappedError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Reads the field location that request validation stores in each issue's path prefix. */
function toErrorField(path: string, message: string): ErrorField {
  const separator = path.indexOf(':');
  const prefix = separator > 0 ? path.slice(0, separator) : '';
  const locations: readonly string[] = ['body', 'query', 'path', 'header'];
  if (locations.includes(prefix)) {
    return { field: path.slice(separator + 1), location: prefix as FieldLocation, message };
  }
  return { field: path, location: 'body', message };
}

/**
 * Maps an error to the response. Known EAAWAS errors keep their code and message, and an
 * HTTPException from a Hono middleware keeps its 4xx status. Anything else becomes a 500 whose body
 * omits the cause. Only the 500 is logged, with its stack, at error level.
 */
export function mapError(error: unknown, requestId: string, logger: Logger): MappedError {
  if (error instanceof EaawasError) {
    const status = STATUS_BY_CODE[error.code];
    if (status !== undefined) {
      const fields =
        error instanceof ValidationError
          ? error.issues.map((issue) => toErrorField(issue.path, issue.message))
          : [];
      const headers: Record<string, string> = {};
      if (error.code === 'UNAUTHORIZED') {
        headers['WWW-Authenticate'] = 'Bearer';
      }
      const retryAfterS = error.context.retryAfterS;
      if (typeof retryAfterS === 'number') {
        headers['Retry-After'] = String(retryAfterS);
      }
      if (status >= 500) {
        logger.warn({ err: error, requestId, code: error.code }, 'api request failed: service unavailable');
      }
      return {
        status,
        headers,
        body: { error: { code: error.code, message: error.message, fields, request_id: requestId } },
      };
    }
  }
  if (error instanceof HTTPException && error.status < 500) {
    const code: ErrorCode = error.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'REQUEST_INVALID';
    return {
      status: error.status,
      headers: {},
      body: {
        error: { code, message: error.message || 'Invalid request.', fields: [], request_id: requestId },
      },
    };
  }
  logger.error({ err: error, requestId }, 'api request failed with an unexpected error');
  return {
    status: 500,
    headers: {},
    body: {
      error: {
        code: 'INTERNAL',
        message: `Internal error. The server log has the details under request id ${requestId}.`,
        fields: [],
        request_id: requestId,
      },
    },
  };
}

/** Hono's onError handler: the one place that turns errors into responses. */
export function createErrorHandler(logger: Logger) {
  return function handleError(error: Error, c: Context<ApiEnv>): Response {
    const mapped = mapError(error, c.get('requestId') ?? 'unknown', logger);
    return c.json(mapped.body, mapped.status, mapped.headers);
  };
}

/** Responds to unknown routes with the same JSON error body. */
export function handleNotFound(c: Context<ApiEnv>): Response {
  const body: ErrorBody = {
    error: {
      code: 'NOT_FOUND',
      message: `No route ${c.req.method} ${c.req.path}; GET /openapi.json lists the routes.`,
      fields: [],
      request_id: c.get('requestId') ?? 'unknown',
    },
  };
  return c.json(body, 404);
}

import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { EaawasError } from '../../errors/eaawas-error.js';
import type { ApiConfig } from '../api-config-schema.js';
import type { ApiEnv } from './api-env.js';
import type { ApiMetrics } from './api-metrics.js';
import { createAccessControl } from './access-control.js';
import { createErrorHandler, handleNotFound } from './error-mapper.js';
import { createRequestMetrics } from './request-metrics.js';
import { toHonoPath, type RouteSpec } from './route-spec.js';
import { createTokenBucketLimiter } from './token-bucket.js';
import { validateRequest } from './validate-request.js';
import type { Clock } from '../../runner/clock.js';

export interface CreateAppOptions {
  config: ApiConfig;
  routes: readonly RouteSpec[];
  logger: Logger;
  metrics: ApiMetrics;
  clock: Clock;
}

/**
 * Builds the Hono app. Every request passes the request id, metrics and CORS middleware. Each
 * non-public route then passes the rate limit and authentication, and a route with a body passes
 * the body limit. Every route runs its validator before its handler. Errors from any step reach
 * the one error mapper.
 */
export function createApp(options: CreateAppOptions): Hono<ApiEnv> {
  const { config, logger, metrics } = options;
  const app = new Hono<ApiEnv>();
  app.onError(createErrorHandler(logger));
  app.notFound(handleNotFound);

  app.use('*', requestId());
  app.use('*', createRequestMetrics(metrics, logger));
  if (config.cors_origins.length > 0) {
    const origins = config.cors_origins;
    app.use(
      '*',
      cors({
        origin: origins.includes('*') ? '*' : [...origins],
        allowHeaders: ['Authorization', 'Content-Type'],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        exposeHeaders: ['Retry-After', 'Location', 'X-Request-Id'],
        maxAge: 600,
      }),
    );
  }

  const accessControl = createAccessControl({
    apiKeyHashes: config.api_key_sha256,
    limiter: createTokenBucketLimiter({
      ratePerSecond: config.rate_limit.requests_per_second,
      burst: config.rate_limit.burst,
      maxClients: config.rate_limit.max_clients,
    }),
    clock: options.clock,
    metrics,
  });
  const limitBody = bodyLimit({
    maxSize: config.max_body_bytes,
    onError() {
      throw new EaawasError(
        'PAYLOAD_TOO_LARGE',
        `The request body exceeds ${config.max_body_bytes} bytes (api.max_body_bytes).`,
      );
    },
  });

  for (const route of options.routes) {
    const chain: MiddlewareHandler<ApiEnv>[] = [labelRoute(route.path)];
    if (route.public !== true) {
      chain.push(accessControl);
    }
    if (route.body !== undefined) {
      chain.push(limitBody);
    }
    chain.push(validateRequest(route));
    chain.push(async function handleRoute(c) {
      return route.handle(c, c.get('input'));
    });
    app.on(route.method.toUpperCase(), [toHonoPath(route.path)], ...chain);
  }
  return app;
}

function labelRoute(path: string): MiddlewareHandler<ApiEnv> {
  return async function setRouteLabel(c, next) {
    c.set('routeLabel', path);
    await next();
  };
}

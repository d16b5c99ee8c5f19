import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ApiEnv } from './api-env.js';
import type { ApiMetrics } from './api-metrics.js';

/**
 * Counts every request and observes its duration in seconds, labelled by method, route pattern
 * (never the concrete path, which would carry ids) and status code.
 */
export function createRequestMetrics(metrics: ApiMetrics, logger: Logger): MiddlewareHandler<ApiEnv> {
  return async function measureRequest(c, next) {
    const startedAt = performance.now();
    await next();
    const durationS = (performance.now() - startedAt) / 1000;
    const labels = {
      method: c.req.method,
      route: c.get('routeLabel') ?? 'unmatched',
      status: String(c.res.status),
    };
    metrics.requests.inc(labels);
    metrics.requestDuration.observe(labels, durationS);
    logger.debug({ ...labels, durationS, requestId: c.get('requestId') }, 'api request');
  };
}

import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { EaawasError, ValidationError } from '../../errors/eaawas-error.js';
import type { Clock } from '../../runner/clock.js';
import type { ApiEnv } from './api-env.js';
import { bearerKey, matchApiKey } from './api-key.js';
import type { ApiMetrics } from './api-metrics.js';
import type { TokenBucketLimiter } from './token-bucket.js';

export interface AccessControlOptions {
  /** SHA-256 hex digests of accepted keys; empty turns authentication off. */
  apiKeyHashes: readonly string[];
  limiter: TokenBucketLimiter;
  clock: Clock;
  metrics: ApiMetrics;
}

function clientAddress(c: Context<ApiEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made through app.request() in tests have no socket.
    return 'unknown';
  }
}

/**
 * Rate limit, then authentication, for every route that is not public. The bucket is the API
 * key's when the request carries a configured key and the client's IP address otherwise, so
 * guessing keys spends the guesser's IP bucket. A rejected request gets 429 with Retry-After in
 * whole seconds, or 401 naming the Authorization header.
 */
export function createAccessControl(options: AccessControlOptions): MiddlewareHandler<ApiEnv> {
  const authRequired = options.apiKeyHashes.length > 0;

  return async function controlAccess(c, next) {
    const presented = bearerKey(c.req.header('authorization'));
    const matched =
      presented === undefined || !authRequired ? undefined : matchApiKey(presented, options.apiKeyHashes);
    const clientId = matched === undefined ? `ip:${clientAddress(c)}` : `key:${matched.slice(0, 16)}`;
    c.set('clientId', clientId);
    c.set('authenticated', matched !== undefined);

    const taken = options.limiter.take(clientId, options.clock.now());
    if (!taken.allowed) {
      options.metrics.rateLimited.inc();
      const retryAfterS = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new EaawasError('RATE_LIMITED', `Too many requests; retry after ${retryAfterS} s.`, {
        retriable: true,
        context: { retryAfterS },
      });
    }

    if (authRequired && matched === undefined) {
      const hasHeader = c.req.header('authorization') !== undefined;
      const message = hasHeader
        ? 'Invalid API key; send a configured key as Authorization: Bearer <key>.'
        : 'Missing API key; send Authorization: Bearer <key>.';
      throw new ValidationError('UNAUTHORIZED', message, [
        { path: 'header:authorization', message: hasHeader ? 'invalid API key' : 'missing' },
      ]);
    }
    await next();
  };
}

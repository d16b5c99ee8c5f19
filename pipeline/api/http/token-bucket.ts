/** Result of taking a token: allowed, or rejected with the wait until the next token. */
export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

export interface TokenBucketOptions {
  /** Tokens added per second to each bucket. */
  ratePerSecond: number;
  /** Bucket capacity; a new client starts with a full bucket. */
  burst: number;
  /** Most buckets kept; the least recently used one is dropped past this. */
  maxClients: number;
}

/**
 * Token-bucket rate limiter with one bucket per client id. Buckets refill continuously at
 * `ratePerSecond` up to `burst`. A dropped bucket starts full again, so `maxClients` must exceed
 * the number of clients active at once for the limit to hold.
 */
export interface TokenBucketLimiter {
  take(clientId: string, nowMs: number): TakeResult;
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export function createTokenBucketLimiter(options: TokenBucketOptions): TokenBucketLimiter {
  // Map iteration order is insertion order; re-inserting on every use keeps it least recent first.
  const buckets = new Map<string, Bucket>();

  function take(clientId: string, nowMs: number): TakeResult {
    const bucket = buckets.get(clientId) ?? { tokens: options.burst, updatedMs: nowMs };
    buckets.delete(clientId);
    buckets.set(clientId, bucket);
    const elapsedS = Math.max(0, nowMs - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(options.burst, bucket.tokens + elapsedS * options.ratePerSecond);
    bucket.updatedMs = nowMs;
    if (buckets.size > options.maxClients) {
      const leastRecent = buckets.keys().next();
      if (!leastRecent.done) {
        buckets.delete(leastRecent.value);
      }
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterMs = Math.ceil(((1 - bucket.tokens) / options.ratePerSecond) * 1000);
    return { allowed: false, retryAfterMs };
  }

  return { take, size: () => buckets.size };
}

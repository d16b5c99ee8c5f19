import { createTokenBucketLimiter } from '../../../pipeline/api/http/token-bucket.js';

describe('token bucket limiter', () => {
  test('new client gets full burst', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 1, burst: 3, maxClients: 10 });
    const results = [0, 0, 0, 0].map(() => limiter.take('a', 1000).allowed);
    expect(results).toEqual([true, true, true, false]);
  });

  test('empty bucket reports wait for next token', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 2, burst: 1, maxClients: 10 });
    expect(limiter.take('a', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 100)).toEqual({ allowed: false, retryAfterMs: 400 });
  });

  test('bucket refills at the rate', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 2, burst: 2, maxClients: 10 });
    limiter.take('a', 0);
    limiter.take('a', 0);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('a', 500).allowed).toBe(true);
    expect(limiter.take('a', 500).allowed).toBe(false);
  });

  test('refill never exceeds burst', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 10, burst: 2, maxClients: 10 });
    limiter.take('a', 0);
    const results = [0, 0, 0].map(() => limiter.take('a', 60_000).allowed);
    expect(results).toEqual([true, true, false]);
  });

  test('clients have separate buckets', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 1, burst: 1, maxClients: 10 });
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('a', 0).allowed).toBe(false);
    expect(limiter.take('b', 0).allowed).toBe(true);
  });

  test('least recent bucket dropped past max clients', () => {
    const limiter = createTokenBucketLimiter({ ratePerSecond: 1, burst: 1, maxClients: 2 });
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 0);
    expect(limiter.size()).toBe(2);
    // 'a' was dropped, so it starts with a full bucket again; 'c' is still empty.
    expect(limiter.take('a', 0).allowed).toBe(true);
    expect(limiter.take('c', 0).allowed).toBe(false);
  });
});

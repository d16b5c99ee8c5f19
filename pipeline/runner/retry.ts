import { setTimeout as delay } from 'node:timers/promises';
import { isRetriable } from '../errors/eaawas-error.js';

export interface RetryPolicy {
  initial_delay_ms: number;
  max_delay_ms: number;
  /** Attempts in all, including the first. */
  max_attempts: number;
}

/**
 * Delay before retry number `retry` (1 for the first retry), in milliseconds: exponential backoff
 * from `initial_delay_ms`, capped at `max_delay_ms`, with full jitter so that many stages failing
 * together do not retry in step. `random` returns a number in [0, 1).
 */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = policy.initial_delay_ms * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.max_delay_ms, exponential);
  return Math.round(capped * random());
}

export interface RetryOptions {
  policy: RetryPolicy;
  /** Called before each wait with the error that caused it. */
  onRetry?(error: unknown, retry: number, delayMs: number): void;
  /** Aborting ends the wait early and rethrows the last error. */
  signal?: AbortSignal;
  random?: () => number;
}

/**
 * Runs `operation` and retries it while it fails with a retriable error (see isRetriable), up to
 * `policy.max_attempts` attempts in all. A non-retriable error is rethrown at once.
 * @throws the last error when the attempts run out, the error is not retriable or `signal` aborts
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!isRetriable(error) || attempt >= options.policy.max_attempts || options.signal?.aborted === true) {
        throw error;
      }
      const wait = retryDelayMs(attempt, options.policy, options.random);
      options.onRetry?.(error, attempt, wait);
      try {
        await delay(wait, undefined, options.signal === undefined ? undefined : { signal: options.signal });
      } catch {
        throw error;
      }
    }
  }
}

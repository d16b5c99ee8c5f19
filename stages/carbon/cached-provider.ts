import type { Clock } from '../../pipeline/runner/clock.js';
import type { CarbonIntensityProvider, ProviderReading } from './carbon-provider.js';

export interface CachedProviderOptions {
  /** How long a zone's reading is reused, in milliseconds. */
  cacheTtlMs: number;
  /** Minimum time between two requests to the provider, in milliseconds. */
  minRequestIntervalMs: number;
  clock: Clock;
  /** Waits a number of milliseconds; injectable so tests need not sleep. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Wraps a provider with a per-zone cache and a rate limit. Readings, including null, are reused for
 * `cacheTtlMs`, but errors are not cached. Requests are serialized and spaced at least
 * `minRequestIntervalMs` apart, which keeps the client inside a provider's per-second quota.
 */
export function createCachedProvider(
  inner: CarbonIntensityProvider,
  options: CachedProviderOptions,
): CarbonIntensityProvider {
  const cache = new Map<string, { at: number; reading: ProviderReading | null }>();
  let lastRequestAt = Number.NEGATIVE_INFINITY;
  let queue: Promise<unknown> = Promise.resolve();

  async function fetchSpaced(zone: string, signal?: AbortSignal): Promise<ProviderReading | null> {
    const wait = lastRequestAt + options.minRequestIntervalMs - options.clock.now();
    if (wait > 0) {
      await options.sleep(wait, signal);
    }
    lastRequestAt = options.clock.now();
    const reading = await inner.latest(zone, signal);
    cache.set(zone, { at: options.clock.now(), reading });
    return reading;
  }

  return {
    latest(zone, signal) {
      const cached = cache.get(zone);
      if (cached !== undefined && options.clock.now() - cached.at < options.cacheTtlMs) {
        return Promise.resolve(cached.reading);
      }
      const result = queue.then(() => {
        const fresh = cache.get(zone);
        if (fresh !== undefined && options.clock.now() - fresh.at < options.cacheTtlMs) {
          return fresh.reading;
        }
        return fetchSpaced(zone, signal);
      });
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

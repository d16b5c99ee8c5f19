import { setTimeout as delay } from 'node:timers/promises';
import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import type { SourceDefinition, SourceInstance } from '../../pipeline/runner/source.js';
import type { StageContext, StageOutput } from '../../pipeline/runner/stage.js';
import type { Carbon } from '../../schemas/definitions/carbon.js';
import { parseAnnualAverages } from './annual-intensity.js';
import { ANNUAL_INTENSITY_FILE, loadRegionZones } from './carbon-data.js';
import { createCachedProvider } from './cached-provider.js';
import type { CarbonIntensityProvider } from './carbon-provider.js';
import { createElectricityMapsProvider } from './electricity-maps-provider.js';
import { providerCarbonMessage, repeatsLast } from './provider-messages.js';
import { readDataCsv, resolveDataDirectory } from '../energy/data/data-files.js';

export const CARBON_PROVIDER_SOURCE_NAME = 'carbon-provider';

function pollCounter(registry: Registry): Counter<'outcome'> {
  const name = METRIC_NAMES.carbonProviderPolls;
  return (
    (registry.getSingleMetric(name) as Counter<'outcome'> | undefined) ??
    new Counter({
      name,
      help: 'Provider lookups per region by outcome: reading, no_reading (annual average published) or failed.',
      labelNames: ['outcome'],
      registers: [registry],
    })
  );
}

/** Sleeps unless aborted; resolves early, without throwing, on abort. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal === undefined ? undefined : { signal }).catch(() => undefined);
}

/**
 * Polls a carbon-intensity provider for each region's grid zone and publishes `eaawas.carbon`
 * messages. A zone without a current figure gets the region's annual average, marked as a
 * fallback. A failed request publishes nothing for that region, and the next poll tries again.
 * Repeats of the last message of a region are not published again.
 */
export const carbonProviderSource: SourceDefinition = {
  name: CARBON_PROVIDER_SOURCE_NAME,
  outputs: (topics) => [topics.carbon],
  enabled: (config) => config.carbon_provider.enabled,
  create: (context) => Promise.resolve(createCarbonProviderSource(context)),
};

/**
 * Creates the source. `provider` replaces the configured HTTP client, for tests and for other
 * provider dialects.
 */
export function createCarbonProviderSource(
  context: StageContext,
  provider?: CarbonIntensityProvider,
): SourceInstance {
  const { config, topics, logger, clock } = context;
  const settings = config.carbon_provider;
  const dataDirectory = resolveDataDirectory(config.energy.data_dir);
  const annual = parseAnnualAverages(readDataCsv(dataDirectory, ANNUAL_INTENSITY_FILE));
  const mapping = loadRegionZones(dataDirectory);
  const regions = settings.regions.length > 0 ? settings.regions : config.aws.regions;
  const polls = pollCounter(context.registry);
  const inner =
    provider ??
    createElectricityMapsProvider({
      baseUrl: settings.base_url ?? '',
      apiKey: settings.api_key,
      emissionFactorType: settings.emission_factor_type,
      requestTimeoutMs: settings.request_timeout_ms,
    });
  const cached = createCachedProvider(inner, {
    cacheTtlMs: settings.cache_ttl_s * 1000,
    minRequestIntervalMs: settings.min_request_interval_ms,
    clock,
    sleep,
  });
  const lastPublished = new Map<string, Carbon>();

  async function pollRegion(region: string, signal: AbortSignal): Promise<Carbon | null> {
    const zone = settings.zones[region] ?? mapping.get(region)?.zone ?? '';
    const annualAverage = annual.byRegion.get(region) ?? annual.unknownRegion;
    try {
      const reading = zone === '' ? null : await cached.latest(zone, signal);
      polls.inc({ outcome: reading === null ? 'no_reading' : 'reading' });
      return providerCarbonMessage(region, zone, reading, clock.now(), annualAverage);
    } catch (error) {
      polls.inc({ outcome: 'failed' });
      logger.warn({ err: error, region, zone }, 'carbon-intensity lookup failed; retrying at the next poll');
      return null;
    }
  }

  return {
    async run(publish, signal) {
      logger.info({ regions, poll_interval_s: settings.poll_interval_s }, 'carbon provider source started');
      while (!signal.aborted) {
        const outputs: StageOutput[] = [];
        for (const region of regions) {
          const message = await pollRegion(region, signal);
          if (message !== null && !repeatsLast(lastPublished.get(region), message)) {
            outputs.push({
              topic: topics.carbon,
              key: region,
              value: message,
              timestamp: Date.parse(message.hour),
            });
          }
        }
        if (outputs.length > 0 && !signal.aborted) {
          await publish(outputs);
          for (const output of outputs) {
            lastPublished.set(output.key as string, output.value as Carbon);
          }
        }
        await sleep(settings.poll_interval_s * 1000, signal);
      }
      logger.info('carbon provider source stopped');
    },
    close: () => Promise.resolve(),
  };
}

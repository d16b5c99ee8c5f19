import pino from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import type { StageOutput } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { carbonSchema, type Carbon } from '../../../schemas/definitions/carbon.js';
import type { CarbonIntensityProvider } from '../../../stages/carbon/carbon-provider.js';
import { createCarbonProviderSource } from '../../../stages/carbon/carbon-provider-source.js';
import { providerCarbonMessage, repeatsLast } from '../../../stages/carbon/provider-messages.js';

const NOW = Date.parse('2026-12-04T10:20:00.000Z');

function context() {
  const config = loadConfig({
    overrides: {
      logging: { level: 'silent' },
      carbon_provider: {
        enabled: true,
        base_url: 'http://127.0.0.1:9',
        regions: ['eu-central-1', 'eu-north-1', 'me-south-1'],
        zones: { 'eu-north-1': 'SE-SE3' },
      },
    },
  });
  return {
    config,
    topics: topicNames(config.transport.topic_prefix),
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    transport: {} as Transport,
    clock: { now: () => NOW },
  };
}

describe('carbon provider source', () => {
  test('one poll publishes each region', async () => {
    const asked: string[] = [];
    const provider: CarbonIntensityProvider = {
      latest(zone) {
        asked.push(zone);
        if (zone === 'DE') {
          return Promise.resolve({
            zone,
            hourMs: Date.parse('2026-12-04T10:00:00.000Z'),
            gramsPerKwh: 250,
            estimated: false,
          });
        }
        return Promise.resolve(null);
      },
    };
    const source = createCarbonProviderSource(context(), provider);
    const abort = new AbortController();
    const published: StageOutput[] = [];
    await source.run((outputs) => {
      published.push(...outputs);
      abort.abort();
      return Promise.resolve();
    }, abort.signal);

    expect(asked).toEqual(['DE', 'SE-SE3']);
    const byRegion = new Map(published.map((output) => [output.key, carbonSchema.parse(output.value)]));
    expect(byRegion.get('eu-central-1')).toMatchObject({
      zone: 'DE',
      intensity_g_per_kwh: 250,
      source: 'provider',
      fallback: false,
      hour: '2026-12-04T10:00:00.000Z',
    });
    // SE-SE3 without a figure: the region's annual average (2.751 g/kWh) for the current hour.
    expect(byRegion.get('eu-north-1')).toMatchObject({
      intensity_g_per_kwh: 2.751,
      source: 'annual_average',
      fallback: true,
      hour: '2026-12-04T10:00:00.000Z',
    });
    // me-south-1 has no zone in the mapping: CCF's annual factor, 505.9 g/kWh.
    expect(byRegion.get('me-south-1')).toMatchObject({ intensity_g_per_kwh: 505.9, fallback: true });
  });

  test('failed lookup publishes nothing', async () => {
    const provider: CarbonIntensityProvider = { latest: () => Promise.reject(new Error('down')) };
    const source = createCarbonProviderSource(context(), provider);
    const abort = new AbortController();
    const published: StageOutput[] = [];
    await source.run((outputs) => {
      published.push(...outputs);
      abort.abort();
      return Promise.resolve();
    }, abort.signal);
    expect(published.map((output) => output.key)).toEqual(['me-south-1']);
  });
});

describe('provider messages', () => {
  test('missing reading is never zero', () => {
    const message = providerCarbonMessage('us-east-1', 'US-MIDA-PJM', null, NOW, 321.816);
    expect(message.intensity_g_per_kwh).toBe(321.816);
    expect(message.fallback).toBe(true);
  });

  test('same hour and figure repeats', () => {
    const first: Carbon = providerCarbonMessage(
      'us-east-1',
      'US-MIDA-PJM',
      { zone: 'US-MIDA-PJM', hourMs: NOW, gramsPerKwh: 300, estimated: false },
      NOW,
      1,
    );
    const same = { ...first };
    const changed = { ...first, intensity_g_per_kwh: 301 };
    expect(repeatsLast(first, same)).toBe(true);
    expect(repeatsLast(first, changed)).toBe(false);
    expect(repeatsLast(undefined, first)).toBe(false);
  });
});

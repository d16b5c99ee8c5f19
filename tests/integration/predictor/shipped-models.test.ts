/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
// The promoted models committed in models/ load with the current feature spec and forecast from
// real utilization, so a fresh clone serves without training.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import type { DecodedRecord, StageInstance } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { forecastSchema } from '../../../schemas/definitions/forecast.js';
import { carbonSchema } from '../../../schemas/definitions/carbon.js';
import { predictorStage } from '../../../stages/predictor/predictor-stage.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';

const silent = pino({ level: 'silent' });
const FIRST_MS = Date.parse('2026-12-01T00:00:00.000Z');

/** Reads the first 40 five-minute means of one VM of the bundled Azure trace (25 to 48 percent). */
function realMeans(column: number): number[] {
  return readFileSync(join(process.cwd(), 'data/utilization/azure_v1_vm_cpu_avg_5min_100vms.csv'), 'utf8')
    .split('\n')
    .slice(1, 41)
    .map((line) => Number(line.split(',')[column]));
}

describe('shipped promoted models', () => {
  const config = loadConfig({ overrides: { logging: { level: 'silent' } } });
  const topics = topicNames(config.transport.topic_prefix);
  let transport: Transport;
  let predictor: StageInstance;

  beforeAll(async () => {
    transport = createTransport(config, { logger: silent, registry: new Registry() });
    predictor = await predictorStage.create({
      config,
      topics,
      transport,
      logger: silent,
      registry: new Registry(),
      clock: systemClock,
    });
  });

  afterAll(async () => {
    await predictor.close();
    await predictor.close();
    await transport.close();
  });

  test('workload model forecasts real utilization', async () => {
    const records: DecodedRecord[] = realMeans(2).map((mean, index) => {
      const start = FIRST_MS + index * 300_000;
      return {
        topic: topics.aggregates,
        partition: 0,
        offset: String(index),
        key: 'vm-1',
        headers: {},
        timestamp: start,
        value: cpuAggregate('vm-1', start, mean, { region: 'us-east-1' }),
      };
    });

    const result = await predictor.processBatch(records, { topic: topics.aggregates, partition: 0 });

    expect(result.outputs).toHaveLength(10);
    for (const output of result.outputs) {
      const forecast = forecastSchema.parse(output.value);
      expect(forecast.model_name).toBe('workload-cpu');
      expect(forecast.mean).toBeGreaterThan(15);
      expect(forecast.mean).toBeLessThan(45);
      expect(forecast.upper - forecast.lower).toBeGreaterThan(0);
    }
  });

  test('carbon model forecasts next day', async () => {
    const records: DecodedRecord[] = Array.from({ length: 48 }, (_, hour) => ({
      topic: topics.carbon,
      partition: 0,
      offset: String(hour),
      key: 'eu-central-1',
      headers: {},
      timestamp: 0,
      value: {
        region: 'eu-central-1',
        zone: 'DE',
        hour: new Date(FIRST_MS + hour * 3_600_000).toISOString(),
        intensity_g_per_kwh: 300 + 80 * Math.sin((2 * Math.PI * hour) / 24),
        kind: 'observed',
        source: 'replay',
        fallback: false,
        model_version: null,
        issued_at: null,
      },
    }));

    const result = await predictor.processBatch(records, { topic: topics.carbon, partition: 0 });

    expect(result.outputs).toHaveLength(24);
    for (const output of result.outputs) {
      const carbon = carbonSchema.parse(output.value);
      expect(carbon.source).toBe('model');
      expect(carbon.intensity_g_per_kwh).toBeGreaterThan(150);
      expect(carbon.intensity_g_per_kwh).toBeLessThan(450);
    }
  });
});

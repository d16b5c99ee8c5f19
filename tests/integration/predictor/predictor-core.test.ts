/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createLocalRegistry } from '../../../models/registry/local-registry.js';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import type { DecodedRecord } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import { carbonSchema, type Carbon } from '../../../schemas/definitions/carbon.js';
import { forecastSchema, type Forecast } from '../../../schemas/definitions/forecast.js';
import {
  loadFeatureDocument,
  modelFeatureSpec,
  type FeatureDocument,
} from '../../../stages/predictor/feature-spec.js';
import { createModelSlot, type ModelSlot } from '../../../stages/predictor/model-slot.js';
import { createPredictorCore, type PredictorCore } from '../../../stages/predictor/predictor-core.js';
import { createPredictorMetrics } from '../../../stages/predictor/predictor-metrics.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';

const topics = topicNames('test.');
const silent = pino({ level: 'silent' });
const FIRST_MS = Date.parse('2026-12-04T00:00:00.000Z');

function aggregate(resourceId: string, index: number, overrides: Partial<Aggregate> = {}): Aggregate {
  return cpuAggregate(resourceId, FIRST_MS + index * 300_000, 30 + 5 * Math.cos(index / 4), overrides);
}

function observedCarbon(hour: number, intensity: number): Carbon {
  return {
    region: 'eu-north-1',
    zone: 'SE-SE3',
    hour: new Date(FIRST_MS + hour * 3_600_000).toISOString(),
    intensity_g_per_kwh: intensity,
    kind: 'observed',
    source: 'replay',
    fallback: false,
    model_version: null,
    issued_at: null,
  };
}

let offset = 0;
function record(topic: string, value: unknown): DecodedRecord {
  offset += 1;
  return { topic, partition: 0, offset: String(offset), key: null, value, headers: {}, timestamp: 0 };
}

describe('predictor core with onnxruntime-node', () => {
  let folder: string;
  let document: FeatureDocument;
  let registry: Registry;
  let slots: ModelSlot[];
  let core: PredictorCore;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'eaawas-predictor-core-'));
    const fixtures = join(process.cwd(), 'tests/fixtures/onnx');
    await cp(join(fixtures, 'golden'), join(folder, 'workload-cpu/golden-1'), { recursive: true });
    await cp(join(fixtures, 'carbon'), join(folder, 'carbon-intensity/carbon-1'), { recursive: true });
    const local = createLocalRegistry(folder);
    await local.promote('workload-cpu', 'golden-1');
    await local.promote('carbon-intensity', 'carbon-1');
    document = await loadFeatureDocument(join(process.cwd(), 'models/features.json'));
    registry = new Registry();
    slots = ['workload-cpu', 'carbon-intensity'].map((model) =>
      createModelSlot({
        model,
        spec: modelFeatureSpec(document, model),
        remote: null,
        local,
        intraOpThreads: 1,
        logger: silent,
      }),
    );
    for (const slot of slots) {
      await slot.start();
    }
    core = createPredictorCore({
      topics,
      workloadSpec: modelFeatureSpec(document, 'workload-cpu'),
      workloadSlot: slots[0]!,
      carbon: { spec: modelFeatureSpec(document, 'carbon-intensity'), slot: slots[1]! },
      maxRowsPerInference: 7,
      maxSeries: 100,
      metrics: createPredictorMetrics(registry),
      logger: silent,
    });
  });

  afterEach(async () => {
    for (const slot of slots) {
      await slot.close();
    }
    await rm(folder, { recursive: true, force: true });
  });

  async function skipped(): Promise<number> {
    const metric = await registry.getSingleMetric(METRIC_NAMES.predictorSkippedInsufficientHistory)?.get();
    return metric?.values[0]?.value ?? 0;
  }

  test('short history gives no forecast', async () => {
    const records = Array.from({ length: 35 }, (_, index) =>
      record(topics.aggregates, aggregate('i-1', index)),
    );

    const result = await core.process(records);

    expect(result.outputs).toEqual([]);
    expect(await skipped()).toBe(35);
  });

  test('full histories forecast in one batch', async () => {
    const records = ['i-1', 'i-2', 'i-3'].flatMap((id) =>
      Array.from({ length: 40 }, (_, index) => record(topics.aggregates, aggregate(id, index))),
    );

    const result = await core.process(records);

    // Windows 35 to 39 of three resources, two horizons each, over chunks of 7 rows.
    expect(result.outputs).toHaveLength(30);
    for (const output of result.outputs) {
      const forecast = forecastSchema.parse(output.value);
      expect(output.topic).toBe(topics.forecasts);
      expect(output.key).toBe(forecast.resource_id);
      expect(forecast.model_version).toBe('golden-1');
    }
    const last = result.outputs.at(-1)?.value as Forecast;
    expect(last.issued_at).toBe(new Date(FIRST_MS + 40 * 300_000).toISOString());
    expect(last.horizon_s).toBe(3600);
  });

  test('gap restarts history without forecast', async () => {
    const first = Array.from({ length: 36 }, (_, index) =>
      record(topics.aggregates, aggregate('i-1', index)),
    );
    expect((await core.process(first)).outputs).toHaveLength(2);

    const afterGap = await core.process([record(topics.aggregates, aggregate('i-1', 40))]);

    expect(afterGap.outputs).toEqual([]);
  });

  test('other metrics and window sizes ignored', async () => {
    const records = Array.from({ length: 40 }, (_, index) => [
      record(topics.aggregates, aggregate('i-1', index, { metric: 'network_in', unit: 'bytes' })),
      record(topics.aggregates, aggregate('i-2', index, { window_size_s: 60 })),
    ]).flat();

    const result = await core.process(records);

    expect(result.outputs).toEqual([]);
    expect(await skipped()).toBe(0);
  });

  test('carbon history gives 24 hourly forecasts', async () => {
    // A daily cycle repeated: the fixture model predicts the same hour of the previous day.
    const daily = (hour: number) => 100 + 50 * Math.sin((2 * Math.PI * (hour % 24)) / 24);
    const records = Array.from({ length: 48 }, (_, hour) =>
      record(topics.carbon, observedCarbon(hour, daily(hour))),
    );
    records.push(record(topics.carbon, { ...observedCarbon(47, 1), kind: 'forecast', source: 'model' }));

    const result = await core.process(records);

    expect(result.outputs).toHaveLength(24);
    result.outputs.forEach((output, index) => {
      const carbon = carbonSchema.parse(output.value);
      expect(output.topic).toBe(topics.carbon);
      expect(output.key).toBe('eu-north-1');
      expect(carbon.kind).toBe('forecast');
      expect(carbon.issued_at).toBe(new Date(FIRST_MS + 47 * 3_600_000).toISOString());
      expect(carbon.hour).toBe(new Date(FIRST_MS + (48 + index) * 3_600_000).toISOString());
      expect(Math.abs(carbon.intensity_g_per_kwh - daily(48 + index))).toBeLessThan(0.5);
    });
  });
});

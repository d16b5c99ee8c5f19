/**
 * @jest-environment ./tests/integration/predictor/onnx-test-environment.mjs
 */
// The predictor runs under the stage runner on the real Kafka broker with its registry in moto's
// S3; promoting a new version makes later forecasts carry it without restarting the stage.
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import { systemClock } from '../../../pipeline/runner/clock.js';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { topicNames, type TopicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Consumer, Transport } from '../../../pipeline/transport/transport.js';
import { createS3Registry } from '../../../models/registry/s3-registry.js';
import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import type { Forecast } from '../../../schemas/definitions/forecast.js';
import { predictorStage } from '../../../stages/predictor/predictor-stage.js';
import { uniqueName, waitFor } from '../transport/poll.js';
import { MOTO_CREDENTIALS, MOTO_SDK_CREDENTIALS, motoEndpoint } from '../aws/moto.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';

jest.setTimeout(120_000);

const endpoint = motoEndpoint();
const silent = pino({ level: 'silent' });
const WINDOW_MS = 300_000;
const FIRST_WINDOW_MS = Date.parse('2026-12-04T00:00:00.000Z');

function aggregate(resourceId: string, index: number): Aggregate {
  const start = FIRST_WINDOW_MS + index * WINDOW_MS;
  const mean = 20 + 10 * Math.sin(index / 6);
  return cpuAggregate(resourceId, start, mean, {
    min: mean - 1,
    max: mean + 1,
    p95: mean + 0.9,
    last_sample_at: new Date(start + WINDOW_MS - 60_000).toISOString(),
  });
}

async function goldenVersion(version: string) {
  const folder = join(process.cwd(), 'tests/fixtures/onnx/golden');
  const card = JSON.parse(await readFile(join(folder, 'card.json'), 'utf8')) as Record<string, unknown>;
  return {
    model: 'workload-cpu',
    version,
    onnx: new Uint8Array(await readFile(join(folder, 'model.onnx'))),
    card: { ...card, version },
  };
}

function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  return (async () => {
    const metric = await registry.getSingleMetric(name)?.get();
    const matching = metric?.values.filter((value) =>
      Object.entries(labels).every(([key, expected]) => value.labels[key] === expected),
    );
    return (matching ?? []).reduce((total, value) => total + value.value, 0);
  })();
}

describe('predictor hot swap on Kafka', () => {
  let config: EaawasConfig;
  let topics: TopicNames;
  let transport: Transport;
  let registry: Registry;
  let s3: S3Client;
  let localDir: string;
  let stage: RunningComponent | undefined;
  let collector: Consumer | undefined;
  const bucket = uniqueName('models').replace(/\./g, '-').toLowerCase();

  beforeEach(async () => {
    localDir = await mkdtemp(join(tmpdir(), 'eaawas-hot-swap-'));
    config = loadConfig({
      env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS },
      overrides: {
        transport: { kind: 'kafka', topic_prefix: `${uniqueName('predictor')}.`, partitions: 1 },
        logging: { level: 'silent' },
        aws: { endpoint, credentials: MOTO_CREDENTIALS },
        runner: { max_batch_records: 50, lag_interval_ms: 1000 },
        predictor: {
          carbon_model: null,
          poll_interval_ms: 200,
          registry: {
            local_dir: localDir,
            s3_bucket: bucket,
            s3_prefix: 'registry/',
            s3_region: 'us-east-1',
          },
        },
      },
    });
    topics = topicNames(config.transport.topic_prefix);
    registry = new Registry();
    transport = createTransport(config, { logger: silent, registry });
    await createPipelineTopics(transport, config);
    s3 = new S3Client({
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: MOTO_SDK_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  afterEach(async () => {
    await stage?.stop();
    await collector?.close();
    await transport
      .admin()
      .deleteTopics(Object.values(topics))
      .catch(() => undefined);
    await transport.close();
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    const objects = (listed.Contents ?? []).map((object) => ({ Key: object.Key as string }));
    if (objects.length > 0) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    s3.destroy();
    await rm(localDir, { recursive: true, force: true });
  });

  test('promoted version replaces running one', async () => {
    const remote = createS3Registry({ client: s3, bucket, prefix: 'registry/' });
    await remote.publish(await goldenVersion('v1'));
    await remote.promote('workload-cpu', 'v1');
    const forecasts: Forecast[] = [];
    collector = transport.consumer({
      groupId: uniqueName('forecasts'),
      topics: [topics.forecasts],
      fromBeginning: true,
    });
    await collector.run((batch) => {
      for (const record of batch.records) {
        forecasts.push(JSON.parse(record.value!.toString('utf8')) as Forecast);
      }
      return Promise.resolve();
    });
    stage = await startStage(predictorStage, {
      config,
      topics,
      transport,
      registry,
      logger: silent,
      clock: systemClock,
    });
    const producer = await transport.producer();
    const send = (from: number, to: number) =>
      producer.send(
        topics.aggregates,
        Array.from({ length: to - from }, (_, offset) => {
          const value = aggregate('i-hot-swap', from + offset);
          return { key: value.resource_id, value: JSON.stringify(value) };
        }),
      );

    // 36 windows fill the history; windows 35 to 39 each give one forecast per horizon.
    await send(0, 40);
    await waitFor('10 forecasts from v1', () => forecasts.length >= 10, 60_000);
    expect(await metricValue(registry, METRIC_NAMES.predictorSkippedInsufficientHistory)).toBe(35);

    await remote.publish(await goldenVersion('v2'));
    await remote.promote('workload-cpu', 'v2');
    let next = 40;
    await waitFor(
      'a forecast from v2',
      async () => {
        if (forecasts.at(-1)?.model_version === 'v2' || next >= 80) {
          return forecasts.at(-1)?.model_version === 'v2';
        }
        const expected = forecasts.length + 2;
        await send(next, next + 1);
        next += 1;
        await waitFor(`forecasts of window ${next - 1}`, () => forecasts.length >= expected, 30_000);
        return false;
      },
      90_000,
      100,
    );
    await producer.close();

    const versions = forecasts.map((forecast) => forecast.model_version);
    const firstV2 = versions.indexOf('v2');
    expect(versions.slice(0, 10)).toEqual(Array(10).fill('v1'));
    expect(versions.slice(0, firstV2).every((version) => version === 'v1')).toBe(true);
    expect(versions.slice(firstV2).every((version) => version === 'v2')).toBe(true);
    expect(await metricValue(registry, METRIC_NAMES.predictorModelSwaps, { outcome: 'swapped' })).toBe(1);
    expect(
      forecasts.every((forecast) => forecast.lower <= forecast.mean && forecast.mean <= forecast.upper),
    ).toBe(true);
  });
});

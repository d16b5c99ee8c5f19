// The S3 archive against moto's S3 and a real broker: every window lands in exactly one gzip
// NDJSON object under dt=/hour= partitions, across a stop and restart and across a batch that was
// written but not committed before a crash.
import { gunzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import type { DecodedRecord, StageContext } from '../../../pipeline/runner/stage.js';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import { archiveStage } from '../../../stages/archive/archive-stage.js';
import { createRunnerFixture, type RunnerFixture } from '../runner/runner-fixtures.js';
import { uniqueName, waitFor } from '../transport/poll.js';
import { MOTO_CREDENTIALS, MOTO_SDK_CREDENTIALS, motoEndpoint } from '../aws/moto.js';

jest.setTimeout(120_000);

const endpoint = motoEndpoint();
const s3 = new S3Client({
  region: 'us-east-1',
  endpoint,
  credentials: MOTO_SDK_CREDENTIALS,
  forcePathStyle: true,
});

function cpuWindow(resourceId: string, minuteOfDay: number): Aggregate {
  const start = new Date(Date.UTC(2026, 11, 4, 0, minuteOfDay));
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    region: 'us-east-1',
    metric: 'cpu_utilization',
    unit: 'percent',
    window_start: start.toISOString(),
    window_end: new Date(start.getTime() + 60_000).toISOString(),
    window_size_s: 60,
    count: 1,
    mean: 10,
    min: 10,
    max: 10,
    p95: 10,
    first_sample_at: start.toISOString(),
    last_sample_at: start.toISOString(),
  };
}

/** Windows from 10:55 on, so a run of them crosses into hour 11. */
function windows(resourceId: string, from: number, count: number): Aggregate[] {
  return Array.from({ length: count }, (_, i) => cpuWindow(resourceId, 10 * 60 + 55 + from + i));
}

async function archivedWindows(
  bucket: string,
  prefix: string,
): Promise<{ keys: string[]; values: Aggregate[] }> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.NextContinuationToken;
  } while (token !== undefined);
  const values: Aggregate[] = [];
  for (const key of keys) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = gunzipSync(Buffer.from(await object.Body!.transformToByteArray())).toString('utf8');
    values.push(
      ...text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Aggregate),
    );
  }
  return { keys, values };
}

const identity = (value: Aggregate) => `${value.resource_id}@${value.window_start}`;

describe('S3 archive', () => {
  let fixture: RunnerFixture;
  let bucket: string;
  let config: EaawasConfig;
  let context: StageContext;

  beforeEach(async () => {
    fixture = await createRunnerFixture('kafka');
    bucket = uniqueName('archive')
      .replace(/[^a-z0-9-]/g, '-')
      .slice(0, 60);
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    config = {
      ...fixture.config,
      aws: {
        ...fixture.config.aws,
        endpoint,
        credentials: MOTO_CREDENTIALS,
      },
      archive: {
        enabled: true,
        bucket,
        prefix: 'eaawas/',
        region: 'us-east-1',
        force_path_style: true,
        datasets: ['aggregates', 'energy', 'decisions'],
      },
    };
    context = { ...fixture.context(), config };
  });

  afterEach(async () => {
    await fixture.close();
  });

  test('restart archives each window once', async () => {
    const { topics, transport } = fixture;
    const first = [...windows('i-a', 0, 12), ...windows('i-b', 0, 12)];
    const producer = await transport.producer();
    await producer.send(
      topics.aggregates,
      first.map((value) => ({ key: value.resource_id, value: JSON.stringify(value) })),
    );

    let stage = await startStage(archiveStage, context);
    await waitFor(
      '24 windows in S3',
      async () => (await archivedWindows(bucket, 'eaawas/')).values.length >= 24,
      60_000,
    );
    await stage.stop();

    const second = [...windows('i-a', 12, 5), ...windows('i-b', 12, 5)];
    await producer.send(
      topics.aggregates,
      second.map((value) => ({ key: value.resource_id, value: JSON.stringify(value) })),
    );
    await producer.close();
    stage = await startStage(archiveStage, context);
    await waitFor(
      '34 windows in S3',
      async () => (await archivedWindows(bucket, 'eaawas/')).values.length >= 34,
      60_000,
    );
    await stage.stop();

    const { keys, values } = await archivedWindows(bucket, 'eaawas/');
    expect(values.map(identity).sort()).toEqual([...first, ...second].map(identity).sort());
    for (const key of keys) {
      expect(key).toMatch(
        /^eaawas\/aggregates\/dt=2026-12-04\/hour=1[01]\/aggregates-p\d+-o\d{20}\.ndjson\.gz$/,
      );
    }
    expect(keys.some((key) => key.includes('hour=10/'))).toBe(true);
    expect(keys.some((key) => key.includes('hour=11/'))).toBe(true);
  });

  test('redelivered batch with new bounds overwrites', async () => {
    const { topics } = fixture;
    const values = windows('i-a', 0, 20);
    const records: DecodedRecord[] = values.map((value, offset) => ({
      topic: topics.aggregates,
      partition: 0,
      offset: String(offset),
      key: value.resource_id,
      value,
      headers: {},
      timestamp: 0,
    }));
    const partition = { topic: topics.aggregates, partition: 0 };

    // The first process writes offsets 0 to 9 and crashes before its commit.
    const crashed = await archiveStage.create(context);
    await crashed.processBatch(records.slice(0, 10), partition);
    await crashed.close();

    // Its successor resumes at offset 0 and gets the records in other batches.
    const successor = await archiveStage.create(context);
    await successor.processBatch(records.slice(0, 14), partition);
    await successor.processBatch(records.slice(14), partition);
    await successor.close();

    const archived = await archivedWindows(bucket, 'eaawas/');
    expect(archived.values).toHaveLength(20);
    expect(new Set(archived.values.map(identity)).size).toBe(20);
  });

  test('shorter redelivery leaves no stale records', async () => {
    const { topics } = fixture;
    const values = windows('i-a', 0, 10);
    const records: DecodedRecord[] = values.map((value, offset) => ({
      topic: topics.aggregates,
      partition: 0,
      offset: String(offset),
      key: value.resource_id,
      value,
      headers: {},
      timestamp: 0,
    }));
    const partition = { topic: topics.aggregates, partition: 0 };

    const crashed = await archiveStage.create(context);
    await crashed.processBatch(records, partition);
    await crashed.close();

    const successor = await archiveStage.create(context);
    await successor.processBatch(records.slice(0, 3), partition);
    await successor.processBatch(records.slice(3, 7), partition);
    await successor.processBatch(records.slice(7), partition);
    await successor.close();

    const archived = await archivedWindows(bucket, 'eaawas/');
    expect(archived.values.map(identity).sort()).toEqual(values.map(identity).sort());
  });
});

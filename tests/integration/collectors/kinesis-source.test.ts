import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  CreateStreamCommand,
  KinesisClient,
  PutRecordCommand,
  waitUntilStreamExists,
} from '@aws-sdk/client-kinesis';
import { Registry } from 'prom-client';
import { createAwsClients } from '../../../pipeline/aws/aws-clients.js';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { createKinesisReader } from '../../../stages/collectors/kinesis/kinesis-source.js';
import {
  createSourceTestTransport,
  createTestPublish,
  createTestTopics,
  manualClock,
  readTopic,
  sourceContext,
  sourceTestConfig,
  uniqueSuffix,
} from './source-harness.js';
import { motoClientSettings } from '../aws/moto.js';
import { waitFor } from '../kafka/kafka-test-helpers.js';

const REGION = 'ap-northeast-2';
// Hash keys at both ends of the key space land in the first and the second of two shards.
const FIRST_SHARD_KEY = '1';
const SECOND_SHARD_KEY = '340282366920938463463374607431768211000';

function sample(resourceId: string, minute: number) {
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    region: REGION,
    metric: 'cpu_utilization',
    unit: 'percent',
    value: 10 + minute,
    event_time: new Date(Date.UTC(2026, 11, 4, 10, minute)).toISOString(),
    period_s: 60,
  };
}

function request(requestId: string) {
  return {
    request_id: requestId,
    cpu_request: 2,
    memory_request: '4Gi',
    priority: 'low',
    max_energy_consumption: 40,
  };
}

describe('Kinesis source against moto', () => {
  const stream = `eaawas-${uniqueSuffix()}`;
  const abort = new AbortController();
  const kinesis = new KinesisClient(motoClientSettings(REGION));
  let config: EaawasConfig;
  let transport: Transport;

  async function put(data: unknown, hashKey: string): Promise<void> {
    const bytes = Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
    await kinesis.send(
      new PutRecordCommand({ StreamName: stream, PartitionKey: 'p', ExplicitHashKey: hashKey, Data: bytes }),
    );
  }

  /** Runs a fresh reader, as a restarted process would, until the topics hold `expected` records. */
  async function readUntil(expected: number): Promise<void> {
    const context = sourceContext(config, transport, manualClock(Date.now()));
    const clients = createAwsClients(config.aws);
    const reader = createKinesisReader(context, clients);
    const publish = await createTestPublish(transport, config);
    try {
      await waitFor(
        async () => {
          await reader.readRound(publish, abort.signal);
          const samples = await readTopic(transport, context.topics.samples);
          const requests = await readTopic(transport, context.topics.workloadRequests);
          const deadLetters = await readTopic(transport, context.topics.dlq);
          return samples.length + requests.length + deadLetters.length >= expected;
        },
        30_000,
        `${expected} records from Kinesis`,
      );
      // One more round after catching up must not publish anything again.
      await reader.readRound(publish, abort.signal);
    } finally {
      await reader.close();
      clients.destroy();
    }
  }

  beforeAll(async () => {
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 2 }));
    await waitUntilStreamExists({ client: kinesis, maxWaitTime: 30 }, { StreamName: stream });
    config = sourceTestConfig({
      aws: { regions: [REGION] },
      sources: {
        collectors: { kinesis: { streams: [{ name: stream, region: REGION }], max_records_per_call: 2 } },
      },
    });
    transport = createSourceTestTransport(config, new Registry());
    await createTestTopics(transport, config);
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    kinesis.destroy();
    await transport?.close();
  });

  it('delivers records of two shards once, also after a restart', async () => {
    const topics = sourceContext(config, transport, manualClock(0)).topics;
    await put(sample('i-first', 0), FIRST_SHARD_KEY);
    await put(request('job-1'), FIRST_SHARD_KEY);
    await put('{"resource_id": "i-cut', FIRST_SHARD_KEY);
    await put(sample('i-second', 1), SECOND_SHARD_KEY);
    await put(
      { cpu_request: 1, memory_request: '1Gi', priority: 'high', max_energy_consumption: 10 },
      SECOND_SHARD_KEY,
    );

    await readUntil(5);
    await put(sample('i-first', 2), FIRST_SHARD_KEY);
    await put(request('job-2'), SECOND_SHARD_KEY);
    await readUntil(7);

    const samples = (await readTopic(transport, topics.samples)).map(
      (record) => record.value as { resource_id: string; event_time: string },
    );
    expect(samples.map((value) => `${value.resource_id}@${value.event_time}`).sort()).toEqual([
      'i-first@2026-12-04T10:00:00.000Z',
      'i-first@2026-12-04T10:02:00.000Z',
      'i-second@2026-12-04T10:01:00.000Z',
    ]);
    const requests = await readTopic(transport, topics.workloadRequests);
    const requestIds = requests.map((record) => record.key ?? '');
    expect(requestIds).toHaveLength(3);
    expect(requestIds).toEqual(expect.arrayContaining(['job-1', 'job-2']));
    expect(requestIds.find((id) => id.startsWith('kinesis-shardId-'))).toBeDefined();
    const deadLetters = await readTopic(transport, topics.dlq);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]?.raw?.toString('utf8')).toBe('{"resource_id": "i-cut');
    expect(deadLetters[0]?.key).toBe('p');
    expect(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('MESSAGE_DECODE_FAILED');
    expect(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.stage]).toBe('kinesis-source');
    expect(deadLetters[0]?.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(`kinesis:${REGION}/${stream}`);
  });
});

import { jest } from '@jest/globals';
import { Registry } from 'prom-client';

import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';
import type {
  IncomingRecord,
  RecordBatch,
  TopicPartition,
  Transport,
} from '../../../pipeline/transport/transport.js';
import { createTestKafkaTransport, uniqueName, waitFor } from './kafka-test-helpers.js';

const PARTITIONS = 3;

jest.setTimeout(60_000);

describe('Kafka transport', () => {
  let transport: Transport;
  let registry: Registry;
  const topics: string[] = [];

  beforeEach(async () => {
    registry = new Registry();
    transport = createTestKafkaTransport(registry);
    await transport.connect();
  });

  afterEach(async () => {
    await transport.admin().deleteTopics(topics.splice(0));
    await transport.close();
  });

  async function createTopic(prefix: string, compacted = false): Promise<string> {
    const topic = uniqueName(prefix);
    topics.push(topic);
    await transport.admin().createTopics([{ topic, partitions: PARTITIONS, compacted }]);
    return topic;
  }

  test('keyed records land on murmur2 partitions', async () => {
    const topic = await createTopic('partitioning');
    const producer = await transport.producer();
    const keys = Array.from({ length: 30 }, (_, i) => `resource-${i}`);
    await producer.send(
      topic,
      keys.map((key) => ({ key, value: key })),
    );

    const received: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => received.push(record));

    expect(received).toHaveLength(keys.length);
    for (const record of received) {
      expect(record.partition).toBe(partitionForKey(record.key!, PARTITIONS));
      expect(record.value?.toString()).toBe(record.key);
    }
  });

  test('assignment callback precedes first batch', async () => {
    const topic = await createTopic('assignment');
    const producer = await transport.producer();
    await producer.send(topic, [{ key: 'a', value: '1' }]);

    const events: string[] = [];
    const consumer = transport.consumer({
      groupId: uniqueName('assignment'),
      topics: [topic],
      fromBeginning: true,
      onAssignment: async (assigned: TopicPartition[]) => {
        events.push(`assign:${assigned.length}:start`);
        // A slow restore: batches must still wait for it.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        events.push('assign:end');
      },
    });
    await consumer.run(async () => {
      events.push('batch');
    });

    await waitFor(() => events.includes('batch'), 30_000, 'the first batch');
    expect(events.slice(0, 3)).toEqual([`assign:${PARTITIONS}:start`, 'assign:end', 'batch']);
    expect(consumer.assignment()).toHaveLength(PARTITIONS);
    await consumer.close();
  });

  test('new member resumes at committed offset', async () => {
    const topic = await createTopic('resume');
    const groupId = uniqueName('resume');
    const producer = await transport.producer();
    await producer.send(
      topic,
      [0, 1, 2, 3, 4].map((i) => ({ key: 'same-key', value: String(i) })),
    );
    const partition = partitionForKey('same-key', PARTITIONS);

    const first = transport.consumer({ groupId, topics: [topic], fromBeginning: true, maxBatchRecords: 2 });
    const firstBatches: RecordBatch[] = [];
    await first.run(async (batch) => {
      firstBatches.push(batch);
      if (firstBatches.length === 1) {
        await first.commit([
          {
            topic,
            partition: batch.partition,
            offset: (BigInt(batch.records.at(-1)!.offset) + 1n).toString(),
          },
        ]);
      }
    });
    await waitFor(() => firstBatches.length >= 1, 30_000, 'the first batch');
    await first.close();

    expect(firstBatches[0]!.records.map((record) => record.value?.toString())).toEqual(['0', '1']);
    const committed = await transport.admin().committedOffsets(groupId, topic);
    expect(committed.get(partition)).toBe('2');

    const second = transport.consumer({ groupId, topics: [topic], fromBeginning: true });
    const values: string[] = [];
    await second.run(async (batch) => {
      values.push(...batch.records.map((record) => record.value!.toString()));
    });
    await waitFor(() => values.length >= 3, 30_000, 'the uncommitted records');
    await second.close();
    expect(values).toEqual(['2', '3', '4']);
  });

  test('rejected handler stops consumer', async () => {
    const topic = await createTopic('handler-failure');
    const groupId = uniqueName('handler-failure');
    const producer = await transport.producer();
    await producer.send(topic, [{ key: 'k', value: 'poison' }]);

    let calls = 0;
    const consumer = transport.consumer({ groupId, topics: [topic], fromBeginning: true });
    await consumer.run(async () => {
      calls += 1;
      throw new Error('handler failed on purpose');
    });

    await waitFor(() => calls === 1 && consumer.assignment().length === 0, 30_000, 'the consumer to stop');
    await expect(consumer.commit([{ topic, partition: 0, offset: '1' }])).rejects.toThrow('closed');
    expect(calls).toBe(1);
    expect((await transport.admin().committedOffsets(groupId, topic)).size).toBe(0);
  });

  test('readToEnd stops at observed end offsets', async () => {
    const topic = await createTopic('read-to-end', true);
    const producer = await transport.producer();
    await producer.send(topic, [
      { key: 'a', value: 'a1' },
      { key: 'b', value: 'b1' },
      { key: 'a', value: 'a2' },
      { key: 'b', value: null },
    ]);
    const partitionOfA = partitionForKey('a', PARTITIONS);

    const all: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => all.push(record));
    const onlyA: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => onlyA.push(record), { partitions: [partitionOfA] });

    expect(all).toHaveLength(4);
    expect(all.find((record) => record.key === 'b' && record.value === null)).toBeDefined();
    expect(onlyA.every((record) => record.partition === partitionOfA)).toBe(true);
    expect(onlyA.filter((record) => record.key === 'a').map((record) => record.value?.toString())).toEqual([
      'a1',
      'a2',
    ]);
  });

  test('readToEnd of empty topic resolves', async () => {
    const topic = await createTopic('read-empty');
    const received: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => received.push(record));
    expect(received).toHaveLength(0);
  });

  test('readToEnd of missing topic rejects', async () => {
    await expect(transport.readToEnd(uniqueName('missing'), () => undefined)).rejects.toMatchObject({
      code: 'TOPIC_NOT_FOUND',
    });
  });

  test('headers and timestamps round-trip', async () => {
    const topic = await createTopic('headers');
    const producer = await transport.producer();
    await producer.send(topic, [
      { key: 'k', value: 'v', headers: { trace: 'abc' }, timestamp: 1_700_000_000_000 },
    ]);

    const received: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => received.push(record));
    expect(received[0]!.headers).toEqual({ trace: 'abc' });
    expect(received[0]!.timestamp).toBe(1_700_000_000_000);
  });

  test('admin create and delete are idempotent', async () => {
    const topic = await createTopic('admin');
    const admin = transport.admin();
    await admin.createTopics([{ topic, partitions: PARTITIONS }]);
    expect(await admin.listTopics()).toContain(topic);
    expect((await admin.endOffsets(topic)).size).toBe(PARTITIONS);

    await admin.deleteTopics([topic]);
    await admin.deleteTopics([topic]);
    expect(await admin.listTopics()).not.toContain(topic);
  });

  test('group join counted in metrics', async () => {
    const topic = await createTopic('metrics');
    const consumer = transport.consumer({
      groupId: uniqueName('metrics'),
      topics: [topic],
      fromBeginning: true,
    });
    await consumer.run(async () => undefined);
    await consumer.close();

    const metric = await registry.getSingleMetric(METRIC_NAMES.kafkaClientEvents)!.get();
    const joins = metric.values.find((value) => value.labels.event === 'consumer_group_join');
    expect(joins?.value).toBeGreaterThanOrEqual(1);
  });

  test('close twice resolves', async () => {
    const second = createTestKafkaTransport();
    await second.connect();
    await second.producer();
    await second.close();
    await expect(second.close()).resolves.toBeUndefined();
  });
});

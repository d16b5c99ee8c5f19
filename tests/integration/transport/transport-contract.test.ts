// The transport contract of pipeline/transport/transport.ts, run against every implementation: the
// embedded in-process log and a real Kafka broker (KAFKA_BROKERS, started by jest's global setup).
import { jest } from '@jest/globals';
import pino from 'pino';
import { Registry } from 'prom-client';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { createEmbeddedTransport } from '../../../pipeline/transport/embedded/embedded-transport.js';
import { createKafkaTransport } from '../../../pipeline/transport/kafka/kafka-transport.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';
import type {
  Consumer,
  ConsumerOptions,
  IncomingRecord,
  OutgoingRecord,
  TopicPartition,
  Transport,
} from '../../../pipeline/transport/transport.js';
import { uniqueName, waitFor } from './poll.js';

jest.setTimeout(120_000);

const silent = pino({ level: 'silent' });

function createKafka(): Transport {
  const config = loadConfig({ env: { KAFKA_BROKERS: process.env.KAFKA_BROKERS } });
  return createKafkaTransport({
    kafka: config.kafka,
    // Enough retries for a new topic to get its leader, few enough that the unknown-topic case fails fast.
    retry: { initial_delay_ms: 100, max_delay_ms: 1000, max_attempts: 5 },
    maxBatchRecords: config.runner.max_batch_records,
    logger: silent,
    registry: new Registry(),
  });
}

const FACTORIES: Array<[string, () => Transport]> = [
  ['embedded', () => createEmbeddedTransport({ logger: silent })],
  ['kafka', createKafka],
];

interface Member {
  consumer: Consumer;
  records: IncomingRecord[];
  /** Assignments and batches in the order they happened, for example `assign:0,1` or `batch:2`. */
  events: string[];
}

function describePartitions(partitions: readonly TopicPartition[]): string {
  return partitions
    .map((entry) => entry.partition)
    .sort((a, b) => a - b)
    .join(',');
}

describe.each(FACTORIES)('%s transport', (_kind, create) => {
  let transport: Transport;
  const topics: string[] = [];
  const members: Member[] = [];

  beforeAll(async () => {
    transport = create();
    await transport.connect();
  });

  afterEach(async () => {
    await Promise.allSettled(members.splice(0).map((member) => member.consumer.close()));
  });

  afterAll(async () => {
    if (topics.length > 0) {
      await transport
        .admin()
        .deleteTopics(topics)
        .catch(() => undefined);
    }
    await transport.close();
  });

  async function createTopic(label: string, partitions: number, compacted = false): Promise<string> {
    const topic = uniqueName(label);
    await transport.admin().createTopics([{ topic, partitions, compacted }]);
    topics.push(topic);
    return topic;
  }

  async function send(topic: string, records: OutgoingRecord[]): Promise<void> {
    const producer = await transport.producer();
    try {
      await producer.send(topic, records);
    } finally {
      await producer.close();
    }
  }

  /** Starts a group member that records every batch and commits after each one. */
  async function join(
    topic: string,
    groupId: string,
    options: Partial<ConsumerOptions> & { commitEachBatch?: boolean } = {},
  ): Promise<Member> {
    const member: Member = { consumer: undefined as unknown as Consumer, records: [], events: [] };
    const consumer = transport.consumer({
      groupId,
      topics: [topic],
      fromBeginning: true,
      ...options,
      onAssignment: (assigned) => {
        member.events.push(`assign:${describePartitions(assigned)}`);
        return Promise.resolve();
      },
    });
    member.consumer = consumer;
    members.push(member);
    await consumer.run(async (batch) => {
      member.events.push(`batch:${batch.partition}`);
      member.records.push(...batch.records);
      if (options.commitEachBatch !== false) {
        const next = (BigInt(batch.records.at(-1)!.offset) + 1n).toString();
        await consumer.commit([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      }
    });
    return member;
  }

  function value(record: IncomingRecord): unknown {
    return record.value === null ? null : JSON.parse(record.value.toString('utf8'));
  }

  test('records of one key keep send order', async () => {
    const topic = await createTopic('order', 3);
    for (let call = 0; call < 3; call++) {
      const records = Array.from({ length: 10 }, (_, index) => {
        const sequence = call * 10 + index;
        return { key: `key-${sequence % 5}`, value: JSON.stringify({ sequence }) };
      });
      await send(topic, records);
    }

    const member = await join(topic, uniqueName('group'));
    await waitFor('30 records', () => member.records.length >= 30);

    const byKey = new Map<string, number[]>();
    for (const record of member.records) {
      const sequences = byKey.get(record.key!) ?? [];
      sequences.push((value(record) as { sequence: number }).sequence);
      byKey.set(record.key!, sequences);
    }
    expect(byKey.size).toBe(5);
    for (const sequences of byKey.values()) {
      expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
      expect(sequences).toHaveLength(6);
    }
  });

  test('key partition equals murmur2 choice', async () => {
    const topic = await createTopic('partitioner', 4);
    const keys = Array.from({ length: 20 }, (_, index) => `i-0${index.toString(16)}abc${index}`);
    await send(
      topic,
      keys.map((key) => ({ key, value: '{}' })),
    );

    const member = await join(topic, uniqueName('group'));
    await waitFor('20 records', () => member.records.length >= 20);

    for (const record of member.records) {
      expect({ key: record.key, partition: record.partition }).toEqual({
        key: record.key,
        partition: partitionForKey(record.key!, 4),
      });
    }
    expect(new Set(member.records.map((record) => record.partition)).size).toBeGreaterThan(1);
  });

  test('consumer group splits and rebalances', async () => {
    const topic = await createTopic('group', 4);
    const groupId = uniqueName('group');
    const first = await join(topic, groupId);
    await waitFor('first member owns all 4 partitions', () => first.consumer.assignment().length === 4);

    const second = await join(topic, groupId);
    await waitFor(
      'two members with 2 partitions each',
      () => first.consumer.assignment().length === 2 && second.consumer.assignment().length === 2,
      60_000,
    );
    const owned = [...first.consumer.assignment(), ...second.consumer.assignment()].map(
      (entry) => entry.partition,
    );
    expect(owned.sort()).toEqual([0, 1, 2, 3]);

    await send(
      topic,
      [0, 1, 2, 3].flatMap((partition) => [0, 1].map(() => ({ key: null, value: '{}', partition }))),
    );
    await waitFor('8 records across both members', () => first.records.length + second.records.length >= 8);
    const firstPartitions = new Set(first.consumer.assignment().map((entry) => entry.partition));
    const secondPartitions = new Set(second.consumer.assignment().map((entry) => entry.partition));
    expect(first.records.every((record) => firstPartitions.has(record.partition))).toBe(true);
    expect(second.records.every((record) => secondPartitions.has(record.partition))).toBe(true);

    const firstAssign = second.events.findIndex((event) => event.startsWith('assign:'));
    const firstBatch = second.events.findIndex((event) => event.startsWith('batch:'));
    expect(firstAssign).toBeGreaterThanOrEqual(0);
    expect(firstBatch).toBeGreaterThan(firstAssign);

    await second.consumer.close();
    await waitFor(
      'first member owns all 4 partitions again',
      () => first.consumer.assignment().length === 4,
      60_000,
    );
    const before = first.records.length;
    await send(
      topic,
      [0, 1, 2, 3].map((partition) => ({ key: null, value: '{}', partition })),
    );
    await waitFor('4 more records on the remaining member', () => first.records.length >= before + 4);
  });

  test('uncommitted records redelivered after close', async () => {
    const topic = await createTopic('resume', 1);
    const groupId = uniqueName('group');
    await send(
      topic,
      Array.from({ length: 10 }, (_, index) => ({ key: `key-${index}`, value: JSON.stringify({ index }) })),
    );

    const first = await join(topic, groupId, { commitEachBatch: false });
    await waitFor('10 records on the first member', () => first.records.length >= 10);
    await first.consumer.commit([{ topic, partition: 0, offset: '5' }]);
    await first.consumer.close();

    const committed = await transport.admin().committedOffsets(groupId, topic);
    expect(committed.get(0)).toBe('5');

    const second = await join(topic, groupId);
    await waitFor('5 records on the second member', () => second.records.length >= 5);
    expect(second.records.map((record) => record.offset)).toEqual(['5', '6', '7', '8', '9']);
  });

  test('readToEnd rebuilds compacted latest state', async () => {
    const topic = await createTopic('compacted', 2, true);
    await send(topic, [
      { key: 'a', value: JSON.stringify({ version: 1 }) },
      { key: 'b', value: JSON.stringify({ version: 1 }) },
      { key: 'a', value: JSON.stringify({ version: 2 }) },
      { key: 'c', value: JSON.stringify({ version: 1 }) },
    ]);
    await send(topic, [
      { key: 'b', value: null },
      { key: 'a', value: JSON.stringify({ version: 3 }) },
    ]);

    const state = new Map<string, unknown>();
    await transport.readToEnd(topic, (record) => {
      if (record.value === null) {
        state.delete(record.key!);
      } else {
        state.set(record.key!, value(record));
      }
    });

    expect(Object.fromEntries(state)).toEqual({ a: { version: 3 }, c: { version: 1 } });
  });

  test('endOffsets count records per partition', async () => {
    const topic = await createTopic('end-offsets', 2);
    await send(topic, [
      { key: null, value: '1', partition: 0 },
      { key: null, value: '2', partition: 0 },
      { key: null, value: '3', partition: 0 },
      { key: null, value: '4', partition: 1 },
      { key: null, value: '5', partition: 1 },
    ]);

    const ends = await transport.admin().endOffsets(topic);

    expect(Object.fromEntries(ends)).toEqual({ 0: '3', 1: '2' });
    const committed = await transport.admin().committedOffsets(uniqueName('idle-group'), topic);
    expect(committed.size).toBe(0);
  });

  test('send to unknown topic throws TOPIC_NOT_FOUND', async () => {
    const producer = await transport.producer();
    try {
      await expect(producer.send(uniqueName('missing'), [{ key: 'k', value: '{}' }])).rejects.toMatchObject({
        code: 'TOPIC_NOT_FOUND',
      });
    } finally {
      await producer.close();
    }
  });
});

import { Writable } from 'node:stream';

import { jest } from '@jest/globals';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';

import { createKafkaTransport } from '../../../pipeline/transport/kafka/kafka-transport.js';
import type { IncomingRecord, TopicPartition, Transport } from '../../../pipeline/transport/transport.js';
import { kafkaTestConfig, testBrokers, uniqueName, waitFor } from './kafka-test-helpers.js';

// Checks that kafkajs 2.2.4 works against the project's pinned broker (Kafka 3.9.1) for every
// feature the pipeline uses, and records the protocol versions it negotiates on the way.
// docs/decisions/0001-kafka-broker-version.md explains why the broker is pinned.

jest.setTimeout(90_000);

/**
 * Lowest version of each API that Apache Kafka 4.0 still accepts, from the "removed in Apache
 * Kafka 4.0" comments of the 4.0 message definitions (KIP-896). APIs not listed kept version 0.
 * JoinGroup 0-1 came back in 4.0.1 (KAFKA-19444), so 2 is the 4.0.0 figure.
 */
const KAFKA_4_0_MIN_VERSIONS: Record<string, number> = {
  Produce: 3,
  Fetch: 4,
  ListOffsets: 1,
  OffsetCommit: 2,
  OffsetFetch: 1,
  JoinGroup: 2,
  CreateTopics: 2,
  DeleteTopics: 1,
  DescribeConfigs: 1,
};

const REQUEST_LOG = /^Request (\w+)\(key: (\d+), version: (\d+)\)$/;

describe('kafkajs 2.2.4 on the pinned broker', () => {
  /** API name to the set of versions kafkajs sent, parsed from its debug logs. */
  const sentVersions = new Map<string, Set<number>>();
  let transport: Transport;
  const topics: string[] = [];

  beforeAll(async () => {
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line === '') continue;
          const match = REQUEST_LOG.exec((JSON.parse(line) as { msg?: string }).msg ?? '');
          if (match !== null) {
            const versions = sentVersions.get(match[1]!) ?? new Set<number>();
            versions.add(Number(match[3]));
            sentVersions.set(match[1]!, versions);
          }
        }
        done();
      },
    });
    const config = kafkaTestConfig();
    transport = createKafkaTransport({
      kafka: config.kafka,
      retry: config.runner.retry,
      maxBatchRecords: config.runner.max_batch_records,
      clientName: 'compatibility',
      groupIdPrefix: 'test.',
      logger: pino({ level: 'debug' }, capture),
      registry: new Registry(),
    });
    await transport.connect();
  });

  afterAll(async () => {
    await transport.admin().deleteTopics(topics);
    await transport.close();
  });

  async function createTopic(prefix: string, partitions: number, compacted = false): Promise<string> {
    const topic = uniqueName(prefix);
    topics.push(topic);
    await transport.admin().createTopics([{ topic, partitions, compacted }]);
    return topic;
  }

  test('idempotent producer with acks=all', async () => {
    const topic = await createTopic('compat-produce', 2);
    const producer = await transport.producer();
    await producer.send(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
    );

    const received: IncomingRecord[] = [];
    await transport.readToEnd(topic, (record) => received.push(record));
    expect(received).toHaveLength(20);
    // An idempotent kafkajs producer fetches a producer id before its first send.
    expect(sentVersions.has('InitProducerId')).toBe(true);
    expect(sentVersions.has('Produce')).toBe(true);
  });

  test('two members share partitions', async () => {
    const topic = await createTopic('compat-group', 4);
    const groupId = uniqueName('compat-group');
    const producer = await transport.producer();
    await producer.send(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ key: `key-${i}`, value: String(i) })),
    );

    const seen = new Set<string>();
    const handledBy = new Map<string, number>();
    const members = [0, 1].map((index) => {
      const consumer = transport.consumer({ groupId, topics: [topic], fromBeginning: true });
      return { index, consumer };
    });
    for (const { index, consumer } of members) {
      await consumer.run(async (batch) => {
        for (const record of batch.records) seen.add(record.value!.toString());
        handledBy.set(`${batch.topic}:${batch.partition}`, index);
        const last = batch.records.at(-1)!;
        await consumer.commit([
          { topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
        ]);
      });
    }

    await waitFor(
      () => members.every(({ consumer }) => consumer.assignment().length === 2) && seen.size === 40,
      60_000,
      'both members to own two partitions and all 40 records to arrive',
    );
    const owned = members.flatMap(({ consumer }) =>
      consumer.assignment().map((p: TopicPartition) => p.partition),
    );
    expect(owned.sort()).toEqual([0, 1, 2, 3]);
    const committed = await transport.admin().committedOffsets(groupId, topic);
    const committedTotal = [...committed.values()].reduce((sum, offset) => sum + Number(offset), 0);
    expect(committedTotal).toBe(40);
    await Promise.all(members.map(({ consumer }) => consumer.close()));
  });

  test('commit then resume from committed offset', async () => {
    const topic = await createTopic('compat-resume', 1);
    const groupId = uniqueName('compat-resume');
    const producer = await transport.producer();
    await producer.send(
      topic,
      Array.from({ length: 6 }, (_, i) => ({ key: 'k', value: String(i) })),
    );

    const first = transport.consumer({ groupId, topics: [topic], fromBeginning: true, maxBatchRecords: 4 });
    let firstDone = false;
    await first.run(async (_batch) => {
      if (firstDone) return;
      await first.commit([{ topic, partition: 0, offset: '4' }]);
      firstDone = true;
    });
    await waitFor(() => firstDone, 30_000, 'the first member to commit offset 4');
    await first.close();

    const resumed: string[] = [];
    const second = transport.consumer({ groupId, topics: [topic], fromBeginning: true });
    await second.run(async (batch) => {
      resumed.push(...batch.records.map((record) => record.value!.toString()));
    });
    await waitFor(() => resumed.length >= 2, 30_000, 'the records after offset 4');
    await second.close();
    expect(resumed).toEqual(['4', '5']);
  });

  test('compacted topic config is described', async () => {
    const topic = await createTopic('compat-compacted', 1, true);
    const kafka = new kafkajs.Kafka({
      clientId: 'eaawas-compatibility',
      brokers: testBrokers().split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy'] },
        ],
      });
      const entry = described.resources[0]!.configEntries.find(
        (config) => config.configName === 'cleanup.policy',
      );
      expect(entry?.configValue).toBe('compact');
    } finally {
      await admin.disconnect();
    }
  });

  test('topics are created, listed and deleted', async () => {
    const topic = uniqueName('compat-admin');
    const admin = transport.admin();
    await admin.createTopics([{ topic, partitions: 3, configs: { 'retention.ms': '3600000' } }]);
    expect(await admin.listTopics()).toContain(topic);
    expect((await admin.endOffsets(topic)).size).toBe(3);

    await admin.deleteTopics([topic]);
    await waitFor(async () => !(await admin.listTopics()).includes(topic), 30_000, `${topic} to disappear`);
  });

  test('negotiated versions stay within Kafka 4.0 range', () => {
    expect(sentVersions.size).toBeGreaterThan(0);
    for (const [api, minimum] of Object.entries(KAFKA_4_0_MIN_VERSIONS)) {
      for (const version of sentVersions.get(api) ?? []) {
        expect({ api, version, atLeast4_0Minimum: version >= minimum }).toEqual({
          api,
          version,
          atLeast4_0Minimum: true,
        });
      }
    }
  });
});

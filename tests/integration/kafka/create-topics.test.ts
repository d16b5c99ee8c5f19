import { jest } from '@jest/globals';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { Registry } from 'prom-client';

import {
  COMPACTED_TOPICS,
  TOPIC_SUFFIXES,
  topicNames,
  type TopicKey,
} from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { kafkaTestConfig, testBrokers, uniqueName } from './kafka-test-helpers.js';

jest.setTimeout(60_000);

describe('createPipelineTopics on Kafka', () => {
  const topicPrefix = `${uniqueName('topics')}.`;
  const config = kafkaTestConfig({ topic_prefix: topicPrefix, partitions: 2 });
  const names = topicNames(topicPrefix);
  let transport: Transport;

  beforeAll(async () => {
    transport = createTransport(config, { logger: pino({ level: 'silent' }), registry: new Registry() });
  });

  afterAll(async () => {
    await transport.admin().deleteTopics(Object.values(names));
    await transport.close();
  });

  test('second call creates nothing', async () => {
    const first = await createPipelineTopics(transport, config);
    const second = await createPipelineTopics(transport, config);

    expect(first.created.sort()).toEqual(Object.values(names).sort());
    expect(first.existing).toEqual([]);
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual(Object.values(names).sort());
  });

  test('partitions and cleanup policy follow config', async () => {
    await createPipelineTopics(transport, config);
    const kafka = new kafkajs.Kafka({
      clientId: 'eaawas-topics-test',
      brokers: testBrokers().split(','),
      logLevel: kafkajs.logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const keys = Object.keys(TOPIC_SUFFIXES) as TopicKey[];
      const described = await admin.describeConfigs({
        includeSynonyms: false,
        resources: keys.map((key) => ({
          type: kafkajs.ConfigResourceTypes.TOPIC,
          name: names[key],
          configNames: ['cleanup.policy'],
        })),
      });
      for (const key of keys) {
        const resource = described.resources.find((entry) => entry.resourceName === names[key]);
        const policy = resource?.configEntries.find(
          (entry) => entry.configName === 'cleanup.policy',
        )?.configValue;
        expect({ key, policy }).toEqual({
          key,
          policy: COMPACTED_TOPICS.includes(key) ? 'compact' : 'delete',
        });
        expect((await transport.admin().endOffsets(names[key])).size).toBe(2);
      }
    } finally {
      await admin.disconnect();
    }
  });
});

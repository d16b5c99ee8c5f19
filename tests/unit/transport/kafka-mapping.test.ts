import { logLevel } from 'kafkajs';

import { toKafkaRetry } from '../../../pipeline/transport/kafka/kafka-client-config.js';
import { kafkaLogLevel } from '../../../pipeline/transport/kafka/kafka-log-creator.js';
import { murmur2Partitioner } from '../../../pipeline/transport/kafka/kafka-producer.js';
import { toIncomingRecord, toKafkaMessage } from '../../../pipeline/transport/kafka/kafka-records.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';

const sixPartitions = Array.from({ length: 6 }, (_, partitionId) => ({
  partitionId,
  leader: 1,
  partitionErrorCode: 0,
  replicas: [1],
  isr: [1],
}));

describe('murmur2Partitioner', () => {
  test('keyed message uses murmur2 partition', () => {
    const choose = murmur2Partitioner();
    for (const key of ['a', 'resource-17', 'i-0abc']) {
      expect(choose({ topic: 't', partitionMetadata: sixPartitions, message: { key, value: 'v' } })).toBe(
        partitionForKey(key, 6),
      );
    }
  });

  test('explicit partition wins over key', () => {
    const choose = murmur2Partitioner();
    expect(
      choose({
        topic: 't',
        partitionMetadata: sixPartitions,
        message: { key: 'a', value: 'v', partition: 4 },
      }),
    ).toBe(4);
  });

  test('null keys go round-robin', () => {
    const choose = murmur2Partitioner();
    const chosen = Array.from({ length: 6 }, () =>
      choose({ topic: 't', partitionMetadata: sixPartitions, message: { key: null, value: 'v' } }),
    );
    expect(chosen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('toKafkaRetry', () => {
  test('attempts become retries after first', () => {
    expect(toKafkaRetry({ initial_delay_ms: 200, max_delay_ms: 10_000, max_attempts: 8 })).toMatchObject({
      initialRetryTime: 200,
      maxRetryTime: 10_000,
      retries: 7,
    });
  });
});

describe('kafkaLogLevel', () => {
  test.each([
    ['debug', logLevel.DEBUG],
    ['info', logLevel.INFO],
    ['warn', logLevel.WARN],
    ['error', logLevel.ERROR],
    ['silent', logLevel.NOTHING],
  ])('pino %s maps to kafkajs level', (level, expected) => {
    expect(kafkaLogLevel(level)).toBe(expected);
  });
});

describe('record conversion', () => {
  test('missing timestamp gets send time', () => {
    expect(toKafkaMessage({ key: 'k', value: 'v' }, 1_700_000_000_123).timestamp).toBe('1700000000123');
  });

  test('repeated header keeps last value', () => {
    const record = toIncomingRecord('t', 2, {
      key: Buffer.from('k'),
      value: null,
      timestamp: '1700000000000',
      attributes: 0,
      offset: '41',
      headers: { trace: [Buffer.from('first'), Buffer.from('second')], origin: Buffer.from('collector') },
    });
    expect(record).toEqual({
      topic: 't',
      partition: 2,
      offset: '41',
      key: 'k',
      value: null,
      headers: { trace: 'second', origin: 'collector' },
      timestamp: 1_700_000_000_000,
    });
  });
});

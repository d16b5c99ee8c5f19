import { createRequire } from 'node:module';

import { murmur2, partitionForKey, toPositive } from '../../../pipeline/transport/murmur2.js';

// kafkajs 2.2.4's own murmur2, the hash behind its default (Java-compatible) partitioner.
const require = createRequire(import.meta.url);
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2.js') as (
  key: Buffer | string,
) => number;

describe('murmur2', () => {
  // Expected hashes from the Java client's UtilsTest.testMurmur2 (Apache Kafka).
  const javaCases: Array<[string, number]> = [
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ];

  test.each(javaCases)('key %s hashes like Java', (key, expected) => {
    expect(murmur2(key)).toBe(expected);
  });

  test('every key length matches kafkajs', () => {
    for (let length = 0; length < 64; length++) {
      const key = Buffer.alloc(length);
      for (let i = 0; i < length; i++) key[i] = (i * 37 + length * 11) & 0xff;
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
    }
  });

  test('non-ASCII string hashes its UTF-8 bytes', () => {
    const key = 'ec2:eu-west-1/i-0ä€😀';
    expect(murmur2(key)).toBe(murmur2(Buffer.from(key, 'utf8')));
    expect(murmur2(key)).toBe(kafkajsMurmur2(Buffer.from(key, 'utf8')));
  });
});

describe('partitionForKey', () => {
  test('negative hash clears sign bit', () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(partitionForKey('21', 7)).toBe((-973932308 & 0x7fffffff) % 7);
  });

  test('partition count zero throws', () => {
    expect(() => partitionForKey('a', 0)).toThrow(RangeError);
  });
});

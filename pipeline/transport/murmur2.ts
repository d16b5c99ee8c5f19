/**
 * Kafka's default key partitioner: the 32-bit murmur2 hash of the key bytes, made positive, modulo
 * the partition count. This follows the Java client's `Utils.murmur2` and `Utils.toPositive`
 * (org.apache.kafka.common.utils.Utils) and the JavaCompatiblePartitioner that kafkajs 2.x uses as
 * its default, so the Kafka and embedded transports put a key on the same partition as any other
 * Kafka client would.
 */

const SEED = 0x9747b28c;
const MULTIPLIER = 0x5bd1e995;
const SHIFT = 24;

/**
 * Hashes bytes with murmur2 exactly as the Java Kafka client does, with 32-bit signed arithmetic.
 * Strings are hashed as their UTF-8 bytes.
 */
export function murmur2(key: Buffer | Uint8Array | string): number {
  const data = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
  const length = data.length;
  let hash = (SEED ^ length) | 0;
  const wholeWords = Math.floor(length / 4);

  for (let i = 0; i < wholeWords; i++) {
    const offset = i * 4;
    let word =
      (data[offset]! & 0xff) |
      ((data[offset + 1]! & 0xff) << 8) |
      ((data[offset + 2]! & 0xff) << 16) |
      ((data[offset + 3]! & 0xff) << 24);
    word = Math.imul(word, MULTIPLIER);
    word ^= word >>> SHIFT;
    word = Math.imul(word, MULTIPLIER);
    hash = Math.imul(hash, MULTIPLIER);
    hash ^= word;
  }

  // The trailing one to three bytes, as the fall-through switch of the Java original.
  const tail = length & ~3;
  const remainder = length % 4;
  if (remainder === 3) hash ^= (data[tail + 2]! & 0xff) << 16;
  if (remainder >= 2) hash ^= (data[tail + 1]! & 0xff) << 8;
  if (remainder >= 1) {
    hash ^= data[tail]! & 0xff;
    hash = Math.imul(hash, MULTIPLIER);
  }

  hash ^= hash >>> 13;
  hash = Math.imul(hash, MULTIPLIER);
  hash ^= hash >>> 15;
  return hash | 0;
}

/** Clears the sign bit, as Kafka's `Utils.toPositive` does; this is not the absolute value. */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/**
 * Returns the partition Kafka's default partitioner chooses for a key.
 * @param partitionCount number of partitions of the topic, at least 1
 * @throws RangeError when partitionCount is not a positive integer
 */
export function partitionForKey(key: Buffer | Uint8Array | string, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  return toPositive(murmur2(key)) % partitionCount;
}

import { EaawasError } from '../../errors/eaawas-error.js';
import { partitionForKey } from '../murmur2.js';
import type { OutgoingRecord, Producer } from '../transport.js';
import type { EmbeddedLog } from './embedded-log.js';
import type { StoredRecord } from './partition-log.js';
import { promiseFrom } from './promise-from.js';

export interface EmbeddedProducerOptions {
  log: EmbeddedLog;
  /** Epoch milliseconds stamped on records without a timestamp. */
  now(): number;
  onClose(): void;
}

/**
 * Creates a producer on the embedded log. A keyed record goes to murmur2(key) modulo the partition count,
 * like Kafka's default partitioner, and a record without key or partition goes round-robin. The
 * records of one call are appended before `send` resolves, in call order per partition.
 */
export function createEmbeddedProducer(options: EmbeddedProducerOptions): Producer {
  const roundRobin = new Map<string, number>();
  let closed = false;

  function choosePartition(topic: string, record: OutgoingRecord, count: number): number {
    if (record.partition !== undefined) {
      if (!Number.isInteger(record.partition) || record.partition < 0 || record.partition >= count) {
        throw new RangeError(
          `Topic ${topic} has ${count} partitions; partition ${record.partition} does not exist.`,
        );
      }
      return record.partition;
    }
    if (record.key !== null) {
      return partitionForKey(record.key, count);
    }
    const next = roundRobin.get(topic) ?? 0;
    roundRobin.set(topic, (next + 1) % count);
    return next;
  }

  function send(topic: string, records: OutgoingRecord[]): void {
    if (closed) {
      throw new Error(`Producer is closed; cannot send to ${topic}.`);
    }
    const count = options.log.partitionCount(topic);
    const compacted = options.log.isCompacted(topic);
    const byPartition = new Map<number, Array<Omit<StoredRecord, 'offset'>>>();
    // Every record is checked before any is appended, so a rejected call appends nothing.
    for (const record of records) {
      if (compacted && record.key === null) {
        throw new EaawasError(
          'MESSAGE_INVALID',
          `Compacted topic ${topic} accepts only records with a key.`,
          {
            context: { topic },
          },
        );
      }
      const partition = choosePartition(topic, record, count);
      const batch = byPartition.get(partition) ?? [];
      batch.push({
        key: record.key,
        value: toBuffer(record.value),
        headers: { ...(record.headers ?? {}) },
        timestamp: record.timestamp ?? options.now(),
      });
      byPartition.set(partition, batch);
    }
    for (const [partition, batch] of byPartition) {
      options.log.append(topic, partition, batch);
    }
  }

  return {
    send(topic, records) {
      return promiseFrom(() => send(topic, records));
    },
    close() {
      if (!closed) {
        closed = true;
        options.onClose();
      }
      return Promise.resolve();
    },
  };
}

/** Copies the value so later changes to the caller's buffer cannot alter the log. */
function toBuffer(value: Buffer | string | null): Buffer | null {
  if (value === null) {
    return null;
  }
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
}

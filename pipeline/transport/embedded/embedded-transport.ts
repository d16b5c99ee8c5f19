import pino, { type Logger } from 'pino';
import type { Clock } from '../../runner/clock.js';
import { systemClock } from '../../runner/clock.js';
import type {
  Consumer,
  IncomingRecord,
  Producer,
  ReadOptions,
  TopicPartition,
  Transport,
} from '../transport.js';
import { createChangeSignal } from './change-signal.js';
import { createEmbeddedAdmin } from './embedded-admin.js';
import { createEmbeddedConsumer } from './embedded-consumer.js';
import { createEmbeddedLog } from './embedded-log.js';
import { createEmbeddedProducer } from './embedded-producer.js';
import { createGroupCoordinator } from './group-coordinator.js';
import { formatOffset } from './offsets.js';

export interface EmbeddedTransportOptions {
  logger?: Logger;
  /** Stamps records sent without a timestamp; the system clock when absent. */
  clock?: Clock;
  /** Records per consumer batch when ConsumerOptions.maxBatchRecords is absent; 500 by default. */
  defaultMaxBatchRecords?: number;
  /** Records appended to a compacted partition between two compactions; 10,000 by default. */
  compactionThreshold?: number;
  /** Records a partition without compaction keeps before consumed ones are deleted; 100,000 by default. */
  retainedRecords?: number;
}

const READ_CHUNK_RECORDS = 1000;

/**
 * Creates the in-process transport: topics, consumer groups and offsets held in memory, with the
 * semantics of the Transport contract (see transport.ts). Nothing survives the process.
 *
 * Memory: a partition of a topic without compaction deletes its oldest records once it holds more
 * than `retainedRecords`, but only those that every group subscribed to the topic has committed.
 * NOTE: a topic that no running group consumes keeps every record. A group that is not running
 * holds nothing back, so a stage restarted in the same process resumes past deleted records, as
 * on Kafka after retention.
 */
export function createEmbeddedTransport(options: EmbeddedTransportOptions = {}): Transport {
  const logger = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const signal = createChangeSignal();
  const log = createEmbeddedLog({ signal, compactionThreshold: options.compactionThreshold ?? 10_000 });
  const retainedRecords = options.retainedRecords ?? 100_000;
  const coordinator = createGroupCoordinator({
    signal,
    partitionCount: (topic) => (log.hasTopic(topic) ? log.partitionCount(topic) : undefined),
    onCommitted: deleteConsumedRecords,
  });

  function deleteConsumedRecords(committed: TopicPartition): void {
    if (!log.hasTopic(committed.topic) || log.isCompacted(committed.topic)) {
      return;
    }
    const partition = log.partition(committed.topic, committed.partition);
    if (partition.size() <= retainedRecords) {
      return;
    }
    const lowest = coordinator.lowestCommitted(committed);
    if (lowest !== undefined) {
      partition.deleteBefore(lowest);
    }
  }
  const admin = createEmbeddedAdmin(log, coordinator);
  const producers = new Set<Producer>();
  const consumers = new Set<Consumer>();
  let memberSequence = 0;
  let closed = false;

  function assertOpen(): void {
    if (closed) {
      throw new Error('The embedded transport is closed.');
    }
  }

  async function readToEnd(
    topic: string,
    onRecord: (record: IncomingRecord) => void,
    read?: ReadOptions,
  ): Promise<void> {
    assertOpen();
    const count = log.partitionCount(topic);
    const partitions = read?.partitions ?? Array.from({ length: count }, (_, index) => index);
    const ends = new Map(
      partitions.map((partition) => [partition, log.partition(topic, partition).endOffset()]),
    );
    for (const partition of partitions) {
      const end = ends.get(partition)!;
      let position = log.partition(topic, partition).startOffset();
      while (position < end) {
        const chunk = log.partition(topic, partition).read(position, READ_CHUNK_RECORDS);
        for (const record of chunk) {
          if (record.offset >= end) {
            break;
          }
          onRecord({
            topic,
            partition,
            offset: formatOffset(record.offset),
            key: record.key,
            value: record.value,
            headers: { ...record.headers },
            timestamp: record.timestamp,
          });
        }
        const last = chunk.at(-1);
        position = last === undefined ? end : last.offset + 1;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }

  return {
    kind: 'embedded',
    connect() {
      assertOpen();
      return Promise.resolve();
    },
    admin() {
      assertOpen();
      return admin;
    },
    producer() {
      assertOpen();
      const producer = createEmbeddedProducer({
        log,
        now: () => clock.now(),
        onClose: () => producers.delete(producer),
      });
      producers.add(producer);
      return Promise.resolve(producer);
    },
    consumer(consumerOptions) {
      assertOpen();
      memberSequence += 1;
      const consumer = createEmbeddedConsumer({
        // Zero-padded so the range assignor's sort by member id follows join order.
        memberId: `${consumerOptions.groupId}-member-${String(memberSequence).padStart(6, '0')}`,
        log,
        coordinator,
        signal,
        logger,
        consumer: consumerOptions,
        defaultMaxBatchRecords: options.defaultMaxBatchRecords ?? 500,
        onClose: () => consumers.delete(consumer),
      });
      consumers.add(consumer);
      return consumer;
    },
    readToEnd,
    async close() {
      if (closed) {
        return;
      }
      closed = true;
      await Promise.all([...consumers].map((consumer) => consumer.close()));
      await Promise.all([...producers].map((producer) => producer.close()));
    },
  };
}

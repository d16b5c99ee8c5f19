import { randomUUID } from 'node:crypto';

import type { EachBatchPayload, Kafka, Admin as KafkaJsAdmin } from 'kafkajs';
import type { Logger } from 'pino';

import type { IncomingRecord, ReadOptions } from '../transport.js';
import { withTransportErrors } from './kafka-errors.js';
import { FETCH_MAX_WAIT_MS } from './kafka-consumer.js';
import { toIncomingRecord } from './kafka-records.js';

export interface ReadToEndSettings {
  /** Prefix of the throwaway group id, so such groups are recognisable on the broker. */
  groupIdPrefix: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * Reads a topic from its first offset up to the end offsets observed at the call.
 *
 * kafkajs 2.2.4 has no manual `assign()`, so a group-less read is emulated. The end offsets come
 * from the admin API. A consumer in a throwaway group (a random id, fromBeginning, never commits)
 * then fetches until every requested partition reaches its end offset. A finished partition is
 * paused, records at or past the end offset are not delivered, and the group is deleted afterwards.
 * Progress is taken from kafkajs's END_BATCH_PROCESS event, which also covers batches that contain
 * only control records and so never reach eachBatch.
 *
 * @throws EaawasError TOPIC_NOT_FOUND when the topic does not exist, or the error `onRecord` threw
 */
export async function readTopicToEnd(
  kafka: Kafka,
  admin: KafkaJsAdmin,
  settings: ReadToEndSettings,
  logger: Logger,
  topic: string,
  onRecord: (record: IncomingRecord) => void,
  options: ReadOptions = {},
): Promise<void> {
  const offsets = await withTransportErrors(`fetching end offsets of ${topic}`, { topic }, () =>
    admin.fetchTopicOffsets(topic),
  );
  const wanted = options.partitions === undefined ? undefined : new Set(options.partitions);
  const endByPartition = new Map<number, bigint>();
  for (const { partition, high, low } of offsets) {
    if (wanted !== undefined && !wanted.has(partition)) continue;
    if (BigInt(high) > BigInt(low)) endByPartition.set(partition, BigInt(high));
  }
  if (endByPartition.size === 0) return;

  const groupId = `${settings.groupIdPrefix}${randomUUID()}`;
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
  });
  const remaining = new Set(endByPartition.keys());

  let finish!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = (error?: unknown) =>
      error === undefined
        ? resolve()
        : reject(error instanceof Error ? error : new Error(`readToEnd failed: ${JSON.stringify(error)}`));
  });

  consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
    const end = endByPartition.get(event.payload.partition);
    if (end !== undefined && BigInt(event.payload.lastOffset) + 1n >= end) {
      remaining.delete(event.payload.partition);
      if (remaining.size === 0) finish();
    }
  });
  consumer.on(consumer.events.CRASH, (event) => {
    if (!event.payload.restart) finish(event.payload.error);
  });

  function deliver(payload: EachBatchPayload): void {
    const batch = payload.batch;
    const end = endByPartition.get(batch.partition);
    if (end === undefined) {
      payload.pause();
      return;
    }
    for (const message of batch.messages) {
      if (BigInt(message.offset) >= end) break;
      onRecord(toIncomingRecord(batch.topic, batch.partition, message));
    }
    if (BigInt(batch.lastOffset()) + 1n >= end) payload.pause();
  }

  try {
    await withTransportErrors(`reading ${topic} to its end`, { topic }, async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: (payload) => {
          try {
            deliver(payload);
          } catch (error) {
            finish(error);
          }
          return Promise.resolve();
        },
      });
    });
    await finished;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch((error: unknown) => {
      logger.warn({ err: error, group_id: groupId }, 'Deleting the throwaway read-to-end group failed');
    });
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type { Consumer, IncomingRecord, Transport } from '../../pipeline/transport/transport.js';

/** Receives the decoded value of each record; null for a tombstone. */
export type TableUpdate<T> = (key: string | null, value: T | null) => void;

export interface TopicTableReaderOptions<T> {
  transport: Transport;
  topic: string;
  schema: ZodType<T>;
  /** Prefix of the reader's consumer group; a random suffix makes it private to this process. */
  groupIdPrefix: string;
  logger: Logger;
  onUpdate: TableUpdate<T>;
  /** Called for a record whose value is not JSON or fails the schema; it is skipped. */
  onInvalid: (record: IncomingRecord) => void;
}

/**
 * Reads every partition of a topic into a local table, like Kafka Streams' global tables. Each
 * process of a stage receives all keys, whichever partitions of its input it was assigned. Its
 * consumer group is private to the process and never commits, so each start reads from the
 * first offset.
 */
export interface TopicTableReader {
  /** Reads the topic up to its current end, then keeps following it. */
  start(): Promise<void>;
  /** Reads the topic again up to the end offsets observed now, so records produced before this call are applied. */
  catchUp(): Promise<void>;
  close(): Promise<void>;
}

export function createTopicTableReader<T>(options: TopicTableReaderOptions<T>): TopicTableReader {
  const { transport, topic, schema, logger } = options;
  let consumer: Consumer | undefined;

  function apply(record: IncomingRecord): void {
    if (record.value === null) {
      options.onUpdate(record.key, null);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(record.value.toString('utf8'));
    } catch {
      options.onInvalid(record);
      return;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      options.onInvalid(record);
      return;
    }
    options.onUpdate(record.key, result.data);
  }

  async function catchUp(): Promise<void> {
    await transport.readToEnd(topic, apply);
  }

  return {
    async start() {
      await catchUp();
      consumer = transport.consumer({
        groupId: `${options.groupIdPrefix}.${randomUUID()}`,
        topics: [topic],
        fromBeginning: true,
      });
      await consumer.run((batch) => {
        for (const record of batch.records) {
          apply(record);
        }
        return Promise.resolve();
      });
      logger.debug({ topic }, 'following topic as a table');
    },
    catchUp,
    async close() {
      await consumer?.close();
    },
  };
}

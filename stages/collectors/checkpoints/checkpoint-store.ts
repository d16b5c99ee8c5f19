import type { Logger } from 'pino';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import type { Producer, Transport } from '../../../pipeline/transport/transport.js';

/**
 * Durable per-key checkpoints of a source (a high-water mark per metric series, a sequence number
 * per Kinesis shard), kept in a compacted topic so that they survive a restart and are shared by
 * any machine that runs the source. A source saves a checkpoint only after the records it covers
 * were acknowledged, so a crash in between publishes them again rather than losing them.
 */
export interface CheckpointStore<T> {
  /** Reads the latest checkpoint of every key; a key whose latest record is a tombstone is absent. */
  load(): Promise<Map<string, T>>;
  /** Writes checkpoints and resolves once the transport acknowledged them. */
  save(entries: ReadonlyArray<readonly [string, T]>): Promise<void>;
  /** Releases the producer; calling it again does nothing. */
  close(): Promise<void>;
}

export interface TopicCheckpointStoreOptions<T> {
  transport: Transport;
  /** The compacted topic, named with changelogTopic() from topic-names.ts. */
  topic: string;
  replicationFactor: number;
  logger: Logger;
  /** Checks one decoded value; returns null for a value that is not a checkpoint of this source. */
  parse(value: unknown): T | null;
}

/**
 * Creates a checkpoint store on a compacted topic with one partition, created on first use. One
 * partition keeps every checkpoint of the source in one ordered log.
 */
export function createTopicCheckpointStore<T>(options: TopicCheckpointStoreOptions<T>): CheckpointStore<T> {
  const { transport, topic, logger } = options;
  let producer: Producer | null = null;
  let ensured = false;

  async function ensureTopic(): Promise<void> {
    if (ensured) {
      return;
    }
    await transport.connect();
    const admin = transport.admin();
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      await admin.createTopics([
        { topic, partitions: 1, replicationFactor: options.replicationFactor, compacted: true },
      ]);
      logger.info({ topic }, 'checkpoint topic created');
    }
    ensured = true;
  }

  return {
    async load() {
      await ensureTopic();
      const checkpoints = new Map<string, T>();
      let skipped = 0;
      await transport.readToEnd(topic, (record) => {
        if (record.key === null) {
          return;
        }
        if (record.value === null) {
          checkpoints.delete(record.key);
          return;
        }
        let parsed: T | null;
        try {
          parsed = options.parse(JSON.parse(record.value.toString('utf8')) as unknown);
        } catch {
          parsed = null;
        }
        if (parsed === null) {
          skipped += 1;
          return;
        }
        checkpoints.set(record.key, parsed);
      });
      if (skipped > 0) {
        logger.warn({ topic, skipped }, 'checkpoint records that do not parse were skipped');
      }
      return checkpoints;
    },

    async save(entries) {
      if (entries.length === 0) {
        return;
      }
      await ensureTopic();
      try {
        producer ??= await transport.producer();
        await producer.send(
          topic,
          entries.map(([key, value]) => ({ key, value: JSON.stringify(value) })),
        );
      } catch (error) {
        throw new EaawasError('TRANSPORT_UNAVAILABLE', `Writing checkpoints to ${topic} failed.`, {
          retriable: true,
          cause: error,
          context: { topic },
        });
      }
    },

    async close() {
      const current = producer;
      producer = null;
      await current?.close();
    },
  };
}

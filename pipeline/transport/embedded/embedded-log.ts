import type { TopicSpec } from '../transport.js';
import type { ChangeSignal } from './change-signal.js';
import { topicNotFound } from './offsets.js';
import { PartitionLog, type StoredRecord } from './partition-log.js';

interface Topic {
  spec: TopicSpec;
  partitions: PartitionLog[];
}

/**
 * The topics of one embedded transport and their partition logs. Every topic must be created
 * before use: like a broker with `auto.create.topics.enable=false`, reads and appends of an unknown
 * topic throw TOPIC_NOT_FOUND.
 */
export interface EmbeddedLog {
  /** Creates a topic; a topic that exists keeps its partitions, as createTopics on Kafka does. */
  createTopic(spec: TopicSpec): void;
  /** @throws EaawasError (TOPIC_NOT_FOUND) */
  deleteTopic(topic: string): void;
  topicNames(): string[];
  hasTopic(topic: string): boolean;
  isCompacted(topic: string): boolean;
  /** @throws EaawasError (TOPIC_NOT_FOUND) */
  partitionCount(topic: string): number;
  /** @throws EaawasError (TOPIC_NOT_FOUND), RangeError for a partition the topic does not have */
  partition(topic: string, partition: number): PartitionLog;
  /** Appends to one partition, wakes waiting consumers and returns the first offset. */
  append(topic: string, partition: number, records: ReadonlyArray<Omit<StoredRecord, 'offset'>>): number;
}

export interface EmbeddedLogOptions {
  signal: ChangeSignal;
  compactionThreshold: number;
}

export function createEmbeddedLog(options: EmbeddedLogOptions): EmbeddedLog {
  const topics = new Map<string, Topic>();

  function topicOrThrow(name: string): Topic {
    const topic = topics.get(name);
    if (topic === undefined) {
      throw topicNotFound(name);
    }
    return topic;
  }

  function partition(name: string, index: number): PartitionLog {
    const topic = topicOrThrow(name);
    const log = topic.partitions[index];
    if (log === undefined) {
      throw new RangeError(
        `Topic ${name} has ${topic.partitions.length} partitions; partition ${index} does not exist.`,
      );
    }
    return log;
  }

  return {
    createTopic(spec) {
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new RangeError(`Topic ${spec.topic} needs at least one partition, got ${spec.partitions}.`);
      }
      if (topics.has(spec.topic)) {
        return;
      }
      const compacted = spec.compacted === true || spec.configs?.['cleanup.policy'] === 'compact';
      const partitions = Array.from(
        { length: spec.partitions },
        () => new PartitionLog({ compacted, compactionThreshold: options.compactionThreshold }),
      );
      topics.set(spec.topic, { spec: { ...spec, compacted }, partitions });
      options.signal.notify();
    },
    deleteTopic(name) {
      topicOrThrow(name);
      topics.delete(name);
      options.signal.notify();
    },
    topicNames: () => [...topics.keys()].sort(),
    hasTopic: (name) => topics.has(name),
    isCompacted: (name) => topicOrThrow(name).spec.compacted === true,
    partitionCount: (name) => topicOrThrow(name).partitions.length,
    partition,
    append(name, index, records) {
      const first = partition(name, index).append(records);
      options.signal.notify();
      return first;
    },
  };
}

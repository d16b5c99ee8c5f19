/**
 * The transport contract that every stage runs on. Two implementations exist: Kafka (kafkajs) for
 * production and scale-out, and an embedded in-process log for one machine. Both give the same
 * semantics, checked by one contract suite (tests/integration/transport/transport-contract.test.ts):
 *
 * - A topic has a fixed number of partitions. A record with a key goes to the partition chosen by
 *   murmur2(key) like Kafka's default partitioner, so all records of one key keep their order.
 * - `send` resolves only after every record is acknowledged (acks=all on Kafka); records of one
 *   call to one partition are appended in call order.
 * - A consumer group splits the partitions of its topics among its members. A member receives the
 *   records of a partition in offset order, one batch at a time per partition.
 * - Offsets are committed only by `commit`. After a restart or rebalance a member resumes at the
 *   committed offset, so records after it are delivered again (at-least-once).
 * - A compacted topic read from the start yields, per key, at least the latest value. A record
 *   with a null value (tombstone) deletes the key.
 */

export type RecordHeaders = Record<string, string>;

/** A record to produce. `value: null` is a tombstone. */
export interface OutgoingRecord {
  key: string | null;
  value: Buffer | string | null;
  headers?: RecordHeaders;
  /** Event time in epoch milliseconds; the transport stamps the send time when absent. */
  timestamp?: number;
  /** Explicit partition; otherwise chosen from the key. */
  partition?: number;
}

/** A record as consumed, with its position. Offsets are decimal strings as Kafka's are 64-bit. */
export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: RecordHeaders;
  timestamp: number;
}

export interface RecordBatch {
  topic: string;
  partition: number;
  records: IncomingRecord[];
  /** Offset one past the last record in the partition when the batch was fetched. */
  highWatermark: string;
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to consume, that is the last processed offset plus one. */
  offset: string;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  compacted?: boolean;
  /** Extra topic configs, for example `retention.ms`. */
  configs?: Record<string, string>;
}

export interface ConsumerOptions {
  groupId: string;
  topics: string[];
  /** Start position of a group without a committed offset: the earliest record (true) or the end. */
  fromBeginning: boolean;
  /** Most records handed to one batch. */
  maxBatchRecords?: number;
  /**
   * Called when this member's assignment changes, before any batch of the new assignment is
   * handed out. Stateful stages restore their stores for the assigned partitions here.
   */
  onAssignment?: (assigned: TopicPartition[]) => Promise<void>;
}

export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export interface Consumer {
  /** Starts fetching and calls `handler` for each batch; a rejected handler stops the consumer. */
  run(handler: BatchHandler): Promise<void>;
  /** Commits the given next offsets for this group. */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** Partitions currently assigned to this member. */
  assignment(): TopicPartition[];
  /** Leaves the group and stops fetching; safe to call more than once. */
  close(): Promise<void>;
}

export interface Producer {
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
  close(): Promise<void>;
}

export interface Admin {
  createTopics(specs: TopicSpec[]): Promise<void>;
  listTopics(): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  /** Per partition, the offset one past the last record. */
  endOffsets(topic: string): Promise<Map<number, string>>;
  /** Per partition, the committed next offset of a group; absent when nothing was committed. */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, string>>;
}

export interface ReadOptions {
  /** Partitions to read; all when absent. */
  partitions?: number[];
}

export interface Transport {
  readonly kind: 'embedded' | 'kafka';
  connect(): Promise<void>;
  admin(): Admin;
  producer(): Promise<Producer>;
  consumer(options: ConsumerOptions): Consumer;
  /**
   * Reads a topic from its first offset up to the end offsets observed at the call, without a
   * consumer group, and resolves when every partition is read. Used to rebuild state from a
   * compacted topic.
   */
  readToEnd(topic: string, onRecord: (record: IncomingRecord) => void, options?: ReadOptions): Promise<void>;
  /** Closes every producer and consumer created from this transport; safe to call more than once. */
  close(): Promise<void>;
}

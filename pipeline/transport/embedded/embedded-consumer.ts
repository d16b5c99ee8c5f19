import type { Logger } from 'pino';
import type {
  BatchHandler,
  Consumer,
  ConsumerOptions,
  IncomingRecord,
  TopicPartition,
  TopicPartitionOffset,
} from '../transport.js';
import type { ChangeSignal } from './change-signal.js';
import type { EmbeddedLog } from './embedded-log.js';
import type { GroupCoordinator, MemberAssignment } from './group-coordinator.js';
import { formatOffset, parseOffset, partitionKey, topicNotFound } from './offsets.js';
import type { StoredRecord } from './partition-log.js';
import { promiseFrom } from './promise-from.js';

export interface EmbeddedConsumerOptions {
  memberId: string;
  log: EmbeddedLog;
  coordinator: GroupCoordinator;
  signal: ChangeSignal;
  logger: Logger;
  consumer: ConsumerOptions;
  /** Records per batch when ConsumerOptions.maxBatchRecords is absent. */
  defaultMaxBatchRecords: number;
  onClose(): void;
}

/**
 * Creates a member of a consumer group on the embedded log. One fetch loop hands out one batch at a time
 * and fetches the next only after the handler resolved, so records wait in the log, never in a
 * buffer of the consumer. After every new assignment the positions restart at the committed
 * offsets, as on Kafka after an eager rebalance, so uncommitted records are delivered again.
 */
export function createEmbeddedConsumer(options: EmbeddedConsumerOptions): Consumer {
  const { memberId, log, coordinator, signal, consumer: settings } = options;
  const groupId = settings.groupId;
  const maxRecords = settings.maxBatchRecords ?? options.defaultMaxBatchRecords;
  const positions = new Map<string, number>();
  let current: MemberAssignment | undefined;
  let reportedPartitions: string | undefined;
  let nextIndex = 0;
  let running = false;
  let stopping = false;
  let closed = false;
  let inFlight: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;

  function startPosition(partition: TopicPartition): number {
    const committed = coordinator.committed(groupId, partition);
    if (committed !== undefined) {
      return committed;
    }
    const partitionLog = log.partition(partition.topic, partition.partition);
    return settings.fromBeginning ? partitionLog.startOffset() : partitionLog.endOffset();
  }

  /** Picks the next owned partition with records to fetch, round-robin, and takes its lease. */
  function leaseNextPartition(): { partition: TopicPartition; position: number } | undefined {
    const owned = current?.partitions ?? [];
    for (let step = 0; step < owned.length; step++) {
      const partition = owned[(nextIndex + step) % owned.length]!;
      if (!log.hasTopic(partition.topic)) {
        continue;
      }
      // Only a free lease makes the committed offset final: the previous owner may still commit.
      if (!coordinator.canLease(groupId, memberId, partition)) {
        continue;
      }
      const key = partitionKey(partition.topic, partition.partition);
      const position = positions.get(key) ?? startPosition(partition);
      positions.set(key, position);
      if (position < log.partition(partition.topic, partition.partition).endOffset()) {
        coordinator.tryLease(groupId, memberId, partition);
        nextIndex = (nextIndex + step + 1) % owned.length;
        return { partition, position };
      }
    }
    return undefined;
  }

  async function applyAssignment(assignment: MemberAssignment): Promise<void> {
    current = assignment;
    positions.clear();
    nextIndex = 0;
    const described = assignment.partitions
      .map((owned) => partitionKey(owned.topic, owned.partition))
      .join(',');
    if (described !== reportedPartitions) {
      reportedPartitions = described;
      options.logger.debug(
        { groupId, memberId, partitions: assignment.partitions },
        'consumer assignment changed',
      );
      await settings.onAssignment?.(assignment.partitions);
    }
  }

  async function deliver(partition: TopicPartition, position: number, handler: BatchHandler): Promise<void> {
    const partitionLog = log.partition(partition.topic, partition.partition);
    const stored = partitionLog.read(position, maxRecords);
    const last = stored.at(-1);
    if (last === undefined) {
      return;
    }
    await handler({
      topic: partition.topic,
      partition: partition.partition,
      records: stored.map((record) => toIncoming(partition, record)),
      highWatermark: formatOffset(partitionLog.endOffset()),
    });
    positions.set(partitionKey(partition.topic, partition.partition), last.offset + 1);
  }

  async function fetchLoop(handler: BatchHandler): Promise<void> {
    while (!stopping) {
      const assignment = coordinator.assignmentOf(groupId, memberId);
      if (assignment === undefined) {
        return;
      }
      if (assignment.generation !== current?.generation) {
        await applyAssignment(assignment);
        continue;
      }
      const next = leaseNextPartition();
      if (next === undefined) {
        await signal.wait();
        continue;
      }
      const delivery = deliver(next.partition, next.position, handler);
      inFlight = delivery.catch(() => undefined);
      try {
        await delivery;
      } finally {
        coordinator.releaseLease(groupId, memberId, next.partition);
      }
      // Handlers on the embedded log often resolve without I/O; yielding lets timers and sockets run.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  function leave(): void {
    if (!closed) {
      closed = true;
      stopping = true;
      coordinator.leave(groupId, memberId);
      signal.notify();
      options.onClose();
    }
  }

  return {
    run(handler) {
      if (running || stopping) {
        return Promise.reject(
          new Error(`Consumer ${memberId} of group ${groupId} is already running or closed.`),
        );
      }
      const missing = settings.topics.find((topic) => !log.hasTopic(topic));
      if (missing !== undefined) {
        return Promise.reject(topicNotFound(missing));
      }
      running = true;
      coordinator.join(groupId, { memberId, topics: [...settings.topics] });
      fetchLoop(handler).then(leave, (error: unknown) => {
        options.logger.error(
          { err: error, groupId, memberId },
          'consumer stopped because its batch handler or onAssignment failed',
        );
        leave();
      });
      return Promise.resolve();
    },
    commit(offsets: TopicPartitionOffset[]) {
      return promiseFrom(() => {
        if (closed) {
          throw new Error(`Consumer ${memberId} of group ${groupId} is closed; cannot commit.`);
        }
        const parsed = offsets.map((entry) => ({
          ...entry,
          offset: parseOffset(entry.offset, entry.topic, entry.partition),
        }));
        coordinator.commit(groupId, memberId, parsed);
      });
    },
    assignment() {
      return coordinator.assignmentOf(groupId, memberId)?.partitions ?? [];
    },
    close() {
      // Like the Kafka consumer, let the batch in flight finish and commit before leaving.
      closing ??= (async function closeConsumer() {
        stopping = true;
        signal.notify();
        await inFlight;
        leave();
      })();
      return closing;
    },
  };
}

function toIncoming(partition: TopicPartition, record: StoredRecord): IncomingRecord {
  return {
    topic: partition.topic,
    partition: partition.partition,
    offset: formatOffset(record.offset),
    key: record.key,
    value: record.value,
    headers: { ...record.headers },
    timestamp: record.timestamp,
  };
}

import { setTimeout as delay } from 'node:timers/promises';

import type { EachBatchPayload, Kafka, Consumer as KafkaJsConsumer } from 'kafkajs';
import type { Logger } from 'pino';

import type {
  BatchHandler,
  Consumer,
  ConsumerOptions,
  TopicPartition,
  TopicPartitionOffset,
} from '../transport.js';
import { withTransportErrors } from './kafka-errors.js';
import type { KafkaMetrics } from './kafka-metrics.js';
import { toIncomingRecord } from './kafka-records.js';

/**
 * Maximum time the broker keeps a fetch open while no new records arrive, in milliseconds. Stopping a
 * consumer waits for the fetch in flight, so this bounds how long `close` and a rebalance wait.
 * The cost is one empty fetch per second per broker when idle. kafkajs's default is 5000.
 */
export const FETCH_MAX_WAIT_MS = 1000;

export interface KafkaConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Max records per handler call when the consumer options set none. */
  defaultMaxBatchRecords: number;
}

/**
 * Creates a consumer-group member on kafkajs. kafkajs fetches per partition, and each fetched batch is
 * split into chunks of at most `maxBatchRecords` that go to the handler one at a time in offset
 * order. Auto-commit is off, so offsets move on the broker only through `commit`. After a handler
 * call resolves, its last offset is resolved locally so the next fetch continues after it. A
 * rejected handler (or `onAssignment`) stops the member, and it leaves the group.
 *
 * Assignment: kafkajs emits GROUP_JOIN synchronously after the join and sync, before it fetches
 * for the new generation, but it does not wait for listeners. The listener therefore only starts
 * `onAssignment`, and every batch waits for it to settle first, heartbeating meanwhile so a long
 * store restore does not cost the membership. `onAssignment` receives the whole new assignment.
 */
export function createKafkaConsumer(
  kafka: Kafka,
  options: ConsumerOptions,
  settings: KafkaConsumerSettings,
  logger: Logger,
  metrics: KafkaMetrics,
): Consumer {
  const { groupId, topics } = options;
  const maxBatchRecords = options.maxBatchRecords ?? settings.defaultMaxBatchRecords;
  const log = logger.child({ group_id: groupId });
  const consumer: KafkaJsConsumer = kafka.consumer({
    groupId,
    sessionTimeout: settings.sessionTimeoutMs,
    heartbeatInterval: settings.heartbeatIntervalMs,
    allowAutoTopicCreation: false,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    // kafkajs restarts a crashed consumer from a timer. A crash that lands while `close` is
    // disconnecting would bring the member back after close resolved and keep the process alive,
    // so a closing consumer is never restarted. The other retry settings come from the client.
    retry: { restartOnFailure: () => Promise.resolve(!stopping) },
  });

  let assigned: TopicPartition[] = [];
  let assignmentReady: Promise<void> = Promise.resolve();
  let failure: unknown;
  let started = false;
  let stopping = false;
  let disconnected = false;
  let inFlight: Promise<void> = Promise.resolve();
  let closed: Promise<void> | undefined;

  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    metrics.clientEvents.inc({ event: 'consumer_group_join' });
    const next: TopicPartition[] = [];
    for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
      for (const partition of partitions) next.push({ topic, partition });
    }
    assigned = next;
    log.info({ member_id: event.payload.memberId, partitions: next.length }, 'Joined consumer group');

    const onAssignment = options.onAssignment;
    if (onAssignment !== undefined) {
      // Chained so that two quick rebalances never run the callback concurrently.
      assignmentReady = assignmentReady.then(() => onAssignment(next)).catch((error: unknown) => fail(error));
    }
  });
  consumer.on(consumer.events.REBALANCING, () => {
    metrics.clientEvents.inc({ event: 'consumer_rebalancing' });
    log.warn('Consumer group is rebalancing');
  });
  consumer.on(consumer.events.CRASH, (event) => {
    metrics.clientEvents.inc({ event: 'consumer_crash' });
    if (event.payload.restart) {
      log.warn({ err: event.payload.error }, 'Kafka consumer crashed; kafkajs restarts it');
      return;
    }
    // NOTE: the Consumer interface cannot report this failure to its owner. The member closes and
    // logs it, and a stage runner can detect it only as growing consumer lag.
    fail(event.payload.error);
  });
  consumer.on(consumer.events.STOP, () => metrics.clientEvents.inc({ event: 'consumer_stop' }));
  consumer.on(consumer.events.REQUEST_TIMEOUT, (event) => {
    metrics.clientEvents.inc({ event: 'request_timeout' });
    metrics.requestTimeouts.inc({ command: event.payload.apiName });
  });

  function close(): Promise<void> {
    closed ??= (async function closeConsumer() {
      stopping = true;
      // Let the handler call in flight finish and commit before kafkajs stops, because kafkajs
      // silently skips commits of a stopped consumer.
      await inFlight;
      await consumer.disconnect();
      disconnected = true;
      assigned = [];
      log.info('Kafka consumer closed');
    })();
    return closed;
  }

  function fail(error: unknown): void {
    if (failure !== undefined) return;
    failure = error;
    log.error({ err: error }, 'Consumer failed; it stops and leaves the group');
    // Not awaited: the kafkajs stop waits for the batch that is calling this to return.
    close().catch((closeError: unknown) =>
      log.error({ err: closeError }, 'Closing the failed consumer failed'),
    );
  }

  async function waitForAssignment(heartbeat: () => Promise<void>): Promise<void> {
    let settled = false;
    const ready = assignmentReady.then(() => {
      settled = true;
    });
    while (!settled) {
      const pause = new AbortController();
      await Promise.race([
        ready,
        delay(settings.heartbeatIntervalMs, undefined, { signal: pause.signal }).catch(() => undefined),
      ]);
      pause.abort();
      if (!settled) await heartbeat();
    }
  }

  async function handleBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const batch = payload.batch;
    await waitForAssignment(() => payload.heartbeat());

    const records = batch.messages.map((message) => toIncomingRecord(batch.topic, batch.partition, message));
    for (let start = 0; start < records.length; start += maxBatchRecords) {
      if (failure !== undefined || stopping || !payload.isRunning() || payload.isStale()) return;

      const chunk = records.slice(start, start + maxBatchRecords);
      try {
        await handler({
          topic: batch.topic,
          partition: batch.partition,
          records: chunk,
          highWatermark: batch.highWatermark,
        });
      } catch (error) {
        fail(error);
        return;
      }
      payload.resolveOffset(chunk[chunk.length - 1]!.offset);
      await payload.heartbeat();
    }
  }

  return {
    async run(handler) {
      if (started) throw new Error(`Consumer of group ${groupId} is already running`);
      started = true;

      await withTransportErrors('starting the Kafka consumer', { groupId }, async () => {
        await consumer.connect();
        await consumer.subscribe({ topics, fromBeginning: options.fromBeginning });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 1,
          eachBatch: (payload) => {
            if (failure !== undefined || stopping) return Promise.resolve();
            const handled = handleBatch(payload, handler);
            inFlight = handled.catch(() => undefined);
            return handled;
          },
        });
      });
    },

    async commit(offsets: TopicPartitionOffset[]) {
      if (disconnected) throw new Error(`Consumer of group ${groupId} is closed`);
      if (offsets.length === 0) return;
      await withTransportErrors(`committing offsets of group ${groupId}`, { groupId }, () =>
        consumer.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset }))),
      );
    },

    assignment() {
      return closed === undefined ? assigned.map((entry) => ({ ...entry })) : [];
    },

    close,
  };
}

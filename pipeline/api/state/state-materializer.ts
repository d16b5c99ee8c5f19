import type { Logger } from 'pino';
import type { TopicKey, TopicNames } from '../../topics/topic-names.js';
import type { Consumer, IncomingRecord, RecordBatch, Transport } from '../../transport/transport.js';
import type { ApiMetrics } from '../http/api-metrics.js';
import { MATERIALIZED_TOPICS, type ApiState, type MaterializedTopic } from './api-state.js';

export interface RetrySettings {
  initial_delay_ms: number;
  max_delay_ms: number;
}

export interface StateMaterializerOptions {
  transport: Transport;
  topics: TopicNames;
  state: ApiState;
  logger: Logger;
  metrics: ApiMetrics;
  /** Consumer group of the tail consumer; unique per process so every API process reads every record. */
  groupId: string;
  /** Backoff between catch-up attempts while a topic is missing or the transport is down. */
  retry: RetrySettings;
}

/** Readiness of the read side, as GET /ready reports it. */
export interface MaterializerStatus {
  caughtUp: boolean;
  /** True once the tail consumer has failed, so the state goes stale. */
  tailFailed: boolean;
  /** Reason the state is not ready, shown in the /ready body; null when ready. */
  reason: string | null;
}

/**
 * Builds the API's state from its topics and keeps it current.
 *
 * Start-up reads every materialized topic from its first offset to the end offsets observed at the
 * call (`readToEnd`), which for the compacted topics yields the latest value of every key. Then a
 * consumer in a group unique to this process tails the topics from the beginning. It skips every
 * record below the offsets the catch-up already applied. So no record between the end of the
 * catch-up and the start of the tail is missed, and none is applied twice.
 */
export interface StateMaterializer {
  /** Runs the catch-up, retrying with backoff, then starts the tail consumer. Resolves once caught up. */
  start(): Promise<void>;
  status(): MaterializerStatus;
  /** Stops the catch-up retries and the tail consumer; safe to call more than once. */
  close(): Promise<void>;
}

export function createStateMaterializer(options: StateMaterializerOptions): StateMaterializer {
  const { transport, topics, state, logger, metrics } = options;
  const topicByName = new Map<string, MaterializedTopic>(
    MATERIALIZED_TOPICS.map((key: MaterializedTopic & TopicKey) => [topics[key], key]),
  );
  // Next offset to apply, per topic and partition; records below it were applied already.
  const nextOffsets = new Map<string, bigint>();
  let caughtUp = false;
  let tailFailed = false;
  let reason: string | null = 'catching up with the topics';
  let consumer: Consumer | undefined;
  let closed = false;
  const stopSignal = new AbortController();

  function applyIncoming(record: IncomingRecord): void {
    const topic = topicByName.get(record.topic);
    if (topic === undefined) {
      return;
    }
    const position = `${record.topic}|${record.partition}`;
    const offset = BigInt(record.offset);
    const next = nextOffsets.get(position) ?? 0n;
    if (offset < next) {
      return;
    }
    nextOffsets.set(position, offset + 1n);
    const outcome = state.applyRecord(topic, record.key, record.value);
    metrics.stateRecords.inc({ topic: record.topic, outcome });
    if (outcome === 'invalid') {
      logger.debug(
        { topic: record.topic, partition: record.partition, offset: record.offset },
        'api state skipped an invalid record',
      );
    }
  }

  // The topics are read in parallel because a Kafka readToEnd spends most of its time joining a
  // throwaway group. Records of different topics update different stores, so their relative order
  // does not matter.
  async function catchUp(): Promise<void> {
    await Promise.all(MATERIALIZED_TOPICS.map((key) => transport.readToEnd(topics[key], applyIncoming)));
  }

  function startTail(): void {
    consumer = transport.consumer({
      groupId: options.groupId,
      topics: MATERIALIZED_TOPICS.map((key) => topics[key]),
      fromBeginning: true,
    });
    const running = consumer.run(async function applyBatch(batch: RecordBatch) {
      for (const record of batch.records) {
        applyIncoming(record);
      }
      await Promise.resolve();
    });
    running.catch((error: unknown) => {
      tailFailed = true;
      reason = 'the tail consumer stopped; the state is stale';
      metrics.stateCaughtUp.set(0);
      logger.error({ err: error, groupId: options.groupId }, 'api state consumer failed');
    });
  }

  let started: Promise<void> | undefined;

  function start(): Promise<void> {
    started ??= runCatchUpThenTail();
    return started;
  }

  async function runCatchUpThenTail(): Promise<void> {
    let delayMs = options.retry.initial_delay_ms;
    const startedAt = Date.now();
    while (!closed) {
      try {
        await catchUp();
        break;
      } catch (error) {
        reason = `catch-up failed, retrying within ${delayMs} ms: ${error instanceof Error ? error.message : String(error)}`;
        logger.warn({ err: error, delayMs }, 'api state catch-up failed; retrying');
        // Equal jitter, a delay in [delay/2, delay], keeps several API processes from retrying in step.
        await sleep(delayMs / 2 + Math.random() * (delayMs / 2), stopSignal.signal);
        delayMs = Math.min(delayMs * 2, options.retry.max_delay_ms);
      }
    }
    if (closed) {
      return;
    }
    startTail();
    caughtUp = true;
    reason = null;
    metrics.stateCaughtUp.set(1);
    logger.info({ durationMs: Date.now() - startedAt, groupId: options.groupId }, 'api state caught up');
  }

  async function close(): Promise<void> {
    if (closed) {
      return;
    }
    closed = true;
    stopSignal.abort();
    // A catch-up read in flight finishes or fails before the caller closes the transport under it.
    await started;
    metrics.stateCaughtUp.set(0);
    await consumer?.close();
  }

  return {
    start,
    status: () => ({ caughtUp: caughtUp && !tailFailed, tailFailed, reason: closed ? 'closed' : reason }),
    close,
  };
}

function sleep(delayMs: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, delayMs);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { ZodType } from 'zod';
import type {
  IncomingRecord,
  OutgoingRecord,
  Producer,
  RecordBatch,
  TopicPartitionOffset,
} from '../transport/transport.js';
import type { Clock } from './clock.js';
import { toDeadLetter } from './dead-letter.js';
import type { OutputEncoder } from './output-encoder.js';
import { decodeRecord } from './record-decoder.js';
import { withRetry, type RetryPolicy } from './retry.js';
import type { StageMetrics } from './stage-metrics.js';
import type { DecodedRecord, StageInstance, StageRejection, StageResult } from './stage.js';

export interface InputTopic {
  schema: ZodType;
  compacted: boolean;
}

export interface BatchProcessorOptions {
  stage: string;
  instance: StageInstance;
  inputs: ReadonlyMap<string, InputTopic>;
  encoder: OutputEncoder;
  producer: Producer;
  deadLetterTopic: string;
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  metrics: StageMetrics;
  logger: Logger;
  retry: RetryPolicy;
  clock: Clock;
  /** Aborted when shutdown runs out of time; ends retry waits early. */
  signal: AbortSignal;
}

export interface BatchProcessor {
  /**
   * Decodes, processes and produces one batch, then commits its offsets. Every produce, outputs
   * and dead letters alike, is acknowledged before the commit, so a failure at any step leaves
   * the batch uncommitted and it is delivered again.
   * @throws the first non-retriable error, or the last retriable one when retries run out
   */
  handleBatch(batch: RecordBatch): Promise<void>;
  /** Produces the result of a tick; there is nothing to commit. */
  handleTick(): Promise<void>;
}

export function createBatchProcessor(options: BatchProcessorOptions): BatchProcessor {
  const { stage, instance, metrics, logger } = options;

  function retrying<T>(operation: string, context: object, call: () => Promise<T>): Promise<T> {
    return withRetry(call, {
      policy: options.retry,
      signal: options.signal,
      onRetry(error, retry, delayMs) {
        metrics.retried();
        logger.warn(
          { err: error, operation, retry, delay_ms: delayMs, ...context },
          'retriable error; retrying',
        );
      },
    });
  }

  async function publish(result: StageResult, deadLetters: DeadLetter[]): Promise<void> {
    const encoded = options.encoder.encode(result.outputs);
    await Promise.all([
      ...encoded.map(async ({ topic, records }) => {
        await retrying('produce', { topic }, () => options.producer.send(topic, records));
        metrics.produced(topic, records.length);
      }),
      sendDeadLetters(deadLetters),
    ]);
  }

  async function sendDeadLetters(deadLetters: readonly DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) {
      return;
    }
    await retrying('produce', { topic: options.deadLetterTopic }, () =>
      options.producer.send(
        options.deadLetterTopic,
        deadLetters.map((entry) => entry.record),
      ),
    );
    for (const { source, code } of deadLetters) {
      metrics.deadLettered(source.topic, code, 1);
      logger.debug(
        { topic: source.topic, partition: source.partition, offset: source.offset, code },
        'record dead-lettered',
      );
    }
  }

  function rejectionToDeadLetter(
    rejection: StageRejection,
    originals: ReadonlyMap<string, IncomingRecord>,
  ): DeadLetter {
    const { record } = rejection;
    const source = originals.get(positionKey(record)) ?? reencode(record);
    return {
      source,
      code: rejection.code,
      record: toDeadLetter(
        source,
        { code: rejection.code, message: rejection.reason },
        stage,
        options.clock.now(),
      ),
    };
  }

  return {
    async handleBatch(batch) {
      const started = performance.now();
      const last = batch.records.at(-1);
      if (last === undefined) {
        return;
      }
      const position = { topic: batch.topic, partition: batch.partition };
      metrics.consumed(batch.topic, batch.records.length);
      const input = options.inputs.get(batch.topic);
      if (input === undefined) {
        throw new Error(`Stage ${stage} received a batch of ${batch.topic}, which is not one of its inputs.`);
      }

      const valid: DecodedRecord[] = [];
      const originals = new Map<string, IncomingRecord>();
      const invalid: DeadLetter[] = [];
      for (const record of batch.records) {
        const decoded = decodeRecord(record, input.schema, input.compacted);
        if (decoded.ok) {
          valid.push(decoded.record);
          originals.set(positionKey(record), record);
        } else {
          invalid.push({
            source: record,
            code: decoded.code,
            record: toDeadLetter(record, decoded, stage, options.clock.now()),
          });
        }
      }

      const result: StageResult =
        valid.length === 0
          ? { outputs: [] }
          : await retrying('process', { ...position, offset: valid[0]!.offset }, () =>
              instance.processBatch(valid, position),
            );
      // One send in source offset order, so the dead-letter topic lists a partition's failures in order.
      const rejected = (result.rejections ?? []).map((rejection) =>
        rejectionToDeadLetter(rejection, originals),
      );
      const deadLetters = [...invalid, ...rejected].sort((a, b) =>
        compareOffsets(a.source.offset, b.source.offset),
      );
      await publish(result, deadLetters);

      const next = (BigInt(last.offset) + 1n).toString();
      await retrying('commit', { ...position, offset: next }, () =>
        options.commit([{ ...position, offset: next }]),
      );
      metrics.observeBatchSeconds((performance.now() - started) / 1000);
      logger.debug(
        { ...position, offset: last.offset, records: batch.records.length, invalid: invalid.length },
        'batch committed',
      );
    },

    async handleTick() {
      if (instance.tick === undefined) {
        return;
      }
      const tick = instance.tick.bind(instance);
      const result = await retrying('tick', {}, () => tick());
      const originals = new Map<string, IncomingRecord>();
      await publish(
        result,
        (result.rejections ?? []).map((rejection) => rejectionToDeadLetter(rejection, originals)),
      );
    },
  };
}

interface DeadLetter {
  source: IncomingRecord;
  code: string;
  record: OutgoingRecord;
}

function compareOffsets(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);
  if (difference === 0n) {
    return 0;
  }
  return difference < 0n ? -1 : 1;
}

function positionKey(record: { topic: string; partition: number; offset: string }): string {
  return `${record.topic}\u0000${record.partition}\u0000${record.offset}`;
}

/**
 * Rebuilds a consumed record for the dead letter of a `tick` rejection, whose record came from an
 * earlier batch whose bytes are gone.
 * NOTE: such a dead letter carries the validated value re-encoded as JSON, which can differ from
 * the original bytes in whitespace and key order.
 */
function reencode(record: DecodedRecord): IncomingRecord {
  return {
    ...record,
    value: record.value === null ? null : Buffer.from(JSON.stringify(record.value), 'utf8'),
  };
}

import type { Logger } from 'pino';
import { EaawasError } from '../errors/eaawas-error.js';
import { componentLogger } from '../logging/logger.js';
import { COMPACTED_TOPICS, stageGroupId } from '../topics/topic-names.js';
import type { Consumer, Producer, RecordBatch } from '../transport/transport.js';
import { createBatchProcessor, type BatchProcessor, type InputTopic } from './batch-processor.js';
import { startLagMonitor, type LagMonitor } from './lag-monitor.js';
import { createOutputEncoder } from './output-encoder.js';
import { createSerialQueue } from './serial-queue.js';
import { createStageMetrics } from './stage-metrics.js';
import type { StageContext, StageDefinition, StageInstance } from './stage.js';
import { withTimeout } from './with-timeout.js';

/** A stage or source started by the runner. */
export interface RunningComponent {
  readonly name: string;
  /**
   * Stops gracefully: no new batch starts, the batch in flight finishes and commits, then the
   * consumer leaves its group and the producer and stage close. Gives up waiting after
   * `runner.shutdown_timeout_ms`; records not committed by then are delivered again later.
   * Calling it again returns the same promise.
   */
  stop(): Promise<void>;
  /** Resolves after a stop, or rejects with the error that stopped the component. */
  readonly done: Promise<void>;
}

/**
 * Starts a stage: creates it, joins its consumer group (stageGroupId) on its input topics from the
 * earliest offset, and hands it one batch at a time as described on StageInstance. Records that
 * fail decoding or validation and the stage's rejections go to the dead-letter topic. Retriable
 * errors are retried per `runner.retry`; any other error stops the stage and rejects `done`.
 * The transport must be connected, because the lag monitor uses its admin client.
 */
export async function startStage(
  definition: StageDefinition,
  context: StageContext,
): Promise<RunningComponent> {
  const { config, topics, transport } = context;
  const stage = definition.name;
  const logger: Logger = componentLogger(context.logger, config.logging, stage).child({ stage });
  const metrics = createStageMetrics(context.registry, stage);
  const compacted = new Set<string>(COMPACTED_TOPICS.map((key) => topics[key]));
  const inputs = new Map<string, InputTopic>(
    definition
      .inputs(topics)
      .map(({ topic, schema }) => [topic, { schema, compacted: compacted.has(topic) }]),
  );
  const groupId = stageGroupId(config.transport.topic_prefix, stage);
  const queue = createSerialQueue();
  const shutdownAbort = new AbortController();

  const instance: StageInstance = await definition.create({ ...context, logger });
  let producer: Producer | undefined;
  let consumer: Consumer | undefined;
  let lagMonitor: LagMonitor | undefined;
  let tickTimer: NodeJS.Timeout | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let failure: unknown;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // A caller that only awaits stop() must not see an unhandled rejection.
  done.catch(() => undefined);

  function fail(error: unknown, position: object): void {
    if (failure !== undefined) {
      return;
    }
    failure = error;
    metrics.failed();
    logger.error(
      { err: error, ...position },
      'stage failed and stops; uncommitted records are delivered again on restart',
    );
    void stop();
  }

  async function closeAll(): Promise<void> {
    stopping = true;
    clearTimeout(tickTimer);
    lagMonitor?.stop();
    // One deadline for the whole stop. Past it every close is still started, but not waited for.
    const timeoutMs = config.runner.shutdown_timeout_ms;
    const deadline = Date.now() + timeoutMs;
    const remaining = (): number => Math.max(0, deadline - Date.now());
    const drained = await withTimeout(queue.idle(), remaining());
    if (!drained) {
      shutdownAbort.abort();
      logger.warn({ timeout_ms: timeoutMs }, 'batch in flight did not finish before the shutdown timeout');
    }
    const steps: Array<[string, (() => Promise<void>) | undefined]> = [
      ['consumer', consumer && (() => consumer!.close())],
      ['producer', producer && (() => producer!.close())],
      ['stage', () => instance.close()],
    ];
    for (const [part, close] of steps) {
      try {
        if (close !== undefined && !(await withTimeout(close(), remaining()))) {
          logger.warn({ part, timeout_ms: timeoutMs }, 'closing did not finish before the shutdown timeout');
        }
      } catch (error) {
        logger.error({ err: error, part }, 'closing failed');
      }
    }
  }

  function stop(): Promise<void> {
    stopped ??= closeAll().then(() => {
      logger.info('stage stopped');
      if (failure === undefined) {
        settle.resolve();
      } else {
        settle.reject(failure);
      }
    });
    return stopped;
  }

  function handle(processor: BatchProcessor, batch: RecordBatch): Promise<void> {
    return queue.run(async () => {
      if (stopping) {
        // Not committed: a later member of the group receives this batch again.
        return;
      }
      try {
        await processor.handleBatch(batch);
      } catch (error) {
        const first = batch.records[0]?.offset;
        const wrapped = new EaawasError(
          'STAGE_FAILED',
          `Stage ${stage} failed on ${batch.topic}[${batch.partition}]`,
          {
            cause: error,
            context: { stage, topic: batch.topic, partition: batch.partition, offset: first },
          },
        );
        fail(wrapped, { topic: batch.topic, partition: batch.partition, offset: first });
        throw wrapped;
      }
    });
  }

  function scheduleTick(processor: BatchProcessor, intervalMs: number): void {
    tickTimer = setTimeout(() => {
      queue
        .run(() => (stopping ? Promise.resolve() : processor.handleTick()))
        .then(
          () => {
            if (!stopping) {
              scheduleTick(processor, intervalMs);
            }
          },
          (error: unknown) => fail(error, { operation: 'tick' }),
        );
    }, intervalMs);
  }

  try {
    producer = await transport.producer();
    consumer = transport.consumer({
      groupId,
      topics: [...inputs.keys()],
      fromBeginning: true,
      maxBatchRecords: config.runner.max_batch_records,
      onAssignment: async (assigned) => {
        logger.info({ partitions: assigned.length }, 'partitions assigned');
        try {
          await instance.onAssignment?.(assigned);
        } catch (error) {
          // The consumer stops on this rejection; the stage must stop with it instead of idling.
          fail(error, { operation: 'onAssignment' });
          throw error;
        }
      },
    });
    const activeConsumer = consumer;
    const processor = createBatchProcessor({
      stage,
      instance,
      inputs,
      encoder: createOutputEncoder(`Stage ${stage}`, definition.outputs(topics), topics),
      producer,
      deadLetterTopic: topics.dlq,
      commit: (offsets) => activeConsumer.commit(offsets),
      metrics,
      logger,
      retry: config.runner.retry,
      clock: context.clock,
      signal: shutdownAbort.signal,
    });
    await consumer.run((batch) => handle(processor, batch));

    const tickIntervalMs = definition.tickIntervalMs?.(config);
    if (instance.tick !== undefined && tickIntervalMs !== undefined) {
      scheduleTick(processor, tickIntervalMs);
    }
    lagMonitor = startLagMonitor({
      admin: transport.admin(),
      groupId,
      topics: [...inputs.keys()],
      intervalMs: config.runner.lag_interval_ms,
      logger,
      setLag: (topic, messages) => metrics.setLag(topic, messages),
    });
  } catch (error) {
    fail(error, { operation: 'start' });
    await stop().catch(() => undefined);
    throw error;
  }

  logger.info({ group_id: groupId, inputs: [...inputs.keys()] }, 'stage started');
  return { name: stage, stop, done };
}

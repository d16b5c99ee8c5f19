import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../metrics/metric-names.js';

/** The runner's metrics for one stage or source, with the `stage` label already bound. */
export interface StageMetrics {
  consumed(topic: string, count: number): void;
  produced(topic: string, count: number): void;
  deadLettered(topic: string, reason: string, count: number): void;
  observeBatchSeconds(seconds: number): void;
  setLag(topic: string, messages: number): void;
  retried(): void;
  failed(): void;
}

/** Returns the metric of that name on the registry, registering it on first use. */
function shared<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/**
 * Creates the metrics of one stage on the process registry. Several stages share one registry, so
 * each metric is registered once and labelled with the stage.
 */
export function createStageMetrics(registry: Registry, stage: string): StageMetrics {
  const registers = [registry];
  const consumed = shared(
    registry,
    METRIC_NAMES.stageMessagesConsumed,
    () =>
      new Counter({
        name: METRIC_NAMES.stageMessagesConsumed,
        help: 'Records a stage consumed, valid or not.',
        labelNames: ['stage', 'topic'] as const,
        registers,
      }),
  );
  const produced = shared(
    registry,
    METRIC_NAMES.stageMessagesProduced,
    () =>
      new Counter({
        name: METRIC_NAMES.stageMessagesProduced,
        help: 'Records a stage or source produced and the transport acknowledged, dead letters excluded.',
        labelNames: ['stage', 'topic'] as const,
        registers,
      }),
  );
  const deadLettered = shared(
    registry,
    METRIC_NAMES.stageMessagesDeadLettered,
    () =>
      new Counter({
        name: METRIC_NAMES.stageMessagesDeadLettered,
        help: 'Records a stage sent to the dead-letter topic, by source topic and error code.',
        labelNames: ['stage', 'topic', 'reason'] as const,
        registers,
      }),
  );
  const batchDuration = shared(
    registry,
    METRIC_NAMES.stageBatchDuration,
    () =>
      new Histogram({
        name: METRIC_NAMES.stageBatchDuration,
        help: 'Seconds from receiving a batch to committing its offsets.',
        labelNames: ['stage'] as const,
        buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
        registers,
      }),
  );
  const lag = shared(
    registry,
    METRIC_NAMES.stageConsumerLag,
    () =>
      new Gauge({
        name: METRIC_NAMES.stageConsumerLag,
        help: 'Records of an input topic not yet committed by the stage, summed over partitions.',
        labelNames: ['stage', 'topic'] as const,
        registers,
      }),
  );
  const retries = shared(
    registry,
    METRIC_NAMES.stageRetries,
    () =>
      new Counter({
        name: METRIC_NAMES.stageRetries,
        help: 'Retries of a failed retriable operation (process, produce, commit, tick).',
        labelNames: ['stage'] as const,
        registers,
      }),
  );
  const errors = shared(
    registry,
    METRIC_NAMES.stageErrors,
    () =>
      new Counter({
        name: METRIC_NAMES.stageErrors,
        help: 'Errors that stopped a stage or source.',
        labelNames: ['stage'] as const,
        registers,
      }),
  );

  return {
    consumed: (topic, count) => consumed.inc({ stage, topic }, count),
    produced: (topic, count) => produced.inc({ stage, topic }, count),
    deadLettered: (topic, reason, count) => deadLettered.inc({ stage, topic, reason }, count),
    observeBatchSeconds: (seconds) => batchDuration.observe({ stage }, seconds),
    setLag: (topic, messages) => lag.set({ stage, topic }, messages),
    retried: () => retries.inc({ stage }),
    failed: () => errors.inc({ stage }),
  };
}

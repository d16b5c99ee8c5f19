import { Counter, Histogram, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';

/** Metrics every collector and replay source shares; labels carry the source name as `stage`. */
export interface CollectorMetrics {
  polls: Counter<'stage' | 'outcome'>;
  pollDuration: Histogram<'stage'>;
  recordsPublished: Counter<'stage' | 'topic'>;
  deadLettered: Counter<'stage' | 'reason'>;
}

function counter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
): Counter<L> {
  const existing = registry.getSingleMetric(name);
  if (existing !== undefined) {
    return existing as Counter<L>;
  }
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * Returns the collector metrics of `registry`, registering them on first use so that several
 * sources in one process share one set of series.
 */
export function collectorMetrics(registry: Registry): CollectorMetrics {
  const existingDuration = registry.getSingleMetric(METRIC_NAMES.collectorPollDuration);
  const pollDuration =
    (existingDuration as Histogram<'stage'> | undefined) ??
    new Histogram({
      name: METRIC_NAMES.collectorPollDuration,
      help: 'Duration of one collector poll, publishing included, in seconds.',
      labelNames: ['stage'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [registry],
    });
  return {
    polls: counter(registry, METRIC_NAMES.collectorPolls, 'Collector polls by source and outcome.', [
      'stage',
      'outcome',
    ]),
    pollDuration,
    recordsPublished: counter(
      registry,
      METRIC_NAMES.collectorRecordsPublished,
      'Records a collector or replay source published, by source and topic.',
      ['stage', 'topic'],
    ),
    deadLettered: counter(
      registry,
      METRIC_NAMES.collectorDeadLettered,
      'Input records a source could not decode and sent to the dead-letter topic, by reason.',
      ['stage', 'reason'],
    ),
  };
}

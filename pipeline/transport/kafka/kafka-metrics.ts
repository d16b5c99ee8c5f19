import { Counter, type Registry } from 'prom-client';

import { METRIC_NAMES } from '../../metrics/metric-names.js';

export interface KafkaMetrics {
  /** Events: consumer_crash, consumer_group_join, consumer_rebalancing, consumer_stop, producer_disconnect, request_timeout. */
  clientEvents: Counter<'event'>;
  requestTimeouts: Counter<'command'>;
}

/**
 * Registers the Kafka client counters on the registry, or returns the ones already there, so
 * several transports of one process share them.
 */
export function createKafkaMetrics(registry: Registry): KafkaMetrics {
  return {
    clientEvents: counterOnce(
      registry,
      METRIC_NAMES.kafkaClientEvents,
      'kafkajs instrumentation events by kind.',
      ['event'],
    ),
    requestTimeouts: counterOnce(
      registry,
      METRIC_NAMES.kafkaRequestTimeouts,
      'Kafka requests that timed out, by protocol API name such as Fetch or Produce.',
      ['command'],
    ),
  };
}

function counterOnce<L extends string>(
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

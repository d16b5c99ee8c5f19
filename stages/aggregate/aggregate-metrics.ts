import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';

export interface AggregateMetrics {
  lateSamples: Counter;
  windowsEmitted: Counter;
  openWindows: Gauge;
}

/** Registers the aggregate stage's metrics on the given registry, reusing them when already registered. */
export function createAggregateMetrics(registry: Registry): AggregateMetrics {
  return {
    lateSamples: counter(
      registry,
      METRIC_NAMES.aggregateLateSamples,
      'Samples rejected because their window had already closed.',
    ),
    windowsEmitted: counter(
      registry,
      METRIC_NAMES.aggregateWindowsEmitted,
      'Closed windows produced to the aggregates topic.',
    ),
    openWindows: gauge(
      registry,
      METRIC_NAMES.aggregateOpenWindows,
      'Windows open in the partitions this process owns.',
    ),
  };
}

function counter(registry: Registry, name: string, help: string): Counter {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter ? existing : new Counter({ name, help, registers: [registry] });
}

function gauge(registry: Registry, name: string, help: string): Gauge {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Gauge ? existing : new Gauge({ name, help, registers: [registry] });
}

import type { Registry } from 'prom-client';
import { METRIC_NAMES } from '../metrics/metric-names.js';
import type { TopicNames } from '../topics/topic-names.js';

/**
 * The running totals of one `eaawas run` process, read from its metrics registry. A figure is
 * null when the stage that counts it does not run in this process (for example `--stages aggregate`).
 */
export interface RunFigures {
  /** Samples the aggregate stage consumed. */
  samples: number | null;
  windows: number | null;
  anomalies: number | null;
  /** Decisions by status (placed, launched, deferred, rejected and so on). */
  decisions: Record<string, number> | null;
  energyKwh: number | null;
  /** Operational plus embodied carbon, kgCO2e. */
  carbonKg: number | null;
  costUsd: number | null;
  /**
   * Simulated instant up to which the utilization replay published, epoch milliseconds; null without
   * one. At speed 0 it runs ahead of the stages, which the samples count shows.
   */
  simulatedMs: number | null;
}

interface MetricValue {
  value: number;
  labels: Record<string, string | number | undefined>;
}

async function valuesOf(registry: Registry, name: string): Promise<MetricValue[] | null> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) {
    return null;
  }
  const snapshot = await metric.get();
  return snapshot.values;
}

function sumOf(
  values: MetricValue[] | null,
  matches: (labels: MetricValue['labels']) => boolean = () => true,
): number | null {
  if (values === null) {
    return null;
  }
  return values.filter((entry) => matches(entry.labels)).reduce((sum, entry) => sum + entry.value, 0);
}

/** Reads the run's figures from `registry`; the samples count is the aggregate stage's input. */
export async function readRunFigures(registry: Registry, topics: TopicNames): Promise<RunFigures> {
  const consumed = await valuesOf(registry, METRIC_NAMES.stageMessagesConsumed);
  const aggregateRuns = consumed?.some((entry) => entry.labels.stage === 'aggregate') ?? false;
  const decisionValues = await valuesOf(registry, METRIC_NAMES.allocatorDecisions);
  let decisions: Record<string, number> | null = null;
  if (decisionValues !== null) {
    decisions = {};
    for (const entry of decisionValues) {
      const status = String(entry.labels.outcome);
      decisions[status] = (decisions[status] ?? 0) + entry.value;
    }
  }
  const energyWh = sumOf(await valuesOf(registry, METRIC_NAMES.energyFleetEnergy));
  const carbonG = sumOf(await valuesOf(registry, METRIC_NAMES.energyFleetCarbon));
  const simulatedS = sumOf(await valuesOf(registry, METRIC_NAMES.replaySimulatedTime));

  return {
    samples: aggregateRuns
      ? sumOf(consumed, (labels) => labels.stage === 'aggregate' && labels.topic === topics.samples)
      : null,
    windows: sumOf(await valuesOf(registry, METRIC_NAMES.aggregateWindowsEmitted)),
    anomalies: sumOf(await valuesOf(registry, METRIC_NAMES.anomaliesDetected)),
    decisions,
    energyKwh: energyWh === null ? null : energyWh / 1000,
    carbonKg: carbonG === null ? null : carbonG / 1000,
    costUsd: sumOf(await valuesOf(registry, METRIC_NAMES.energyFleetCost)),
    simulatedMs: simulatedS === null || simulatedS === 0 ? null : simulatedS * 1000,
  };
}

/** Sum of the decisions of every status; 0 when the allocator does not run here. */
export function decisionCount(figures: RunFigures): number {
  return Object.values(figures.decisions ?? {}).reduce((sum, count) => sum + count, 0);
}

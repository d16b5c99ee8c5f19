import type { Energy } from '../../schemas/definitions/energy.js';

/** The metrics published per scope and window start, with their CloudWatch unit. */
export const PUBLISHED_METRICS = [
  { name: 'PowerWatts', field: 'power_w', unit: 'None' },
  { name: 'EnergyWattHours', field: 'energy_wh', unit: 'None' },
  { name: 'OperationalCarbonGrams', field: 'operational_gco2e', unit: 'None' },
  { name: 'EmbodiedCarbonGrams', field: 'embodied_gco2e', unit: 'None' },
  { name: 'CostUsd', field: 'cost_usd', unit: 'None' },
] as const satisfies ReadonlyArray<{ name: string; field: keyof Energy; unit: 'None' }>;

/** One CloudWatch data point: a sum over the resources of one scope and window start. */
export interface EnergyDatapoint {
  metricName: (typeof PUBLISHED_METRICS)[number]['name'];
  /** Region=<region> or Scope=fleet. */
  dimension: { name: 'Region' | 'Scope'; value: string };
  timestamp: Date;
  value: number;
}

/**
 * Sums energy records per region and for the whole fleet, per window start (pure). CloudWatch has
 * no watt or watt-hour unit, so the unit is in the metric name and the CloudWatch unit is None.
 * Summing PowerWatts at a window start gives the power of the scope in that window. Reading the
 * Sum statistic over the window's period also adds the data points that other batches put for the
 * same window.
 */
export function energyDatapoints(records: readonly Energy[]): EnergyDatapoint[] {
  const sums = new Map<
    string,
    { dimension: EnergyDatapoint['dimension']; timestamp: string; values: number[] }
  >();
  for (const record of records) {
    for (const dimension of [
      { name: 'Region', value: record.region },
      { name: 'Scope', value: 'fleet' },
    ] as const) {
      const key = `${dimension.name}|${dimension.value}|${record.window_start}`;
      const entry = sums.get(key) ?? {
        dimension,
        timestamp: record.window_start,
        values: PUBLISHED_METRICS.map(() => 0),
      };
      PUBLISHED_METRICS.forEach((metric, index) => {
        entry.values[index] = (entry.values[index] as number) + record[metric.field];
      });
      sums.set(key, entry);
    }
  }
  const datapoints: EnergyDatapoint[] = [];
  for (const entry of sums.values()) {
    PUBLISHED_METRICS.forEach((metric, index) => {
      datapoints.push({
        metricName: metric.name,
        dimension: entry.dimension,
        timestamp: new Date(entry.timestamp),
        value: entry.values[index] as number,
      });
    });
  }
  return datapoints;
}

import type { Anomaly } from '../../../schemas/definitions/anomaly.js';

export interface AnomalyFilter {
  resourceId?: string;
  region?: string;
  metric?: string;
  severity?: Anomaly['severity'];
  /** Only anomalies whose window ends at or after this instant, in epoch milliseconds. */
  sinceMs?: number;
  limit: number;
}

/** The most recent anomalies, bounded, newest window first. */
export interface AnomalyStore {
  add(anomaly: Anomaly): void;
  query(filter: AnomalyFilter): Anomaly[];
  size(): number;
}

function anomalyKey(anomaly: Anomaly): string {
  return `${anomaly.resource_id}|${anomaly.metric}|${anomaly.window_start}`;
}

export function createAnomalyStore(capacity: number): AnomalyStore {
  // Keyed by resource, metric and window, so a redelivered anomaly replaces itself.
  const byKey = new Map<string, Anomaly>();

  function add(anomaly: Anomaly): void {
    const key = anomalyKey(anomaly);
    byKey.delete(key);
    byKey.set(key, anomaly);
    if (byKey.size > capacity) {
      const oldest = [...byKey.values()].sort(compareNewestFirst).slice(capacity);
      for (const dropped of oldest) {
        byKey.delete(anomalyKey(dropped));
      }
    }
  }

  function query(filter: AnomalyFilter): Anomaly[] {
    const matches = [...byKey.values()].filter(
      (anomaly) =>
        (filter.resourceId === undefined || anomaly.resource_id === filter.resourceId) &&
        (filter.region === undefined || anomaly.region === filter.region) &&
        (filter.metric === undefined || anomaly.metric === filter.metric) &&
        (filter.severity === undefined || anomaly.severity === filter.severity) &&
        (filter.sinceMs === undefined || Date.parse(anomaly.window_end) >= filter.sinceMs),
    );
    return matches.sort(compareNewestFirst).slice(0, filter.limit);
  }

  return { add, query, size: () => byKey.size };
}

function compareNewestFirst(left: Anomaly, right: Anomaly): number {
  return Date.parse(right.window_end) - Date.parse(left.window_end);
}

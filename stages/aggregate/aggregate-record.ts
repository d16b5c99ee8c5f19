import type { Aggregate } from '../../schemas/definitions/aggregate.js';
import type { OpenWindow } from './window-store.js';
import { summarize } from './window-summary.js';

/**
 * Builds the `eaawas.aggregates` message of a closed window. Every field derives from the window's
 * samples, with no wall-clock time, so a window produced again after a replay is byte-identical.
 */
export function toAggregate(window: OpenWindow): Aggregate {
  const summary = summarize(window.values);
  return {
    resource_id: window.resourceId,
    resource_type: window.resourceType,
    region: window.region,
    metric: window.metric,
    unit: window.unit,
    window_start: new Date(window.startMs).toISOString(),
    window_end: new Date(window.endMs).toISOString(),
    window_size_s: window.sizeS,
    count: summary.count,
    mean: summary.mean,
    min: summary.min,
    max: summary.max,
    p95: summary.p95,
    first_sample_at: new Date(window.firstSampleMs).toISOString(),
    last_sample_at: new Date(window.lastSampleMs).toISOString(),
  };
}

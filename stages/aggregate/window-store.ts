import type { Sample } from '../../schemas/definitions/sample.js';
import { assignWindow, earliestWindowEnd, watermarkOf } from './window-assignment.js';

/** An open window of one resource, metric and size, with every value it has accepted. */
export interface OpenWindow {
  resourceId: string;
  resourceType: Sample['resource_type'];
  region: string;
  metric: Sample['metric'];
  unit: Sample['unit'];
  sizeS: number;
  startMs: number;
  endMs: number;
  /** Every accepted value, so the p95 stays exact whatever order the samples arrived in. */
  values: number[];
  firstSampleMs: number;
  lastSampleMs: number;
}

/** The open windows of one resource, by windowKey. */
export type ResourceWindows = Map<string, OpenWindow>;

export type ApplyOutcome =
  { kind: 'accepted' } | { kind: 'replayed' } | { kind: 'late'; windowEndMs: number; watermarkMs: number };

export interface WindowStoreOptions {
  windowSizesS: readonly number[];
  allowedLatenessS: number;
}

/**
 * The windowing state of one input partition: the highest event time seen (the watermark is that
 * minus the allowed lateness), the next input offset reflected in that watermark, and the open
 * windows per resource. It is pure: the stage feeds it records and stores a snapshot of it.
 *
 * Replay after a restart: a record below the partition's next offset is already reflected in the
 * state, so it is skipped without changing anything.
 */
export interface WindowStore {
  /** Applies one sample at an input offset and returns whether it was accepted, replayed or late. */
  apply(offset: bigint, sample: Sample): ApplyOutcome;
  /** Removes and returns every window whose end is at or before the watermark, ordered by end, resource, metric, size. */
  closeReady(): OpenWindow[];
  watermarkMs(): number | null;
  maxEventTimeMs(): number | null;
  nextOffset(): bigint | null;
  openWindowCount(): number;
  /** Returns every open window, ordered by resource, metric, size and start. */
  openWindows(): OpenWindow[];
  /** Replaces the state with a snapshot from the changelog. */
  restore(nextOffset: bigint, maxEventTimeMs: number | null, windows: readonly OpenWindow[]): void;
}

/** Key of a window inside one resource: metric, size and start are unique per window. */
export function windowKey(metric: string, sizeS: number, startMs: number): string {
  return `${metric}/${sizeS}/${startMs}`;
}

export function createWindowStore(options: WindowStoreOptions): WindowStore {
  const sizes = [...options.windowSizesS].sort((a, b) => a - b);
  const resources = new Map<string, ResourceWindows>();
  let partitionNextOffset: bigint | null = null;
  let maxEventTimeMs: number | null = null;

  function currentWatermark(): number | null {
    return watermarkOf(maxEventTimeMs, options.allowedLatenessS);
  }

  function addToWindows(state: ResourceWindows, sample: Sample, eventTimeMs: number): void {
    for (const sizeS of sizes) {
      const bounds = assignWindow(eventTimeMs, sizeS);
      const key = windowKey(sample.metric, sizeS, bounds.startMs);
      const existing = state.get(key);
      if (existing === undefined) {
        state.set(key, {
          resourceId: sample.resource_id,
          resourceType: sample.resource_type,
          region: sample.region,
          metric: sample.metric,
          unit: sample.unit,
          sizeS,
          startMs: bounds.startMs,
          endMs: bounds.endMs,
          values: [sample.value],
          firstSampleMs: eventTimeMs,
          lastSampleMs: eventTimeMs,
        });
        continue;
      }
      existing.values.push(sample.value);
      existing.firstSampleMs = Math.min(existing.firstSampleMs, eventTimeMs);
      existing.lastSampleMs = Math.max(existing.lastSampleMs, eventTimeMs);
    }
  }

  function apply(offset: bigint, sample: Sample): ApplyOutcome {
    if (partitionNextOffset !== null && offset < partitionNextOffset) {
      return { kind: 'replayed' };
    }
    partitionNextOffset = offset + 1n;
    const eventTimeMs = Date.parse(sample.event_time);
    maxEventTimeMs = maxEventTimeMs === null ? eventTimeMs : Math.max(maxEventTimeMs, eventTimeMs);

    // The watermark includes this sample, so a sample that raises the maximum is never late.
    const watermarkMs = currentWatermark()!;
    const windowEndMs = earliestWindowEnd(eventTimeMs, sizes);
    if (windowEndMs <= watermarkMs) {
      return { kind: 'late', windowEndMs, watermarkMs };
    }
    let state = resources.get(sample.resource_id);
    if (state === undefined) {
      state = new Map();
      resources.set(sample.resource_id, state);
    }
    addToWindows(state, sample, eventTimeMs);
    return { kind: 'accepted' };
  }

  function closeReady(): OpenWindow[] {
    const watermarkMs = currentWatermark();
    if (watermarkMs === null) {
      return [];
    }
    const closed: OpenWindow[] = [];
    for (const [resourceId, state] of resources) {
      for (const [key, window] of state) {
        if (window.endMs <= watermarkMs) {
          closed.push(window);
          state.delete(key);
        }
      }
      if (state.size === 0) {
        resources.delete(resourceId);
      }
    }
    return closed.sort(compareWindows);
  }

  function openWindowCount(): number {
    let count = 0;
    for (const state of resources.values()) {
      count += state.size;
    }
    return count;
  }

  function openWindows(): OpenWindow[] {
    const all: OpenWindow[] = [];
    for (const state of resources.values()) {
      all.push(...state.values());
    }
    return all.sort(
      (a, b) =>
        compareText(a.resourceId, b.resourceId) ||
        compareText(a.metric, b.metric) ||
        a.sizeS - b.sizeS ||
        a.startMs - b.startMs,
    );
  }

  return {
    apply,
    closeReady,
    watermarkMs: currentWatermark,
    maxEventTimeMs: () => maxEventTimeMs,
    nextOffset: () => partitionNextOffset,
    openWindowCount,
    openWindows,
    restore(nextOffset, restoredMax, windows) {
      partitionNextOffset = nextOffset;
      maxEventTimeMs = restoredMax;
      resources.clear();
      for (const window of windows) {
        let state = resources.get(window.resourceId);
        if (state === undefined) {
          state = new Map();
          resources.set(window.resourceId, state);
        }
        state.set(windowKey(window.metric, window.sizeS, window.startMs), {
          ...window,
          values: [...window.values],
        });
      }
    },
  };
}

function compareWindows(a: OpenWindow, b: OpenWindow): number {
  return (
    a.endMs - b.endMs ||
    compareText(a.resourceId, b.resourceId) ||
    compareText(a.metric, b.metric) ||
    a.sizeS - b.sizeS
  );
}

function compareText(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  if (a > b) {
    return 1;
  }
  return 0;
}

import { z } from 'zod';
import { aggregateSchema, type Aggregate } from '../../schemas/definitions/aggregate.js';
import { metricName, metricUnit, resourceType } from '../../schemas/definitions/common.js';
import type { StageOutput } from '../../pipeline/runner/stage.js';
import type { OpenWindow, WindowStore } from './window-store.js';

/**
 * The aggregate stage's changelog: one record per input partition, key `partition/<P>`, holding the
 * whole state of that partition after a batch. One record is written atomically, so a crash never
 * leaves the changelog with part of a batch. It stores:
 * - `next_offset`: one past the last input record reflected in the state;
 * - `max_event_time_ms`: the highest event time seen, from which the watermark follows;
 * - `open_windows`: every open window with all of its values;
 * - `emitted`: the aggregates that batch produced. The runner sends outputs and changelog
 *   concurrently, so after a crash these may be missing from the output topic. The stage sends
 *   them again when the input resumes below `next_offset`, which means the batch was not committed.
 *
 * NOTE: the record grows with the open windows of a partition, by about 300 bytes per series with
 * the default sizes (an estimate). The topic is created with max.message.bytes of 8 MiB, so it fits
 * roughly 25,000 open series per partition.
 */

const openWindowSchema = z
  .object({
    resource_id: z.string().min(1),
    resource_type: resourceType,
    region: z.string(),
    metric: metricName,
    unit: metricUnit,
    window_size_s: z.number().int().min(1),
    window_start_ms: z.number().int(),
    values: z.array(z.number()).min(1),
    first_sample_ms: z.number().int(),
    last_sample_ms: z.number().int(),
  })
  .strict();

const partitionStateSchema = z
  .object({
    next_offset: z.string().regex(/^\d+$/),
    max_event_time_ms: z.number().int().nullable(),
    open_windows: z.array(openWindowSchema),
    emitted: z.array(aggregateSchema),
  })
  .strict();

const KEY_PATTERN = /^partition\/(\d+)$/;

/** Key of a partition's state record. */
export function changelogKey(partition: number): string {
  return `partition/${partition}`;
}

/** Returns the input partition of a changelog key, or null for a key of another form. */
export function changelogPartition(key: string): number | null {
  const match = KEY_PATTERN.exec(key);
  return match === null ? null : Number(match[1]);
}

/** Builds the changelog record of a partition's state after a batch that emitted `emitted`. */
export function changelogOutput(
  topic: string,
  partition: number,
  store: WindowStore,
  emitted: readonly Aggregate[],
): StageOutput | null {
  const nextOffset = store.nextOffset();
  if (nextOffset === null) {
    return null;
  }
  const openWindows = store.openWindows().map((window) => ({
    resource_id: window.resourceId,
    resource_type: window.resourceType,
    region: window.region,
    metric: window.metric,
    unit: window.unit,
    window_size_s: window.sizeS,
    window_start_ms: window.startMs,
    values: window.values,
    first_sample_ms: window.firstSampleMs,
    last_sample_ms: window.lastSampleMs,
  }));
  return {
    topic,
    key: changelogKey(partition),
    value: {
      next_offset: nextOffset.toString(),
      max_event_time_ms: store.maxEventTimeMs(),
      open_windows: openWindows,
      emitted,
    },
  };
}

/**
 * Restores a store from a partition's state record and returns the aggregates of the batch that
 * wrote it. A null value (tombstone) leaves the store empty.
 * @throws ZodError or SyntaxError when the value is not a state record (a bug or a foreign writer).
 */
export function restoreStore(store: WindowStore, value: Buffer | null): Aggregate[] {
  if (value === null) {
    return [];
  }
  const record = partitionStateSchema.parse(JSON.parse(value.toString('utf8')));
  const windows: OpenWindow[] = record.open_windows.map((window) => ({
    resourceId: window.resource_id,
    resourceType: window.resource_type,
    region: window.region,
    metric: window.metric,
    unit: window.unit,
    sizeS: window.window_size_s,
    startMs: window.window_start_ms,
    endMs: window.window_start_ms + window.window_size_s * 1000,
    values: window.values,
    firstSampleMs: window.first_sample_ms,
    lastSampleMs: window.last_sample_ms,
  }));
  store.restore(BigInt(record.next_offset), record.max_event_time_ms, windows);
  return record.emitted;
}

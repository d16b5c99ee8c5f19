import { z } from 'zod';
import type { StageOutput } from '../../pipeline/runner/stage.js';
import { anomalySchema, type Anomaly } from '../../schemas/definitions/anomaly.js';
import type { DetectorState } from './seasonal-detector.js';

/**
 * Records of the anomaly stage's compacted changelog: one per series, keyed
 * `detectors/<input partition>/<window size>/<metric>/<resource id>`. The value is the detector
 * state, the input offset after the last aggregate it scored, and the anomalies of that series in
 * the batch that wrote it. Each record is consistent on its own, so a crash that lets only some
 * records of a batch through loses nothing. A series whose record landed skips the replayed
 * aggregates, because their windows end at or before its last scored window. When the input
 * resumes below its next offset, it sends its pending anomalies again, as they may not have landed.
 */

const detectorStateSchema = z
  .object({
    windows: z.number().int().min(0),
    level: z.number().nullable(),
    seasonal: z.array(z.number()),
    seasonalCounts: z.array(z.number().int().min(0)),
    residuals: z.array(z.number()),
    cooldown: z.number().int().min(0),
    lastWindowEndMs: z.number().int().nullable(),
  })
  .strict();

const seriesRecordSchema = z
  .object({
    next_offset: z.string().regex(/^\d+$/),
    state: detectorStateSchema,
    pending: z.array(anomalySchema),
  })
  .strict();

export interface SeriesRecord {
  nextOffset: bigint;
  state: DetectorState;
  pending: Anomaly[];
}

const KEY_PATTERN = /^detectors\/(\d+)\/(\d+)\/([a-z_]+)\/(.+)$/s;

export interface SeriesId {
  resourceId: string;
  metric: string;
  windowSizeS: number;
}

/** Key of a series' state inside the stage's memory; the same for every partition. */
export function seriesKey(series: SeriesId): string {
  return `${series.windowSizeS}/${series.metric}/${series.resourceId}`;
}

export function changelogKey(partition: number, series: SeriesId): string {
  return `detectors/${partition}/${seriesKey(series)}`;
}

/** Splits a changelog key into its partition and series key, or returns null for a key of another form. */
export function parseChangelogKey(key: string): { partition: number; seriesKey: string } | null {
  const match = KEY_PATTERN.exec(key);
  if (match === null) {
    return null;
  }
  return { partition: Number(match[1]), seriesKey: `${match[2]}/${match[3]}/${match[4]}` };
}

/** Decodes a changelog value. @throws ZodError or SyntaxError when it is not a series record. */
export function decodeSeriesRecord(value: Buffer): SeriesRecord {
  const record = seriesRecordSchema.parse(JSON.parse(value.toString('utf8')));
  return { nextOffset: BigInt(record.next_offset), state: record.state, pending: record.pending };
}

export function seriesRecordOutput(
  topic: string,
  partition: number,
  series: SeriesId,
  record: SeriesRecord,
): StageOutput {
  return {
    topic,
    key: changelogKey(partition, series),
    value: { next_offset: record.nextOffset.toString(), state: record.state, pending: record.pending },
  };
}

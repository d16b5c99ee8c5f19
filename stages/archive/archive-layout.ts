import { gzipSync } from 'node:zlib';
import type { ArchiveDataset } from './archive-config.js';

/** One record to archive: its value and where it sits in its topic. */
export interface ArchiveRecord {
  offset: string;
  value: unknown;
  /** Event time that picks the date and hour partition, ISO 8601 UTC. */
  eventTime: string;
}

/** One object to write: the records of one batch that share a date and hour. */
export interface ArchiveObject {
  key: string;
  records: ArchiveRecord[];
}

/** Digits of a zero-padded offset: a 64-bit offset has at most 19, so keys sort by offset. */
const OFFSET_DIGITS = 20;

/**
 * Splits one batch of a topic-partition into objects, one per UTC date and hour of the records'
 * event time, under Hive-style partitions that Athena and Glue read as columns:
 * `<prefix><dataset>/dt=YYYY-MM-DD/hour=HH/<dataset>-p<partition>-o<first offset>.ndjson.gz`.
 *
 * The name carries the offset of the first record of that hour in the batch. Batches of a
 * partition are contiguous, and a redelivered batch starts at the committed offset. So after a
 * restart the object that starts with a given record gets the same key and is overwritten. Each
 * record of a partly written batch therefore ends up in exactly one object.
 */
export function planArchiveObjects(
  prefix: string,
  dataset: ArchiveDataset,
  partition: number,
  records: readonly ArchiveRecord[],
): ArchiveObject[] {
  const byHour = new Map<string, ArchiveRecord[]>();
  for (const record of records) {
    const folder = hourFolder(record.eventTime);
    const group = byHour.get(folder) ?? [];
    group.push(record);
    byHour.set(folder, group);
  }
  return [...byHour].map(([folder, group]) => {
    const first = (group[0] as ArchiveRecord).offset.padStart(OFFSET_DIGITS, '0');
    return {
      key: `${prefix}${dataset}/${folder}/${dataset}-p${partition}-o${first}.ndjson.gz`,
      records: group,
    };
  });
}

/**
 * `dt=YYYY-MM-DD/hour=HH` of an ISO 8601 UTC instant. Schema-validated values always carry a valid
 * instant; an unparsable one lands under dt=1970-01-01/hour=00 instead of failing the batch.
 */
export function hourFolder(eventTime: string): string {
  const instant = new Date(eventTime);
  const iso = Number.isNaN(instant.getTime()) ? new Date(0).toISOString() : instant.toISOString();
  return `dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
}

/** Encodes values as gzip-compressed NDJSON: one JSON object per line, each line ending in `\n`. */
export function encodeNdjsonGzip(values: readonly unknown[]): Buffer {
  return gzipSync(Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''), 'utf8'));
}

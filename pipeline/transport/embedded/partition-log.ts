import type { RecordHeaders } from '../transport.js';

/** A record as the embedded log stores it, at its offset. */
export interface StoredRecord {
  offset: number;
  key: string | null;
  value: Buffer | null;
  headers: RecordHeaders;
  timestamp: number;
}

export interface PartitionLogOptions {
  /** Keep only the latest record per key once enough records were appended (cleanup.policy=compact). */
  compacted: boolean;
  /** Records appended since the last compaction that trigger the next one. */
  compactionThreshold: number;
}

/**
 * One append-only partition. Offsets start at 0 and grow by one per record. Compaction removes
 * records but never renumbers the ones it keeps, so offsets can have gaps, as on Kafka.
 */
export class PartitionLog {
  private records: StoredRecord[] = [];
  private nextOffset = 0;
  private appendedSinceCompaction = 0;
  /** Offsets of tombstones that already survived one compaction; the next compaction drops them. */
  private agedTombstones = new Set<number>();

  constructor(private readonly options: PartitionLogOptions) {}

  /** Appends records in order and returns the offset of the first one. */
  append(records: ReadonlyArray<Omit<StoredRecord, 'offset'>>): number {
    const first = this.nextOffset;
    for (const record of records) {
      this.records.push({ ...record, offset: this.nextOffset });
      this.nextOffset += 1;
    }
    this.appendedSinceCompaction += records.length;
    if (this.options.compacted && this.appendedSinceCompaction >= this.options.compactionThreshold) {
      this.compact();
    }
    return first;
  }

  /** Offset one past the last record ever appended (the high watermark). */
  endOffset(): number {
    return this.nextOffset;
  }

  /** Offset of the first stored record, or the end offset when the log is empty. */
  startOffset(): number {
    return this.records[0]?.offset ?? this.nextOffset;
  }

  /** Number of records currently stored. */
  size(): number {
    return this.records.length;
  }

  /** Deletes every record below `offset`, as Kafka's retention deletes old segments. */
  deleteBefore(offset: number): void {
    const index = this.indexAtOrAfter(offset);
    if (index > 0) {
      this.records = this.records.slice(index);
    }
  }

  /** Returns up to `maxRecords` records at or after `fromOffset`, in offset order. */
  read(fromOffset: number, maxRecords: number): StoredRecord[] {
    const start = this.indexAtOrAfter(fromOffset);
    return this.records.slice(start, start + maxRecords);
  }

  /**
   * Keeps the latest record of each key. A tombstone that is the latest record of its key stays
   * for one more compaction, so a reader that has not reached it yet still receives the delete.
   * The compaction after that drops the key with every older value, so a reader from the start
   * never receives the key at all.
   */
  compact(): void {
    const latest = new Map<string, number>();
    for (const record of this.records) {
      if (record.key !== null) {
        latest.set(record.key, record.offset);
      }
    }
    const kept: StoredRecord[] = [];
    const aged = new Set<number>();
    for (const record of this.records) {
      const isLatest = record.key === null || latest.get(record.key) === record.offset;
      if (!isLatest) {
        continue;
      }
      if (record.value === null) {
        if (this.agedTombstones.has(record.offset)) {
          continue;
        }
        aged.add(record.offset);
      }
      kept.push(record);
    }
    this.records = kept;
    this.agedTombstones = aged;
    this.appendedSinceCompaction = 0;
  }

  private indexAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.records[middle]!.offset < offset) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}

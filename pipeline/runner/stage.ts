import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ZodType } from 'zod';
import type { EaawasConfig } from '../config/config-schema.js';
import type { TopicNames } from '../topics/topic-names.js';
import type { IncomingRecord, RecordHeaders, TopicPartition, Transport } from '../transport/transport.js';
import type { Clock } from './clock.js';

/** A consumed record whose value passed decoding and validation against its topic's schema. */
export interface DecodedRecord<T = unknown> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  /** The validated value; null for a tombstone on a compacted topic. */
  value: T | null;
  headers: RecordHeaders;
  timestamp: number;
}

/** A message a stage wants produced. The runner encodes `value` as JSON; null is a tombstone. */
export interface StageOutput {
  topic: string;
  key: string | null;
  value: unknown;
  headers?: RecordHeaders;
  timestamp?: number;
}

/**
 * A record the stage could decode but not accept (a late sample, a request that references
 * nothing). The runner sends it to the dead-letter topic with the original bytes.
 */
export interface StageRejection {
  record: DecodedRecord;
  code: string;
  reason: string;
}

export interface StageResult {
  outputs: StageOutput[];
  rejections?: StageRejection[];
}

/** Everything a stage receives at creation. Nothing in a stage reads `process.env` or globals. */
export interface StageContext {
  config: EaawasConfig;
  topics: TopicNames;
  logger: Logger;
  registry: Registry;
  transport: Transport;
  clock: Clock;
}

/**
 * A running stage. The runner guarantees:
 * - `processBatch` is called for one topic-partition at a time, in offset order, and never
 *   concurrently with itself.
 * - The batch's offsets are committed only after every output and rejection is acknowledged by
 *   the transport, so a crash before that delivers the batch again (at-least-once). A stage whose
 *   outputs must be exact makes them idempotent or deduplicates them.
 * - `onAssignment` runs before the first batch of a new assignment; stateful stages restore their
 *   stores there.
 * - `close` runs once processing has stopped; calling it again does nothing.
 */
export interface StageInstance {
  processBatch(records: DecodedRecord[], partition: TopicPartition): Promise<StageResult>;
  onAssignment?(assigned: TopicPartition[]): Promise<void>;
  /** Periodic work not driven by input (consolidation, polls); called by the runner's timer. */
  tick?(): Promise<StageResult>;
  close(): Promise<void>;
}

/** A stage's declaration: its topics, schemas and factory, from which the runner consumes, validates and produces. */
export interface StageDefinition {
  /** kebab-case name, used in the consumer group id, logs and metric labels. */
  name: string;
  /** Input topics and the schema each topic's values must pass. */
  inputs(topics: TopicNames): Array<{ topic: string; schema: ZodType }>;
  /** Topics the stage may produce to; the runner rejects outputs to any other topic. */
  outputs(topics: TopicNames): string[];
  /** True when the stage should run with this config; absent means always. */
  enabled?(config: EaawasConfig): boolean;
  /** Interval of `tick` in milliseconds, when the stage has one. */
  tickIntervalMs?(config: EaawasConfig): number | undefined;
  create(context: StageContext): Promise<StageInstance>;
}

export type { IncomingRecord };

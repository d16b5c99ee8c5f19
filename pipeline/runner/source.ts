import type { EaawasConfig } from '../config/config-schema.js';
import type { TopicNames } from '../topics/topic-names.js';
import type { StageContext, StageOutput } from './stage.js';

/** Produces messages; resolves once the transport has acknowledged all of them. */
export type Publish = (outputs: StageOutput[]) => Promise<void>;

/**
 * A running source: a collector, the Kinesis reader or the replay. It has no input topic; it polls
 * or reads something outside the pipeline and publishes.
 * - `run` resolves when the source is exhausted (a finite replay) or `signal` aborts.
 * - A source that must not repeat or skip data across restarts keeps its own checkpoints (for
 *   example a high-water mark per series) and advances them only after `publish` resolved.
 * - `close` releases clients; calling it again does nothing.
 */
export interface SourceInstance {
  run(publish: Publish, signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export interface SourceDefinition {
  /** kebab-case name, used in logs and metric labels. */
  name: string;
  /** Topics the source may produce to; the runner rejects outputs to any other topic. */
  outputs(topics: TopicNames): string[];
  /** True when the source should run with this config (for example `--source replay`). */
  enabled?(config: EaawasConfig): boolean;
  create(context: StageContext): Promise<SourceInstance>;
}

import type { Logger } from 'pino';
import { changelogTopic } from '../../../pipeline/topics/topic-names.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { type CheckpointStore, createTopicCheckpointStore } from '../checkpoints/checkpoint-store.js';

/**
 * The checkpoint of one shard: the sequence number of the last record published, and whether the
 * shard was read to its end (a closed parent after resharding).
 */
export interface ShardCheckpoint {
  sequence_number: string | null;
  finished: boolean;
}

/** Checkpoint key of a shard; streams of the same name in two regions stay apart. */
export function shardCheckpointKey(region: string, streamName: string, shardId: string): string {
  return `${region}/${streamName}/${shardId}`;
}

function parseShardCheckpoint(value: unknown): ShardCheckpoint | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const fields = value as Record<string, unknown>;
  const sequence = fields['sequence_number'];
  const finished = fields['finished'];
  if ((sequence !== null && typeof sequence !== 'string') || typeof finished !== 'boolean') {
    return null;
  }
  return { sequence_number: sequence, finished };
}

/** Creates the store of the Kinesis source's shard checkpoints, on `<prefix>kinesis-source.shards.changelog`. */
export function createShardCheckpointStore(
  transport: Transport,
  topicPrefix: string,
  replicationFactor: number,
  logger: Logger,
): CheckpointStore<ShardCheckpoint> {
  return createTopicCheckpointStore({
    transport,
    topic: changelogTopic(topicPrefix, 'kinesis-source', 'shards'),
    replicationFactor,
    logger,
    parse: parseShardCheckpoint,
  });
}

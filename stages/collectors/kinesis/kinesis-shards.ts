import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { sendAwsCommand } from '../../../pipeline/aws/aws-call.js';
import { followPages } from '../follow-pages.js';
import type { ShardLineage } from './shard-order.js';

/**
 * Lists every shard of a stream, open and closed, with ListShards over every page. A request with
 * a NextToken must not name the stream, as Kinesis rejects both together.
 */
export async function listAllShards(
  client: KinesisClient,
  region: string,
  streamName: string,
  signal?: AbortSignal,
): Promise<ShardLineage[]> {
  const shards = await followPages(async (nextToken) => {
    const output = await sendAwsCommand(
      region,
      new ListShardsCommand(nextToken === undefined ? { StreamName: streamName } : { NextToken: nextToken }),
      (command) => client.send(command, { abortSignal: signal }),
    );
    return { items: output.Shards ?? [], nextToken: output.NextToken };
  });
  return shards.flatMap((shard) =>
    shard.ShardId === undefined
      ? []
      : [
          {
            shardId: shard.ShardId,
            parentShardId: shard.ParentShardId,
            adjacentParentShardId: shard.AdjacentParentShardId,
            startingSequenceNumber: shard.SequenceNumberRange?.StartingSequenceNumber,
            endingSequenceNumber: shard.SequenceNumberRange?.EndingSequenceNumber,
          },
        ],
  );
}

/** Start position for reading a shard. */
export type ShardStart =
  { type: 'after'; sequenceNumber: string } | { type: Extract<ShardIteratorType, 'TRIM_HORIZON' | 'LATEST'> };

/** Gets a shard iterator for `start`. */
export async function shardIterator(
  client: KinesisClient,
  region: string,
  streamName: string,
  shardId: string,
  start: ShardStart,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const input =
    start.type === 'after'
      ? {
          StreamName: streamName,
          ShardId: shardId,
          ShardIteratorType: 'AFTER_SEQUENCE_NUMBER' as const,
          StartingSequenceNumber: start.sequenceNumber,
        }
      : { StreamName: streamName, ShardId: shardId, ShardIteratorType: start.type };
  const output = await sendAwsCommand(region, new GetShardIteratorCommand(input), (command) =>
    client.send(command, { abortSignal: signal }),
  );
  return output.ShardIterator;
}

/** Reads one batch of records with GetRecords. */
export async function getRecords(
  client: KinesisClient,
  region: string,
  iterator: string,
  limit: number,
  signal?: AbortSignal,
): Promise<GetRecordsCommandOutput> {
  return sendAwsCommand(region, new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }), (command) =>
    client.send(command, { abortSignal: signal }),
  );
}

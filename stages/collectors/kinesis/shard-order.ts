/** The lineage of a shard as ListShards reports it. */
export interface ShardLineage {
  shardId: string;
  parentShardId?: string | undefined;
  adjacentParentShardId?: string | undefined;
  startingSequenceNumber?: string | undefined;
  /** Present once the shard is closed by a split or merge; it receives no records after this one. */
  endingSequenceNumber?: string | undefined;
}

/**
 * Returns the shards that may be read now, in listing order: shards not yet read to their end whose
 * parents are read to their end. After a split or merge, a child's records follow its parents'
 * records for the same partition keys, so reading a child before its parents are finished would
 * reorder them. A parent missing from the listing has passed the stream's retention and counts
 * as finished.
 */
export function readableShards(
  shards: readonly ShardLineage[],
  finished: ReadonlySet<string>,
): ShardLineage[] {
  const listed = new Set(shards.map((shard) => shard.shardId));
  const parentDone = (parent: string | undefined): boolean =>
    parent === undefined || !listed.has(parent) || finished.has(parent);
  return shards.filter(
    (shard) =>
      !finished.has(shard.shardId) &&
      parentDone(shard.parentShardId) &&
      parentDone(shard.adjacentParentShardId),
  );
}

/**
 * Decides whether a read finished a shard. Kinesis returns no next iterator at the end of a closed
 * shard. A closed shard read past its ending sequence number with an empty result also counts,
 * because moto (5.2.5) keeps returning iterators for closed shards.
 */
export function shardFinished(
  shard: ShardLineage,
  nextIterator: string | undefined,
  recordsRead: number,
  lastSequenceNumber: string | null,
): boolean {
  if (nextIterator === undefined) {
    return true;
  }
  if (shard.endingSequenceNumber === undefined || recordsRead > 0) {
    return false;
  }
  const ending = BigInt(shard.endingSequenceNumber);
  if (lastSequenceNumber !== null) {
    return BigInt(lastSequenceNumber) >= ending;
  }
  // Nothing read yet: finished only if the shard never held a record.
  return shard.startingSequenceNumber !== undefined && ending <= BigInt(shard.startingSequenceNumber);
}

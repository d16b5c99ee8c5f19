import { describe, expect, it } from '@jest/globals';
import { readableShards, shardFinished } from '../../../stages/collectors/kinesis/shard-order.js';

const parent = { shardId: 'shardId-000000000000', startingSequenceNumber: '1', endingSequenceNumber: '9' };
const childA = { shardId: 'shardId-000000000001', parentShardId: 'shardId-000000000000' };
const childB = { shardId: 'shardId-000000000002', parentShardId: 'shardId-000000000000' };
const merged = {
  shardId: 'shardId-000000000003',
  parentShardId: 'shardId-000000000001',
  adjacentParentShardId: 'shardId-000000000002',
};

function ids(shards: Array<{ shardId: string }>): string[] {
  return shards.map((shard) => shard.shardId);
}

describe('readableShards', () => {
  it('reads a parent before its children', () => {
    expect(ids(readableShards([parent, childA, childB], new Set()))).toEqual(['shardId-000000000000']);
  });

  it('reads children once the parent finished', () => {
    const finished = new Set(['shardId-000000000000']);

    expect(ids(readableShards([parent, childA, childB], finished))).toEqual([
      'shardId-000000000001',
      'shardId-000000000002',
    ]);
  });

  it('waits for both parents of a merge', () => {
    const shards = [parent, childA, childB, merged];

    expect(ids(readableShards(shards, new Set(['shardId-000000000000', 'shardId-000000000001'])))).toEqual([
      'shardId-000000000002',
    ]);
    expect(
      ids(
        readableShards(
          shards,
          new Set(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']),
        ),
      ),
    ).toEqual(['shardId-000000000003']);
  });

  it('treats an expired parent as finished', () => {
    expect(ids(readableShards([childA], new Set()))).toEqual(['shardId-000000000001']);
  });
});

describe('shardFinished', () => {
  it('ends a shard without a next iterator', () => {
    expect(shardFinished(childA, undefined, 3, '5')).toBe(true);
  });

  it('keeps an open shard going when empty', () => {
    expect(shardFinished(childA, 'iterator', 0, '5')).toBe(false);
  });

  it('ends a closed shard read past its end', () => {
    expect(shardFinished(parent, 'iterator', 0, '9')).toBe(true);
    expect(shardFinished(parent, 'iterator', 0, '8')).toBe(false);
  });

  it('ends a closed shard that held nothing', () => {
    const empty = { shardId: 'shardId-000000000004', startingSequenceNumber: '0', endingSequenceNumber: '0' };

    expect(shardFinished(empty, 'iterator', 0, null)).toBe(true);
  });
});

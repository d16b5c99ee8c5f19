import { PartitionLog } from '../../../../pipeline/transport/embedded/partition-log.js';

function record(key: string | null, value: string | null) {
  return { key, value: value === null ? null : Buffer.from(value), headers: {}, timestamp: 0 };
}

function latestByKey(log: PartitionLog): Record<string, string | null> {
  const state: Record<string, string | null> = {};
  for (const stored of log.read(0, 1000)) {
    state[stored.key!] = stored.value === null ? null : stored.value.toString();
  }
  return state;
}

describe('PartitionLog', () => {
  test('append assigns consecutive offsets', () => {
    const log = new PartitionLog({ compacted: false, compactionThreshold: 100 });

    expect(log.append([record('a', '1'), record('b', '2')])).toBe(0);
    expect(log.append([record('c', '3')])).toBe(2);
    expect(log.endOffset()).toBe(3);
    expect(log.read(1, 10).map((stored) => stored.offset)).toEqual([1, 2]);
  });

  test('compaction keeps latest value per key', () => {
    const log = new PartitionLog({ compacted: true, compactionThreshold: 1000 });
    log.append([record('a', '1'), record('b', '1'), record('a', '2'), record('c', '1'), record('a', '3')]);

    log.compact();

    expect(log.read(0, 100).map((stored) => stored.offset)).toEqual([1, 3, 4]);
    expect(latestByKey(log)).toEqual({ a: '3', b: '1', c: '1' });
    expect(log.endOffset()).toBe(5);
  });

  test('read after compaction skips offset gaps', () => {
    const log = new PartitionLog({ compacted: true, compactionThreshold: 1000 });
    log.append([record('a', '1'), record('a', '2'), record('b', '1'), record('a', '3')]);
    log.compact();

    expect(log.read(1, 10).map((stored) => stored.offset)).toEqual([2, 3]);
    expect(log.startOffset()).toBe(2);
  });

  test('tombstone survives one compaction then disappears', () => {
    const log = new PartitionLog({ compacted: true, compactionThreshold: 1000 });
    log.append([record('a', '1'), record('b', '1'), record('a', null)]);

    log.compact();
    expect(latestByKey(log)).toEqual({ a: null, b: '1' });

    log.compact();
    expect(latestByKey(log)).toEqual({ b: '1' });
  });

  test('threshold triggers compaction on append', () => {
    const log = new PartitionLog({ compacted: true, compactionThreshold: 4 });
    log.append([record('a', '1'), record('a', '2'), record('a', '3')]);
    expect(log.read(0, 10)).toHaveLength(3);

    log.append([record('a', '4')]);

    expect(log.read(0, 10).map((stored) => stored.offset)).toEqual([3]);
  });

  test('uncompacted log keeps every record', () => {
    const log = new PartitionLog({ compacted: false, compactionThreshold: 1 });
    log.append([record('a', '1'), record('a', '2')]);

    expect(log.read(0, 10)).toHaveLength(2);
  });
});

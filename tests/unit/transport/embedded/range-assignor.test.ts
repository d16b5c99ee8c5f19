import { assignRanges } from '../../../../pipeline/transport/embedded/range-assignor.js';

function partitionsOf(
  assignment: Map<string, Array<{ topic: string; partition: number }>>,
  memberId: string,
): string[] {
  return (assignment.get(memberId) ?? []).map((owned) => `${owned.topic}-${owned.partition}`);
}

describe('assignRanges', () => {
  test('uneven split gives first members extra', () => {
    const assignment = assignRanges(
      [
        { memberId: 'm-2', topics: ['t'] },
        { memberId: 'm-1', topics: ['t'] },
        { memberId: 'm-3', topics: ['t'] },
      ],
      new Map([['t', 7]]),
    );

    expect(partitionsOf(assignment, 'm-1')).toEqual(['t-0', 't-1', 't-2']);
    expect(partitionsOf(assignment, 'm-2')).toEqual(['t-3', 't-4']);
    expect(partitionsOf(assignment, 'm-3')).toEqual(['t-5', 't-6']);
  });

  test('each topic split among its subscribers', () => {
    const assignment = assignRanges(
      [
        { memberId: 'a', topics: ['x', 'y'] },
        { memberId: 'b', topics: ['y'] },
      ],
      new Map([
        ['x', 2],
        ['y', 2],
      ]),
    );

    expect(partitionsOf(assignment, 'a')).toEqual(['x-0', 'x-1', 'y-0']);
    expect(partitionsOf(assignment, 'b')).toEqual(['y-1']);
  });

  test('more members than partitions leaves some idle', () => {
    const assignment = assignRanges(
      [
        { memberId: 'a', topics: ['t'] },
        { memberId: 'b', topics: ['t'] },
      ],
      new Map([['t', 1]]),
    );

    expect(partitionsOf(assignment, 'a')).toEqual(['t-0']);
    expect(partitionsOf(assignment, 'b')).toEqual([]);
  });

  test('missing topic contributes no partitions', () => {
    const assignment = assignRanges([{ memberId: 'a', topics: ['gone'] }], new Map());

    expect(partitionsOf(assignment, 'a')).toEqual([]);
  });
});

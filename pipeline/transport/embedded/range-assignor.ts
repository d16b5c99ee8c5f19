import type { TopicPartition } from '../transport.js';

export interface GroupMember {
  memberId: string;
  topics: readonly string[];
}

/**
 * Splits partitions among group members the way Kafka's RangeAssignor does: per topic, the members
 * subscribed to it are sorted by member id and each gets a contiguous range of partitions; when
 * the partitions do not divide evenly, the first members get one extra. A topic missing from
 * `partitionCounts` (deleted or never created) contributes no partitions.
 */
export function assignRanges(
  members: readonly GroupMember[],
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const assignment = new Map<string, TopicPartition[]>();
  for (const member of members) {
    assignment.set(member.memberId, []);
  }

  const topics = new Set(members.flatMap((member) => member.topics));
  for (const topic of [...topics].sort()) {
    const count = partitionCounts.get(topic) ?? 0;
    const subscribers = members
      .filter((member) => member.topics.includes(topic))
      .map((member) => member.memberId)
      .sort();
    const perMember = Math.floor(count / subscribers.length);
    const withExtra = count % subscribers.length;

    let next = 0;
    subscribers.forEach((memberId, index) => {
      const size = perMember + (index < withExtra ? 1 : 0);
      const owned = assignment.get(memberId)!;
      for (let partition = next; partition < next + size; partition++) {
        owned.push({ topic, partition });
      }
      next += size;
    });
  }
  return assignment;
}

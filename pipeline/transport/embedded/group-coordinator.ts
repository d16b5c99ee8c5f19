import { EaawasError } from '../../errors/eaawas-error.js';
import type { TopicPartition } from '../transport.js';
import type { ChangeSignal } from './change-signal.js';
import { partitionKey, topicKeyPrefix } from './offsets.js';
import { assignRanges, type GroupMember } from './range-assignor.js';

/** A member's partitions in one generation of its group. */
export interface MemberAssignment {
  generation: number;
  partitions: TopicPartition[];
}

export interface CommitOffset {
  topic: string;
  partition: number;
  /** The next offset to consume. */
  offset: number;
}

/**
 * Consumer groups of one embedded transport: membership, range assignment, committed offsets and
 * partition leases. Every join or leave starts a new generation and reassigns all partitions.
 * A member holds a partition's lease while a batch of it is in flight. After a rebalance the new
 * owner fetches only once the lease is released, so it starts from the offset the previous owner
 * committed for that batch, and two members never process one partition at the same time.
 */
export interface GroupCoordinator {
  join(groupId: string, member: GroupMember): void;
  /** Removes a member and rebalances; its leases stay until it releases them. */
  leave(groupId: string, memberId: string): void;
  /** The member's current assignment, or undefined when it is not in the group. */
  assignmentOf(groupId: string, memberId: string): MemberAssignment | undefined;
  /** Rebalances the groups subscribed to a topic that was just created. */
  topicCreated(topic: string): void;
  /** Drops a deleted topic's committed offsets, as Kafka does, and rebalances its subscribers. */
  topicDeleted(topic: string): void;
  /** True when the member owns the partition and no other member holds its lease. */
  canLease(groupId: string, memberId: string, partition: TopicPartition): boolean;
  /** Takes the lease of a partition; false when `canLease` is false. */
  tryLease(groupId: string, memberId: string, partition: TopicPartition): boolean;
  releaseLease(groupId: string, memberId: string, partition: TopicPartition): void;
  /**
   * Stores committed offsets of partitions the member owns or holds the lease of.
   * @throws EaawasError (TRANSPORT_UNAVAILABLE, not retriable) for any other partition, so that the
   *   new owner's progress is not overwritten. The new owner receives the uncommitted records again.
   */
  commit(groupId: string, memberId: string, offsets: readonly CommitOffset[]): void;
  committed(groupId: string, partition: TopicPartition): number | undefined;
  /**
   * The lowest committed offset of a partition over the groups that have members subscribed to its
   * topic, or undefined when there is no such group or one of them has not committed yet.
   */
  lowestCommitted(partition: TopicPartition): number | undefined;
  committedOffsets(groupId: string, topic: string): Map<number, number>;
}

interface GroupState {
  members: Map<string, GroupMember>;
  generation: number;
  assignment: Map<string, TopicPartition[]>;
  committed: Map<string, number>;
  leases: Map<string, string>;
}

export interface GroupCoordinatorOptions {
  signal: ChangeSignal;
  /** Partition count of a topic, or undefined when it does not exist. */
  partitionCount(topic: string): number | undefined;
  /** Called after a commit stored offsets, once per partition. */
  onCommitted?(partition: TopicPartition): void;
}

export function createGroupCoordinator(options: GroupCoordinatorOptions): GroupCoordinator {
  const groups = new Map<string, GroupState>();

  function group(groupId: string): GroupState {
    let state = groups.get(groupId);
    if (state === undefined) {
      state = {
        members: new Map(),
        generation: 0,
        assignment: new Map(),
        committed: new Map(),
        leases: new Map(),
      };
      groups.set(groupId, state);
    }
    return state;
  }

  function rebalance(state: GroupState): void {
    const counts = new Map<string, number>();
    for (const member of state.members.values()) {
      for (const topic of member.topics) {
        const count = options.partitionCount(topic);
        if (count !== undefined) {
          counts.set(topic, count);
        }
      }
    }
    state.generation += 1;
    state.assignment = assignRanges([...state.members.values()], counts);
    options.signal.notify();
  }

  function owns(state: GroupState, memberId: string, key: string): boolean {
    const partitions = state.assignment.get(memberId) ?? [];
    return partitions.some((owned) => partitionKey(owned.topic, owned.partition) === key);
  }

  function rebalanceSubscribers(topic: string): void {
    for (const state of groups.values()) {
      if ([...state.members.values()].some((member) => member.topics.includes(topic))) {
        rebalance(state);
      }
    }
  }

  function canLease(state: GroupState, memberId: string, key: string): boolean {
    const holder = state.leases.get(key);
    return owns(state, memberId, key) && (holder === undefined || holder === memberId);
  }

  return {
    join(groupId, member) {
      const state = group(groupId);
      state.members.set(member.memberId, member);
      rebalance(state);
    },
    leave(groupId, memberId) {
      const state = group(groupId);
      if (state.members.delete(memberId)) {
        rebalance(state);
      }
    },
    assignmentOf(groupId, memberId) {
      const state = groups.get(groupId);
      const partitions = state?.assignment.get(memberId);
      if (state === undefined || partitions === undefined) {
        return undefined;
      }
      return { generation: state.generation, partitions: partitions.map((owned) => ({ ...owned })) };
    },
    topicCreated(topic) {
      rebalanceSubscribers(topic);
    },
    topicDeleted(topic) {
      for (const state of groups.values()) {
        for (const key of [...state.committed.keys()]) {
          if (key.startsWith(topicKeyPrefix(topic))) {
            state.committed.delete(key);
          }
        }
      }
      rebalanceSubscribers(topic);
    },
    canLease(groupId, memberId, partition) {
      return canLease(group(groupId), memberId, partitionKey(partition.topic, partition.partition));
    },
    tryLease(groupId, memberId, partition) {
      const state = group(groupId);
      const key = partitionKey(partition.topic, partition.partition);
      if (!canLease(state, memberId, key)) {
        return false;
      }
      state.leases.set(key, memberId);
      return true;
    },
    releaseLease(groupId, memberId, partition) {
      const state = group(groupId);
      const key = partitionKey(partition.topic, partition.partition);
      if (state.leases.get(key) === memberId) {
        state.leases.delete(key);
        options.signal.notify();
      }
    },
    commit(groupId, memberId, offsets) {
      const state = group(groupId);
      for (const { topic, partition } of offsets) {
        const key = partitionKey(topic, partition);
        if (!owns(state, memberId, key) && state.leases.get(key) !== memberId) {
          throw new EaawasError(
            'TRANSPORT_UNAVAILABLE',
            `Commit rejected: ${topic}[${partition}] is no longer assigned to this member of group ${groupId}; ` +
              'its new owner receives the uncommitted records again.',
            { context: { topic, partition } },
          );
        }
      }
      for (const { topic, partition, offset } of offsets) {
        state.committed.set(partitionKey(topic, partition), offset);
      }
      for (const { topic, partition } of offsets) {
        options.onCommitted?.({ topic, partition });
      }
      options.signal.notify();
    },
    committed(groupId, partition) {
      return groups.get(groupId)?.committed.get(partitionKey(partition.topic, partition.partition));
    },
    lowestCommitted(partition) {
      const key = partitionKey(partition.topic, partition.partition);
      let lowest: number | undefined;
      for (const state of groups.values()) {
        const subscribed = [...state.members.values()].some((member) =>
          member.topics.includes(partition.topic),
        );
        if (!subscribed) {
          continue;
        }
        const offset = state.committed.get(key);
        if (offset === undefined) {
          return undefined;
        }
        lowest = lowest === undefined ? offset : Math.min(lowest, offset);
      }
      return lowest;
    },
    committedOffsets(groupId, topic) {
      const result = new Map<number, number>();
      const count = options.partitionCount(topic) ?? 0;
      for (let partition = 0; partition < count; partition++) {
        const offset = groups.get(groupId)?.committed.get(partitionKey(topic, partition));
        if (offset !== undefined) {
          result.set(partition, offset);
        }
      }
      return result;
    },
  };
}

import { setTimeout as delay } from 'node:timers/promises';

import type { Admin as KafkaJsAdmin } from 'kafkajs';

import { EaawasError } from '../../errors/eaawas-error.js';
import type { Admin, TopicSpec } from '../transport.js';
import { protocolErrorTypes, withTransportErrors } from './kafka-errors.js';

/** Broker errors that mean a topic just created is not served yet (kafkajs's names for them). */
const NOT_YET_VISIBLE = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);
const LEADER_POLL_INTERVAL_MS = 100;

/**
 * Waits until the leader of every partition of the topics returns its offsets. Right after
 * creation a KRaft broker may still report a topic as unknown, or name a leader that does not serve
 * the partition yet. kafkajs's own `waitForLeaders` gives up at once on the first of these, so this
 * polls and treats both as "not yet".
 */
async function waitForLeaders(admin: KafkaJsAdmin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      for (const topic of topics) {
        await admin.fetchTopicOffsets(topic);
      }
      return;
    } catch (error) {
      if (!protocolErrorTypes(error).some((type) => NOT_YET_VISIBLE.has(type))) throw error;
    }
    if (Date.now() > deadline) {
      throw new EaawasError(
        'TRANSPORT_TIMEOUT',
        `Timed out after ${timeoutMs} ms waiting for leaders of ${topics.join(', ')}`,
        {
          retriable: true,
        },
      );
    }
    await delay(LEADER_POLL_INTERVAL_MS);
  }
}

/**
 * Wraps a connected kafkajs admin client in the transport's Admin. Creating a topic that exists
 * and deleting one that does not both succeed, so setup and cleanup can be repeated.
 */
export function createKafkaAdmin(admin: KafkaJsAdmin, requestTimeoutMs: number): Admin {
  return {
    async createTopics(specs: TopicSpec[]) {
      if (specs.length === 0) return;
      const topics = specs.map((spec) => {
        const configs: Record<string, string> = { ...spec.configs };
        if (spec.compacted === true) configs['cleanup.policy'] = 'compact';
        return {
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor ?? 1,
          configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })),
        };
      });
      const names = specs.map((spec) => spec.topic);
      // kafkajs resolves false instead of throwing when every failure is TOPIC_ALREADY_EXISTS.
      await withTransportErrors(`creating topics ${names.join(', ')}`, {}, async () => {
        await admin.createTopics({ topics, waitForLeaders: false, timeout: requestTimeoutMs });
        await waitForLeaders(admin, names, requestTimeoutMs);
      });
    },

    async listTopics() {
      return withTransportErrors('listing topics', {}, () => admin.listTopics());
    },

    async deleteTopics(topics: string[]) {
      const existing = new Set(await this.listTopics());
      const present = topics.filter((topic) => existing.has(topic));
      if (present.length === 0) return;
      await withTransportErrors(`deleting topics ${present.join(', ')}`, {}, () =>
        admin.deleteTopics({ topics: present }),
      );
    },

    async endOffsets(topic: string) {
      const offsets = await withTransportErrors(`fetching end offsets of ${topic}`, { topic }, () =>
        admin.fetchTopicOffsets(topic),
      );
      return new Map(offsets.map((entry) => [entry.partition, entry.high]));
    },

    async committedOffsets(groupId: string, topic: string) {
      const byTopic = await withTransportErrors(
        `fetching committed offsets of group ${groupId}`,
        { topic, groupId },
        () => admin.fetchOffsets({ groupId, topics: [topic] }),
      );
      const committed = new Map<number, string>();
      for (const entry of byTopic) {
        for (const { partition, offset } of entry.partitions) {
          // kafkajs reports "-1" for a partition without a committed offset.
          if (BigInt(offset) >= 0n) committed.set(partition, offset);
        }
      }
      return committed;
    },
  };
}

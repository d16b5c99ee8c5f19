import type { Admin as KafkaJsAdmin } from 'kafkajs';

import type { Admin, TopicSpec } from '../transport.js';
import { withTransportErrors } from './kafka-errors.js';

/**
 * Wraps a connected kafkajs admin client in the transport's Admin. Creating a topic that exists
 * and deleting one that does not both succeed, so setup and cleanup can be repeated.
 */
export function createKafkaAdmin(admin: KafkaJsAdmin): Admin {
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
      // kafkajs resolves false instead of throwing when every failure is TOPIC_ALREADY_EXISTS.
      await withTransportErrors(`creating topics ${specs.map((spec) => spec.topic).join(', ')}`, {}, () =>
        admin.createTopics({ topics, waitForLeaders: true }),
      );
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

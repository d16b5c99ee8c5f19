import type { EaawasConfig } from '../../pipeline/config/config-schema.js';
import { TOPIC_SUFFIXES, type TopicNames } from '../../pipeline/topics/topic-names.js';
import type { Transport } from '../../pipeline/transport/transport.js';

/** Recovers the configured topic prefix from the physical topic names. */
export function topicPrefixOf(topics: TopicNames): string {
  return topics.samples.slice(0, topics.samples.length - TOPIC_SUFFIXES.samples.length);
}

/** Largest changelog record the broker accepts: 8 MiB, for a partition's whole window state. */
const CHANGELOG_MAX_MESSAGE_BYTES = String(8 * 1024 * 1024);

/**
 * Creates a stage's compacted changelog topic when it does not exist yet, with the partition count
 * and replication factor of the other topics.
 */
export async function ensureChangelogTopic(
  transport: Transport,
  config: EaawasConfig,
  topic: string,
): Promise<void> {
  const admin = transport.admin();
  const existing = await admin.listTopics();
  if (existing.includes(topic)) {
    return;
  }
  await admin.createTopics([
    {
      topic,
      partitions: config.transport.partitions,
      replicationFactor: config.transport.replication_factor,
      compacted: true,
      configs: { 'max.message.bytes': CHANGELOG_MAX_MESSAGE_BYTES },
    },
  ]);
}

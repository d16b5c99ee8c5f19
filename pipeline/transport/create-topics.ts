import type { EaawasConfig } from '../config/config-schema.js';
import { COMPACTED_TOPICS, TOPIC_SUFFIXES, topicNames, type TopicKey } from '../topics/topic-names.js';
import type { TopicSpec, Transport } from './transport.js';

export interface CreatedTopics {
  /** Topics this call created. */
  created: string[];
  /** Topics that existed already and were left unchanged. */
  existing: string[];
}

/** Builds the spec of every pipeline topic: configured partitions and replication, compaction where the latest value per key is the state. */
export function pipelineTopicSpecs(config: EaawasConfig): TopicSpec[] {
  const names = topicNames(config.transport.topic_prefix);
  return (Object.keys(TOPIC_SUFFIXES) as TopicKey[]).map((key) => ({
    topic: names[key],
    partitions: config.transport.partitions,
    replicationFactor: config.transport.replication_factor,
    compacted: COMPACTED_TOPICS.includes(key),
  }));
}

/**
 * Creates every pipeline topic that does not exist yet. Existing topics are left as they are,
 * even when their partition count or cleanup policy differs from the config, so the call can be
 * repeated safely.
 */
export async function createPipelineTopics(
  transport: Transport,
  config: EaawasConfig,
): Promise<CreatedTopics> {
  await transport.connect();
  const admin = transport.admin();
  const present = new Set(await admin.listTopics());
  const specs = pipelineTopicSpecs(config);
  const missing = specs.filter((spec) => !present.has(spec.topic));

  await admin.createTopics(missing);
  return {
    created: missing.map((spec) => spec.topic),
    existing: specs.filter((spec) => present.has(spec.topic)).map((spec) => spec.topic),
  };
}

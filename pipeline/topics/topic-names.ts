/**
 * Logical topics of DESIGN.md. The physical name is the configured prefix (default `eaawas.`)
 * followed by the suffix, so two deployments can share one cluster.
 */
export const TOPIC_SUFFIXES = {
  inventory: 'inventory',
  samples: 'samples',
  aggregates: 'aggregates',
  anomalies: 'anomalies',
  energy: 'energy',
  forecasts: 'forecasts',
  carbon: 'carbon',
  workloadRequests: 'workload.requests',
  decisions: 'allocation.decisions',
  actions: 'actions',
  dlq: 'dlq',
} as const;

export type TopicKey = keyof typeof TOPIC_SUFFIXES;
export type TopicNames = Readonly<Record<TopicKey, string>>;

export const DEFAULT_TOPIC_PREFIX = 'eaawas.';

/** Topics whose latest value per key is the state; they are created with `cleanup.policy=compact`. */
export const COMPACTED_TOPICS: readonly TopicKey[] = ['inventory', 'decisions'];

/** Builds the physical topic names for a prefix. */
export function topicNames(prefix: string = DEFAULT_TOPIC_PREFIX): TopicNames {
  const names = {} as Record<TopicKey, string>;
  for (const [key, suffix] of Object.entries(TOPIC_SUFFIXES)) {
    names[key as TopicKey] = `${prefix}${suffix}`;
  }
  return Object.freeze(names);
}

/** Name of the compacted changelog topic that backs a stateful stage's store. */
export function changelogTopic(prefix: string, stage: string, store: string): string {
  return `${prefix}${stage}.${store}.changelog`;
}

/**
 * Consumer group id of one API process's state consumer. Each process uses its own group, so
 * every process reads every record of the topics it materializes.
 */
export function apiStateGroupId(prefix: string, instanceId: string): string {
  return `${prefix}api.${instanceId}`;
}

/** Consumer group id of a stage; every process of the stage joins the same group. */
export function stageGroupId(prefix: string, stage: string): string {
  return `${prefix}stage.${stage}`;
}

import type { TopicPartition } from '../../pipeline/transport/transport.js';

/**
 * Applies a new assignment to the per-partition state of a stage that restores from a changelog.
 * Forgets every partition of `inputTopic` that is no longer assigned, calling `forget` for each so
 * the stage drops what else it keeps per partition. Returns the assigned partitions that have no
 * state yet, which the stage must restore before their first batch.
 */
export function applyAssignment(
  assigned: readonly TopicPartition[],
  inputTopic: string,
  states: Map<number, unknown>,
  forget: (partition: number) => void = () => undefined,
): number[] {
  const owned = assigned.filter((tp) => tp.topic === inputTopic).map((tp) => tp.partition);
  for (const partition of [...states.keys()]) {
    if (!owned.includes(partition)) {
      states.delete(partition);
      forget(partition);
    }
  }
  return owned.filter((partition) => !states.has(partition));
}

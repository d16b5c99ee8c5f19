import type { Admin } from '../transport.js';
import type { EmbeddedLog } from './embedded-log.js';
import type { GroupCoordinator } from './group-coordinator.js';
import { formatOffset } from './offsets.js';

/** Topic administration and offset queries on the embedded log. */
export function createEmbeddedAdmin(log: EmbeddedLog, coordinator: GroupCoordinator): Admin {
  function run<T>(operation: () => T): Promise<T> {
    try {
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  return {
    createTopics(specs) {
      return run(() => {
        for (const spec of specs) {
          log.createTopic(spec);
          coordinator.topicCreated(spec.topic);
        }
      });
    },
    listTopics() {
      return run(() => log.topicNames());
    },
    deleteTopics(topics) {
      return run(() => {
        for (const topic of topics) {
          log.deleteTopic(topic);
          coordinator.topicDeleted(topic);
        }
      });
    },
    endOffsets(topic) {
      return run(() => {
        const offsets = new Map<number, string>();
        for (let partition = 0; partition < log.partitionCount(topic); partition++) {
          offsets.set(partition, formatOffset(log.partition(topic, partition).endOffset()));
        }
        return offsets;
      });
    },
    committedOffsets(groupId, topic) {
      return run(() => {
        log.partitionCount(topic);
        const offsets = new Map<number, string>();
        for (const [partition, offset] of coordinator.committedOffsets(groupId, topic)) {
          offsets.set(partition, formatOffset(offset));
        }
        return offsets;
      });
    },
  };
}

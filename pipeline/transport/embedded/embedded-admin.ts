import type { Admin } from '../transport.js';
import type { EmbeddedLog } from './embedded-log.js';
import type { GroupCoordinator } from './group-coordinator.js';
import { formatOffset } from './offsets.js';
import { promiseFrom } from './promise-from.js';

/** Topic administration and offset queries on the embedded log. */
export function createEmbeddedAdmin(log: EmbeddedLog, coordinator: GroupCoordinator): Admin {
  return {
    createTopics(specs) {
      return promiseFrom(() => {
        for (const spec of specs) {
          log.createTopic(spec);
          coordinator.topicCreated(spec.topic);
        }
      });
    },
    listTopics() {
      return promiseFrom(() => log.topicNames());
    },
    deleteTopics(topics) {
      return promiseFrom(() => {
        for (const topic of topics) {
          log.deleteTopic(topic);
          coordinator.topicDeleted(topic);
        }
      });
    },
    endOffsets(topic) {
      return promiseFrom(() => {
        const offsets = new Map<number, string>();
        for (let partition = 0; partition < log.partitionCount(topic); partition++) {
          offsets.set(partition, formatOffset(log.partition(topic, partition).endOffset()));
        }
        return offsets;
      });
    },
    committedOffsets(groupId, topic) {
      return promiseFrom(() => {
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

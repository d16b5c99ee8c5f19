import type {
  DecodedRecord,
  StageContext,
  StageDefinition,
  StageInstance,
  StageOutput,
  StageRejection,
  StageResult,
} from '../../pipeline/runner/stage.js';
import { changelogTopic } from '../../pipeline/topics/topic-names.js';
import type { TopicPartition } from '../../pipeline/transport/transport.js';
import type { Aggregate } from '../../schemas/definitions/aggregate.js';
import { sampleSchema, type Sample } from '../../schemas/definitions/sample.js';
import { createAggregateMetrics } from './aggregate-metrics.js';
import { toAggregate } from './aggregate-record.js';
import { ensureChangelogTopic, topicPrefixOf } from './changelog-topic.js';
import { applyAssignment } from './partition-assignment.js';
import { changelogOutput, changelogPartition, restoreStore } from './window-changelog.js';
import { createWindowStore, type WindowStore } from './window-store.js';

export const AGGREGATE_STAGE_NAME = 'aggregate';
const CHANGELOG_STORE = 'windows';

/** Name of the compacted topic that stores the aggregate stage's open windows and watermarks. */
export function aggregateChangelogTopic(prefix: string): string {
  return changelogTopic(prefix, AGGREGATE_STAGE_NAME, CHANGELOG_STORE);
}

/**
 * The aggregate stage: event-time tumbling windows over `eaawas.samples`, one closed window per
 * message on `eaawas.aggregates`.
 *
 * Exactness across restarts: each batch returns its closed windows and one changelog record with
 * the partition's whole new state, including those windows. The runner commits the input only
 * after both are acknowledged. After a crash the state is restored from the last changelog record:
 * replayed input below its next offset is skipped. If the input resumes below that offset (the
 * batch was not committed), the windows that batch emitted are sent again, because they may not
 * have reached the topic. Windows are pure functions of the input, so none is lost or changed. One
 * is produced twice only when the process dies after its batch's sends and before the commit, and
 * consumers drop that copy by its window identity (resource, metric, size, start).
 * docs/decisions/0002-exactly-once-windows.md gives the full argument.
 */
export const aggregateStage: StageDefinition = {
  name: AGGREGATE_STAGE_NAME,
  inputs: (topics) => [{ topic: topics.samples, schema: sampleSchema }],
  outputs: (topics) => [topics.aggregates, aggregateChangelogTopic(topicPrefixOf(topics))],
  create: createAggregateInstance,
};

/** A partition's store, and the windows of the restored state's batch until the first batch decides on them. */
interface PartitionState {
  store: WindowStore;
  unconfirmed: Aggregate[] | null;
}

async function createAggregateInstance(context: StageContext): Promise<StageInstance> {
  const settings = context.config.aggregate;
  const changelog = aggregateChangelogTopic(context.config.transport.topic_prefix);
  const metrics = createAggregateMetrics(context.registry);
  // The runner already binds `stage` to this logger.
  const logger = context.logger;
  const partitions = new Map<number, PartitionState>();
  let closed = false;

  await ensureChangelogTopic(context.transport, context.config, changelog);

  /** Rebuilds the state of the given partitions from the changelog, replacing what memory holds. */
  async function restore(restored: readonly number[]): Promise<void> {
    const values = new Map<number, Buffer | null>();
    await context.transport.readToEnd(changelog, (record) => {
      const partition = record.key === null ? null : changelogPartition(record.key);
      if (partition !== null && restored.includes(partition)) {
        values.set(partition, record.value);
      }
    });
    for (const partition of restored) {
      const store = createWindowStore({
        windowSizesS: settings.window_sizes_s,
        allowedLatenessS: settings.allowed_lateness_s,
      });
      const emitted = restoreStore(store, values.get(partition) ?? null);
      partitions.set(partition, { store, unconfirmed: emitted });
    }
    updateOpenWindows();
    logger.info(
      { event: 'state_restored', topic: changelog, partitions: restored },
      'restored windows from the changelog',
    );
  }

  function updateOpenWindows(): void {
    let open = 0;
    for (const { store } of partitions.values()) {
      open += store.openWindowCount();
    }
    metrics.openWindows.set(open);
  }

  async function onAssignment(assigned: TopicPartition[]): Promise<void> {
    const added = applyAssignment(assigned, context.topics.samples, partitions);
    if (added.length > 0) {
      await restore(added);
    }
  }

  async function stateFor(partition: number, firstOffset: bigint): Promise<PartitionState> {
    const current = partitions.get(partition);
    const next = current?.store.nextOffset() ?? null;
    // Below the state's next offset after a restore, the batch replays uncommitted input. Without a
    // restore, it is a redelivery in this process after a failed send: memory is ahead of what was
    // acknowledged, so the changelog is the truth.
    if (current === undefined || (current.unconfirmed === null && next !== null && firstOffset < next)) {
      await restore([partition]);
    }
    return partitions.get(partition)!;
  }

  function rejectionOf(
    record: DecodedRecord,
    sample: Sample,
    windowEndMs: number,
    watermarkMs: number,
  ): StageRejection {
    return {
      record,
      code: 'WINDOW_LATE_SAMPLE',
      reason:
        `sample at ${sample.event_time} belongs to a window that ended at ${new Date(windowEndMs).toISOString()},` +
        ` at or before the partition watermark ${new Date(watermarkMs).toISOString()}` +
        ` (highest event time seen minus the allowed lateness of ${settings.allowed_lateness_s} s); that window is closed`,
    };
  }

  async function processBatch(
    records: DecodedRecord[],
    topicPartition: TopicPartition,
  ): Promise<StageResult> {
    const partition = topicPartition.partition;
    const first = records[0];
    if (first === undefined) {
      return { outputs: [] };
    }
    const state = await stateFor(partition, BigInt(first.offset));
    const { store } = state;
    const outputs: StageOutput[] = [];
    // Windows sent again stay in this batch's changelog record, so a second crash before this
    // batch is committed sends them once more instead of losing them.
    const resent: Aggregate[] = [];
    if (state.unconfirmed !== null) {
      const next = store.nextOffset();
      if (next !== null && BigInt(first.offset) < next) {
        resent.push(...state.unconfirmed);
        outputs.push(...state.unconfirmed.map((aggregate) => aggregateOutput(aggregate)));
        logger.warn(
          {
            event: 'windows_resent',
            topic: topicPartition.topic,
            partition,
            windows: state.unconfirmed.length,
          },
          'input resumed before the restored state; sending the windows of its uncommitted batch again',
        );
      }
      state.unconfirmed = null;
    }

    const rejections: StageRejection[] = [];
    for (const record of records) {
      if (record.value === null) {
        continue;
      }
      const sample = record.value as Sample;
      const outcome = store.apply(BigInt(record.offset), sample);
      if (outcome.kind === 'late') {
        metrics.lateSamples.inc();
        rejections.push(rejectionOf(record, sample, outcome.windowEndMs, outcome.watermarkMs));
      }
    }

    const emitted = store.closeReady().map((window) => toAggregate(window));
    outputs.push(...emitted.map((aggregate) => aggregateOutput(aggregate)));
    metrics.windowsEmitted.inc(emitted.length);
    const stateRecord = changelogOutput(changelog, partition, store, [...resent, ...emitted]);
    if (stateRecord !== null) {
      outputs.push(stateRecord);
    }
    updateOpenWindows();
    logger.debug(
      {
        event: 'batch_processed',
        topic: topicPartition.topic,
        partition,
        records: records.length,
        rejected: rejections.length,
      },
      'batch processed',
    );
    if (rejections.length > 0) {
      // One line per batch, not per sample: a replay over topics that already hold later windows
      // dead-letters every sample, and the operator needs to see that without reading the DLQ.
      logger.warn(
        { event: 'late_samples', topic: topicPartition.topic, partition, count: rejections.length },
        'dead-lettered samples later than the allowed lateness as WINDOW_LATE_SAMPLE',
      );
    }
    return { outputs, rejections };
  }

  function aggregateOutput(aggregate: Aggregate): StageOutput {
    return {
      topic: context.topics.aggregates,
      key: aggregate.resource_id,
      value: aggregate,
      timestamp: Date.parse(aggregate.window_end),
    };
  }

  return {
    processBatch,
    onAssignment,
    close() {
      if (!closed) {
        closed = true;
        partitions.clear();
      }
      return Promise.resolve();
    },
  };
}

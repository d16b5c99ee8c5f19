import { Counter, type Registry } from 'prom-client';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import type {
  DecodedRecord,
  StageContext,
  StageDefinition,
  StageInstance,
  StageOutput,
  StageResult,
} from '../../pipeline/runner/stage.js';
import { changelogTopic } from '../../pipeline/topics/topic-names.js';
import type { TopicPartition } from '../../pipeline/transport/transport.js';
import { aggregateSchema, type Aggregate } from '../../schemas/definitions/aggregate.js';
import type { Anomaly } from '../../schemas/definitions/anomaly.js';
import { ensureChangelogTopic, topicPrefixOf } from '../aggregate/changelog-topic.js';
import { applyAssignment } from '../aggregate/partition-assignment.js';
import {
  decodeSeriesRecord,
  parseChangelogKey,
  seriesKey,
  seriesRecordOutput,
  type SeriesId,
  type SeriesRecord,
} from './detector-changelog.js';
import { DETECTOR_METHOD, createDetectorState, scoreAndUpdate } from './seasonal-detector.js';

export const ANOMALY_STAGE_NAME = 'anomaly';
const CHANGELOG_STORE = 'detectors';

/** Name of the compacted topic that stores the anomaly stage's detector states. */
export function anomalyChangelogTopic(prefix: string): string {
  return changelogTopic(prefix, ANOMALY_STAGE_NAME, CHANGELOG_STORE);
}

/**
 * The anomaly stage: scores the mean of every aggregate window of the configured sizes against a
 * seasonal baseline per resource, metric and size, and publishes the anomalous windows.
 *
 * An aggregate whose window ends at or before the last window its series scored is skipped. That
 * drops a copy of a window that the aggregate stage may produce twice after a crash. It also drops
 * the replay of this stage's own batch after a crash. Anomalies that a crash may have kept off the topic are
 * sent again from the changelog (see detector-changelog.ts).
 */
export const anomalyStage: StageDefinition = {
  name: ANOMALY_STAGE_NAME,
  inputs: (topics) => [{ topic: topics.aggregates, schema: aggregateSchema }],
  outputs: (topics) => [topics.anomalies, anomalyChangelogTopic(topicPrefixOf(topics))],
  create: createAnomalyInstance,
};

function detectedCounter(registry: Registry): Counter {
  const name = METRIC_NAMES.anomaliesDetected;
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter
    ? existing
    : new Counter({
        name,
        help: 'Anomalous windows published to the anomalies topic.',
        registers: [registry],
      });
}

async function createAnomalyInstance(context: StageContext): Promise<StageInstance> {
  const settings = context.config.anomaly;
  const sizes = new Set(settings.window_sizes_s);
  const detectorSettings = {
    percent: { ...settings, minScaleAbsolute: settings.min_scale_absolute.percent },
    bytes: { ...settings, minScaleAbsolute: settings.min_scale_absolute.bytes },
  } as const;
  const changelog = anomalyChangelogTopic(context.config.transport.topic_prefix);
  const detected = detectedCounter(context.registry);
  // The runner already binds `stage` to this logger.
  const logger = context.logger;
  /** Series records per input partition, keyed by seriesKey. */
  const partitions = new Map<number, Map<string, SeriesRecord>>();
  /** Partitions restored from the changelog whose first batch has not come yet. */
  const awaitingFirstBatch = new Set<number>();
  /** Next input offset per partition that memory already reflects. */
  const nextOffsets = new Map<number, bigint>();
  let closed = false;

  await ensureChangelogTopic(context.transport, context.config, changelog);

  async function restore(restored: readonly number[]): Promise<void> {
    const fresh = new Map<number, Map<string, SeriesRecord>>(
      restored.map((partition) => [partition, new Map()]),
    );
    await context.transport.readToEnd(changelog, (record) => {
      const parsed = record.key === null ? null : parseChangelogKey(record.key);
      const states = parsed === null ? undefined : fresh.get(parsed.partition);
      if (parsed === null || states === undefined) {
        return;
      }
      if (record.value === null) {
        states.delete(parsed.seriesKey);
        return;
      }
      states.set(parsed.seriesKey, decodeSeriesRecord(record.value));
    });
    for (const [partition, states] of fresh) {
      partitions.set(partition, states);
      nextOffsets.delete(partition);
      awaitingFirstBatch.add(partition);
    }
    logger.info(
      { event: 'state_restored', topic: changelog, partitions: restored },
      'restored detectors from the changelog',
    );
  }

  async function onAssignment(assigned: TopicPartition[]): Promise<void> {
    const added = applyAssignment(assigned, context.topics.aggregates, partitions, (partition) =>
      nextOffsets.delete(partition),
    );
    if (added.length > 0) {
      await restore(added);
    }
  }

  function toAnomaly(
    aggregate: Aggregate,
    expected: number,
    score: number,
    severity: Anomaly['severity'],
  ): Anomaly {
    return {
      resource_id: aggregate.resource_id,
      region: aggregate.region,
      metric: aggregate.metric,
      window_start: aggregate.window_start,
      window_end: aggregate.window_end,
      window_size_s: aggregate.window_size_s,
      observed: aggregate.mean,
      expected,
      score,
      method: DETECTOR_METHOD,
      severity,
    };
  }

  function anomalyOutput(anomaly: Anomaly): StageOutput {
    return {
      topic: context.topics.anomalies,
      key: anomaly.resource_id,
      value: anomaly,
      timestamp: Date.parse(anomaly.window_end),
    };
  }

  async function processBatch(
    records: DecodedRecord[],
    topicPartition: TopicPartition,
  ): Promise<StageResult> {
    const partition = topicPartition.partition;
    const firstOffset = records[0] === undefined ? undefined : BigInt(records[0].offset);
    const next = nextOffsets.get(partition);
    // A batch below what memory reflects is a redelivery after a failed send in this process:
    // memory is ahead of what was acknowledged, so the changelog is the truth.
    if (
      !partitions.has(partition) ||
      (firstOffset !== undefined && next !== undefined && firstOffset < next)
    ) {
      await restore([partition]);
    }
    const states = partitions.get(partition)!;
    const outputs: StageOutput[] = [];
    const touched = new Map<string, SeriesId>();
    // Series whose pending anomalies were sent again keep them in their next record, so a second
    // crash before this batch is committed sends them once more instead of losing them.
    const resent = new Set<string>();
    if (awaitingFirstBatch.delete(partition) && firstOffset !== undefined) {
      for (const [key, record] of states) {
        if (firstOffset < record.nextOffset && record.pending.length > 0) {
          resent.add(key);
          outputs.push(...record.pending.map((anomaly) => anomalyOutput(anomaly)));
        }
      }
    }

    for (const record of records) {
      nextOffsets.set(partition, BigInt(record.offset) + 1n);
      const aggregate = record.value as Aggregate | null;
      if (aggregate === null || !sizes.has(aggregate.window_size_s)) {
        continue;
      }
      const series: SeriesId = {
        resourceId: aggregate.resource_id,
        metric: aggregate.metric,
        windowSizeS: aggregate.window_size_s,
      };
      const key = seriesKey(series);
      let entry = states.get(key);
      if (entry === undefined) {
        entry = { nextOffset: 0n, state: createDetectorState(detectorSettings[aggregate.unit]), pending: [] };
        states.set(key, entry);
      }
      const windowEndMs = Date.parse(aggregate.window_end);
      if (entry.state.lastWindowEndMs !== null && windowEndMs <= entry.state.lastWindowEndMs) {
        continue;
      }
      if (!touched.has(key)) {
        if (!resent.has(key)) {
          entry.pending = [];
        }
        touched.set(key, series);
      }
      const verdict = scoreAndUpdate(
        entry.state,
        Date.parse(aggregate.window_start),
        aggregate.mean,
        detectorSettings[aggregate.unit],
      );
      entry.state.lastWindowEndMs = windowEndMs;
      entry.nextOffset = BigInt(record.offset) + 1n;
      if (verdict.anomalous) {
        detected.inc();
        const anomaly = toAnomaly(aggregate, verdict.expected, verdict.score, verdict.severity);
        entry.pending.push(anomaly);
        outputs.push(anomalyOutput(anomaly));
      }
    }

    for (const [key, series] of touched) {
      outputs.push(seriesRecordOutput(changelog, partition, series, states.get(key)!));
    }
    return { outputs };
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

import { loadConfig } from '../../../pipeline/config/load-config.js';
import type { DecodedRecord, StageOutput } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import { anomalyChangelogTopic, anomalyStage } from '../../../stages/anomaly/anomaly-stage.js';
import {
  createChangelogReplayHarness,
  type ChangelogReplayHarness,
} from '../runner/changelog-replay-harness.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';

// Drives the anomaly stage's batches by hand on the embedded transport to reproduce a crash after
// the changelog was acknowledged but before the anomaly was, and a duplicate aggregate.

const PREFIX = 'anomaly-replay.';
const STEP_MS = 300_000;
const START_MS = Date.parse('2026-11-01T00:00:00.000Z');
const config = loadConfig({
  env: { EAAWAS_TRANSPORT: 'embedded' },
  // A short warm-up keeps the input small; the seasonal slots are not needed for a flat series.
  overrides: {
    transport: { topic_prefix: PREFIX, partitions: 1 },
    anomaly: { warmup_windows: 20, residual_history: 20 },
  },
});
const topics = topicNames(PREFIX);
const changelog = anomalyChangelogTopic(PREFIX);
const PARTITION = { topic: topics.aggregates, partition: 0 };

function aggregateRecord(offset: number, windowIndex: number, mean: number): DecodedRecord {
  const startMs = START_MS + windowIndex * STEP_MS;
  const value = cpuAggregate('i-flat', startMs, mean, {
    last_sample_at: new Date(startMs + 240_000).toISOString(),
  });
  return {
    topic: topics.aggregates,
    partition: 0,
    offset: String(offset),
    key: 'i-flat',
    value,
    headers: {},
    timestamp: startMs,
  };
}

/** A flat series around 30 % with a wobble, then a spike to 90 % at window 30. */
const SPIKE_START = '2026-11-01T02:30:00.000Z';
const INPUT = Array.from({ length: 32 }, (_, index) =>
  aggregateRecord(index, index, index === 30 ? 90 : 30 + (index % 3)),
);

describe('anomaly stage replay', () => {
  let harness: ChangelogReplayHarness;

  beforeEach(async () => {
    harness = await createChangelogReplayHarness(anomalyStage, config, PARTITION, changelog);
  });

  afterEach(async () => {
    await harness.close();
  });

  function anomalies(outputs: StageOutput[]): Array<{ window_start: string }> {
    return outputs
      .filter((output) => output.topic === topics.anomalies)
      .map((output) => output.value as { window_start: string });
  }

  test('lost anomaly is sent again', async () => {
    const first = await harness.startInstance();
    const firstBatch = await first.processBatch(INPUT, PARTITION);
    expect(anomalies(firstBatch.outputs).map((anomaly) => anomaly.window_start)).toEqual([SPIKE_START]);
    await harness.sendChangelog(firstBatch.outputs);
    await first.close();

    const restarted = await harness.startInstance();
    const replay = await restarted.processBatch(INPUT, PARTITION);
    expect(anomalies(replay.outputs)).toEqual(anomalies(firstBatch.outputs));
  });

  test('repeated window is not scored', async () => {
    const instance = await harness.startInstance();
    await instance.processBatch(INPUT.slice(0, 30), PARTITION);
    // Window 29 again, with a value that would score as an anomaly if it were not skipped.
    const repeated = aggregateRecord(30, 29, 95);
    const result = await instance.processBatch(
      [repeated, ...INPUT.slice(30).map((record, index) => ({ ...record, offset: String(31 + index) }))],
      PARTITION,
    );
    expect(anomalies(result.outputs).map((anomaly) => anomaly.window_start)).toEqual([SPIKE_START]);
  });
});

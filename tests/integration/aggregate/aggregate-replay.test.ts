import { loadConfig } from '../../../pipeline/config/load-config.js';
import type { DecodedRecord, StageInstance, StageOutput } from '../../../pipeline/runner/stage.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import { aggregateChangelogTopic, aggregateStage } from '../../../stages/aggregate/aggregate-stage.js';
import { cpuSample } from '../../unit/aggregate/sample-fixtures.js';
import {
  createChangelogReplayHarness,
  type ChangelogReplayHarness,
} from '../runner/changelog-replay-harness.js';

// Drives the aggregate stage's batches by hand on the embedded transport, to reproduce each crash
// point of the changelog protocol exactly: which sends were acknowledged and where input resumes.

const PREFIX = 'replay.';
const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const config = loadConfig({
  env: { EAAWAS_TRANSPORT: 'embedded' },
  overrides: { transport: { topic_prefix: PREFIX, partitions: 1 } },
});
const topics = topicNames(PREFIX);
const changelog = aggregateChangelogTopic(PREFIX);

function record(offset: number, eventTimeMs: number, value: number): DecodedRecord {
  const sample = cpuSample('i-1', eventTimeMs, value);
  return {
    topic: topics.samples,
    partition: 0,
    offset: String(offset),
    key: 'i-1',
    value: sample,
    headers: {},
    timestamp: eventTimeMs,
  };
}

/** Samples every 20 s for 6 minutes: offsets 0 to 17. */
const INPUT = Array.from({ length: 18 }, (_, index) => record(index, T0 + index * 20_000, index));
const PARTITION = { topic: topics.samples, partition: 0 };

describe('aggregate stage replay', () => {
  let harness: ChangelogReplayHarness;

  beforeEach(async () => {
    harness = await createChangelogReplayHarness(aggregateStage, config, PARTITION, changelog);
  });

  afterEach(async () => {
    await harness.close();
  });

  function windows(outputs: StageOutput[]): string[] {
    return outputs
      .filter((output) => output.topic === topics.aggregates)
      .map((output) => JSON.stringify(output.value));
  }

  test('lost windows are sent again', async () => {
    const first = await harness.startInstance();
    const firstBatch = await first.processBatch(INPUT.slice(0, 12), PARTITION);
    const lost = windows(firstBatch.outputs);
    expect(lost.length).toBeGreaterThan(0);
    // The changelog was acknowledged, the aggregates and the commit were not.
    await harness.sendChangelog(firstBatch.outputs);
    await first.close();

    const restarted = await harness.startInstance();
    const replay = await restarted.processBatch(INPUT, PARTITION);
    const uninterrupted = await (await freshRun()).processBatch(INPUT, PARTITION);
    expect(windows(replay.outputs).slice(0, lost.length)).toEqual(lost);
    expect(windows(replay.outputs)).toEqual(windows(uninterrupted.outputs));
  });

  test('second crash keeps resent windows', async () => {
    const first = await harness.startInstance();
    const firstBatch = await first.processBatch(INPUT.slice(0, 12), PARTITION);
    const lost = windows(firstBatch.outputs);
    await harness.sendChangelog(firstBatch.outputs);
    await first.close();

    // The first batch after the restart sends the lost windows again, and dies the same way.
    const second = await harness.startInstance();
    const secondBatch = await second.processBatch(INPUT.slice(0, 15), PARTITION);
    await harness.sendChangelog(secondBatch.outputs);
    await second.close();

    const third = await harness.startInstance();
    const replay = await third.processBatch(INPUT, PARTITION);
    const uninterrupted = await (await freshRun()).processBatch(INPUT, PARTITION);
    expect(windows(replay.outputs).slice(0, lost.length)).toEqual(lost);
    expect(windows(replay.outputs)).toEqual(windows(uninterrupted.outputs));
  });

  test('committed windows are not sent again', async () => {
    const first = await harness.startInstance();
    const firstBatch = await first.processBatch(INPUT.slice(0, 12), PARTITION);
    await harness.sendChangelog(firstBatch.outputs);
    await first.close();

    const restarted = await harness.startInstance();
    const rest = await restarted.processBatch(INPUT.slice(12), PARTITION);
    const all = [...windows(firstBatch.outputs), ...windows(rest.outputs)];
    const uninterrupted = await (await freshRun()).processBatch(INPUT, PARTITION);
    expect(all).toEqual(windows(uninterrupted.outputs));
  });

  test('late sample is rejected with reason', async () => {
    const instance = await harness.startInstance();
    const late = record(18, T0, 99);
    const result = await instance.processBatch([...INPUT, late], PARTITION);
    expect(result.rejections).toHaveLength(1);
    expect(result.rejections?.[0]?.code).toBe('WINDOW_LATE_SAMPLE');
    expect(result.rejections?.[0]?.record.offset).toBe('18');
    expect(result.rejections?.[0]?.reason).toContain('allowed lateness of 120 s');
  });

  /** Runs the input through an instance whose changelog topic was emptied first. */
  async function freshRun(): Promise<StageInstance> {
    await harness.transport.admin().deleteTopics([changelog]);
    return harness.startInstance();
  }
});

// The runner commits a batch only after its outputs are acknowledged, so a batch that fails is
// delivered again and no record is lost.
import { jest } from '@jest/globals';
import type { Counter } from 'prom-client';
import { EaawasError } from '../../../pipeline/errors/eaawas-error.js';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import type { StageDefinition } from '../../../pipeline/runner/stage.js';
import { stageGroupId } from '../../../pipeline/topics/topic-names.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';
import { waitFor } from '../transport/poll.js';
import { createRunnerFixture, echoStage, observed, sample, type RunnerFixture } from './runner-fixtures.js';

jest.setTimeout(120_000);

const VALUES = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90];
const MARKED = 50;

describe.each(['embedded', 'kafka'] as const)('stage runner redelivery on %s', (kind) => {
  let fixture: RunnerFixture;

  beforeEach(async () => {
    fixture = await createRunnerFixture(kind);
    const producer = await fixture.transport.producer();
    await producer.send(
      fixture.topics.samples,
      VALUES.map((value) => ({ key: `i-${value}`, value: JSON.stringify(sample(`i-${value}`, value)) })),
    );
    await producer.close();
  });

  afterEach(async () => {
    await fixture.close();
  });

  async function committedEverything(groupId: string): Promise<boolean> {
    const admin = fixture.transport.admin();
    const [ends, committed] = await Promise.all([
      admin.endOffsets(fixture.topics.samples),
      admin.committedOffsets(groupId, fixture.topics.samples),
    ]);
    return [...ends].every(([partition, end]) => committed.get(partition) === end);
  }

  test('failed batch redelivered after restart', async () => {
    let failOnce = true;
    const definition = echoStage('flaky', {
      beforeBatch(values) {
        if (failOnce && values.some((value) => value.value === MARKED)) {
          failOnce = false;
          throw new Error('marked record');
        }
      },
    });
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, 'flaky');
    const outputs = await fixture.collect(fixture.topics.anomalies);

    const first = await startStage(definition, fixture.context());
    await expect(first.done).rejects.toMatchObject({ code: 'STAGE_FAILED' });

    // Offsets in a fresh partition follow send order, so the marked record's offset is its rank.
    const markedPartition = partitionForKey(`i-${MARKED}`, 2);
    const samePartition = VALUES.filter((value) => partitionForKey(`i-${value}`, 2) === markedPartition);
    const markedOffset = samePartition.indexOf(MARKED);
    const committed = await fixture.transport.admin().committedOffsets(groupId, fixture.topics.samples);
    expect(Number(committed.get(markedPartition) ?? '0')).toBeLessThanOrEqual(markedOffset);

    const second = await startStage(definition, fixture.context());
    await waitFor(
      'an output for every input',
      () => new Set(outputs.map(observed)).size === VALUES.length,
      60_000,
    );
    await waitFor('every offset committed', () => committedEverything(groupId), 60_000);
    await second.stop();

    expect([...new Set(outputs.map(observed))].sort((a, b) => a - b)).toEqual(VALUES);
  });

  test('invalid output stops stage uncommitted', async () => {
    const definition: StageDefinition = {
      ...echoStage('invalid-output'),
      create: ({ topics }) =>
        Promise.resolve({
          processBatch: () =>
            Promise.resolve({
              outputs: [{ topic: topics.anomalies, key: 'i-1', value: { resource_id: 'i-1' } }],
            }),
          close: () => Promise.resolve(),
        }),
    };
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, 'invalid-output');

    const stage = await startStage(definition, fixture.context());

    await expect(stage.done).rejects.toMatchObject({
      code: 'STAGE_FAILED',
      cause: expect.objectContaining({
        message: expect.stringMatching(/invalid message for .*anomalies/) as unknown,
      }) as unknown,
    });
    const committed = await fixture.transport.admin().committedOffsets(groupId, fixture.topics.samples);
    expect(committed.size).toBe(0);
  });

  test('retriable error retried without stopping', async () => {
    let failOnce = true;
    const definition = echoStage('throttled', {
      beforeBatch() {
        if (failOnce) {
          failOnce = false;
          throw new EaawasError('AWS_CALL_FAILED', 'throttled', { retriable: true });
        }
      },
    });
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, 'throttled');
    const outputs = await fixture.collect(fixture.topics.anomalies);
    let settled = false;

    const stage = await startStage(definition, fixture.context());
    stage.done.then(
      () => (settled = true),
      () => (settled = true),
    );
    await waitFor(
      'an output for every input',
      () => new Set(outputs.map(observed)).size === VALUES.length,
      60_000,
    );
    await waitFor('every offset committed', () => committedEverything(groupId), 60_000);

    expect(settled).toBe(false);
    const retries = fixture.registry.getSingleMetric(METRIC_NAMES.stageRetries) as Counter;
    expect((await retries.get()).values).toEqual([
      expect.objectContaining({ labels: { stage: 'throttled' }, value: 1 }),
    ]);
    await stage.stop();
  });
});

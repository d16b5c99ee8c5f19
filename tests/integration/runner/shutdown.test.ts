// Stopping a stage lets the batch in flight finish and commit, and gives up after the timeout.
import { jest } from '@jest/globals';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import { stageGroupId } from '../../../pipeline/topics/topic-names.js';
import { partitionForKey } from '../../../pipeline/transport/murmur2.js';
import { waitFor } from '../transport/poll.js';
import { createRunnerFixture, echoStage, sample, type RunnerFixture } from './runner-fixtures.js';

jest.setTimeout(120_000);

describe.each(['embedded', 'kafka'] as const)('stage runner shutdown on %s', (kind) => {
  let fixture: RunnerFixture;
  let release: () => void;
  let gate: Promise<void>;

  beforeEach(async () => {
    fixture = await createRunnerFixture(kind);
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const producer = await fixture.transport.producer();
    await producer.send(
      fixture.topics.samples,
      [1, 2, 3, 4].map((value) => ({ key: 'i-1', value: JSON.stringify(sample('i-1', value)) })),
    );
    await producer.close();
  });

  afterEach(async () => {
    release();
    await fixture.close();
  });

  async function committedOffset(stage: string): Promise<string | undefined> {
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, stage);
    const committed = await fixture.transport.admin().committedOffsets(groupId, fixture.topics.samples);
    return committed.get(partitionForKey('i-1', 2));
  }

  test('stop finishes batch in flight and commits', async () => {
    let entered = false;
    let processed = 0;
    let closes = 0;
    const definition = echoStage('slow', {
      async beforeBatch(values) {
        entered = true;
        await gate;
        processed += values.length;
      },
      onClose: () => (closes += 1),
    });
    const outputs = await fixture.collect(fixture.topics.anomalies);
    const stage = await startStage(definition, fixture.context());
    await waitFor('a batch in flight', () => entered);

    const stopping = stage.stop();
    expect(stage.stop()).toBe(stopping);
    release();
    await stopping;

    await expect(stage.done).resolves.toBeUndefined();
    expect(processed).toBeGreaterThan(0);
    expect(await committedOffset('slow')).toBe(String(processed));
    await waitFor('outputs of the finished batch', () => outputs.length >= processed);
    expect(closes).toBe(1);
  });

  test('stuck batch abandoned after timeout', async () => {
    let entered = false;
    const definition = echoStage('stuck', {
      async beforeBatch() {
        entered = true;
        await gate;
      },
    });
    const config = { ...fixture.config, runner: { ...fixture.config.runner, shutdown_timeout_ms: 300 } };
    const stage = await startStage(definition, { ...fixture.context(), config });
    await waitFor('a batch in flight', () => entered);

    const started = Date.now();
    await stage.stop();

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await committedOffset('stuck')).toBeUndefined();
  });
});

import { jest } from '@jest/globals';
import pino from 'pino';
import { Registry } from 'prom-client';

import { systemClock } from '../../../pipeline/runner/clock.js';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../../../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../../../pipeline/transport/create-topics.js';
import { createTransport } from '../../../pipeline/transport/create-transport.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import type { Anomaly } from '../../../schemas/definitions/anomaly.js';
import { anomalyChangelogTopic, anomalyStage } from '../../../stages/anomaly/anomaly-stage.js';
import { kafkaTestConfig, uniqueName, waitFor } from '../kafka/kafka-test-helpers.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';

// The anomaly stage runs under the stage runner on the real broker. It learns a seasonal series
// and is stopped. A new instance must restore the detector from the changelog, so it reports a
// spike right after the restart, which a fresh detector in its warm-up would not. A repeated window
// must not be scored twice.

jest.setTimeout(180_000);

const STEP_MS = 300_000;
const DAY_MS = 86_400_000;
const START_MS = Date.parse('2026-11-01T00:00:00.000Z');
const HISTORY_WINDOWS = 4 * 288;

function aggregateAt(index: number, mean: number): Aggregate {
  const startMs = START_MS + index * STEP_MS;
  return cpuAggregate('i-0seasonal', startMs, mean, {
    last_sample_at: new Date(startMs + STEP_MS - 60_000).toISOString(),
  });
}

/** Returns a daily cycle between 15 and 65 percent with a deterministic wobble of about 1.5 points. */
function seasonalMean(index: number): number {
  const phase = (2 * Math.PI * index * STEP_MS) / DAY_MS;
  return 40 + 25 * Math.sin(phase) + 1.5 * Math.sin(index * 12.9898);
}

describe('anomaly stage restart', () => {
  const prefix = `${uniqueName('anomaly')}.`;
  const config = kafkaTestConfig({ topic_prefix: prefix, partitions: 1 });
  const topics = topicNames(prefix);
  const logger = pino({ level: 'silent' });
  let transport: Transport;

  beforeAll(async () => {
    transport = createTransport(config, { logger, registry: new Registry(), clientName: 'anomaly-test' });
    await createPipelineTopics(transport, config);
  });

  afterAll(async () => {
    await transport.admin().deleteTopics([...Object.values(topics), anomalyChangelogTopic(prefix)]);
    await transport.close();
  });

  async function runStage(): Promise<{ stage: RunningComponent; stageTransport: Transport }> {
    const registry = new Registry();
    const stageTransport = createTransport(config, { logger, registry, clientName: 'anomaly-stage' });
    await stageTransport.connect();
    const stage = await startStage(anomalyStage, {
      config,
      topics,
      logger,
      registry,
      transport: stageTransport,
      clock: systemClock,
    });
    return { stage, stageTransport };
  }

  async function waitForCommitted(): Promise<void> {
    const ends = await transport.admin().endOffsets(topics.aggregates);
    await waitFor(
      async () => {
        const committed = await transport
          .admin()
          .committedOffsets(stageGroupId(prefix, 'anomaly'), topics.aggregates);
        return [...ends].every(([partition, end]) => committed.get(partition) === end);
      },
      120_000,
      'the anomaly stage to commit every aggregate',
    );
  }

  async function readAnomalies(): Promise<Anomaly[]> {
    const anomalies: Anomaly[] = [];
    await transport.readToEnd(topics.anomalies, (record) =>
      anomalies.push(JSON.parse(record.value!.toString('utf8')) as Anomaly),
    );
    return anomalies;
  }

  async function send(aggregates: Aggregate[]): Promise<void> {
    const producer = await transport.producer();
    await producer.send(
      topics.aggregates,
      aggregates.map((aggregate) => ({ key: aggregate.resource_id, value: JSON.stringify(aggregate) })),
    );
  }

  test('restored detector flags a spike once', async () => {
    await send(
      Array.from({ length: HISTORY_WINDOWS }, (_, index) => aggregateAt(index, seasonalMean(index))),
    );
    const first = await runStage();
    await waitForCommitted();
    await first.stage.stop();
    await first.stageTransport.close();
    expect(await readAnomalies()).toEqual([]);

    const spikeIndex = HISTORY_WINDOWS;
    const repeated = aggregateAt(HISTORY_WINDOWS - 1, 99);
    await send([
      aggregateAt(spikeIndex, seasonalMean(spikeIndex) + 40),
      repeated,
      aggregateAt(spikeIndex + 1, seasonalMean(spikeIndex + 1)),
    ]);
    const second = await runStage();
    await waitForCommitted();
    await second.stage.stop();
    await second.stageTransport.close();

    const anomalies = await readAnomalies();
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      resource_id: 'i-0seasonal',
      window_start: aggregateAt(spikeIndex, 0).window_start,
      method: 'seasonal-robust-z/1',
    });
    expect(anomalies[0]!.observed).toBeCloseTo(seasonalMean(spikeIndex) + 40, 6);
    // The spike falls at midnight, in the steepest hour of the cycle, which one hour slot averages.
    expect(Math.abs(anomalies[0]!.expected - seasonalMean(spikeIndex))).toBeLessThan(8);
    expect(anomalies[0]!.score).toBeGreaterThanOrEqual(config.anomaly.threshold);
  });
});

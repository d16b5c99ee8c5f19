// eaawas run in-process: stages, a source and an extension on one embedded transport.
import { jest } from '@jest/globals';
import { Registry, type Gauge } from 'prom-client';
import { runCommand } from '../../../pipeline/cli/run-command.js';
import { runPipeline, type RunOutcome } from '../../../pipeline/cli/run-pipeline.js';
import type { RunExtension } from '../../../pipeline/cli/run-extensions.js';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import type { SourceDefinition } from '../../../pipeline/runner/source.js';
import type { IncomingRecord } from '../../../pipeline/transport/transport.js';
import { waitFor } from '../transport/poll.js';
import { echoStage, observed, sample, silent, testConfig } from './runner-fixtures.js';

jest.setTimeout(60_000);

function replaySource(values: number[], name = 'test-replay'): SourceDefinition {
  return {
    name,
    outputs: (topics) => [topics.samples],
    create: ({ topics }) =>
      Promise.resolve({
        async run(publish) {
          await publish(
            values.map((value) => ({
              topic: topics.samples,
              key: `i-${value}`,
              value: sample(`i-${value}`, value),
            })),
          );
        },
        close: () => Promise.resolve(),
      }),
  };
}

/** Creates an extension that collects every anomaly record, as the API reads its topics. */
function collectingExtension(records: IncomingRecord[]): RunExtension {
  return {
    name: 'collector',
    async start(runtime) {
      const consumer = runtime.transport.consumer({
        groupId: 'collector',
        topics: [runtime.topics.anomalies],
        fromBeginning: true,
      });
      await consumer.run((batch) => {
        records.push(...batch.records);
        return Promise.resolve();
      });
      return { stop: () => consumer.close() };
    },
  };
}

describe('runPipeline', () => {
  test('source output flows through stage', async () => {
    const records: IncomingRecord[] = [];
    const registry = new Registry();
    const stop = new AbortController();

    const running = runPipeline({
      config: testConfig('embedded'),
      stages: [echoStage('echo')],
      sources: [replaySource([1, 2, 3])],
      extensions: [collectingExtension(records)],
      stop: stop.signal,
      logger: silent,
      registry,
    });
    await waitFor('3 outputs', () => records.length >= 3);
    const lag = registry.getSingleMetric(METRIC_NAMES.stageConsumerLag) as Gauge | undefined;
    await waitFor(
      'lag measured as 0',
      async () => (await lag?.get())?.values.some((entry) => entry.value === 0) === true,
    );
    stop.abort();
    const outcome = await running;

    expect(outcome).toEqual({ status: 'stopped', reason: 'shutdown signal' });
    expect(records.map(observed).sort()).toEqual([1, 2, 3]);
  });

  test('duration ends the run', async () => {
    const started = Date.now();

    const outcome = await runPipeline({
      config: testConfig('embedded'),
      stages: [echoStage('echo')],
      sources: [],
      extensions: [],
      durationS: 0.5,
      stop: new AbortController().signal,
      logger: silent,
      registry: new Registry(),
    });

    expect(outcome.status).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('invalid source output fails the run', async () => {
    const broken: SourceDefinition = {
      name: 'broken-source',
      outputs: (topics) => [topics.samples],
      create: ({ topics }) =>
        Promise.resolve({
          run: (publish) => publish([{ topic: topics.samples, key: 'i-1', value: { resource_id: 'i-1' } }]),
          close: () => Promise.resolve(),
        }),
    };

    const outcome: RunOutcome = await runPipeline({
      config: testConfig('embedded'),
      stages: [echoStage('echo')],
      sources: [broken],
      extensions: [],
      stop: new AbortController().signal,
      logger: silent,
      registry: new Registry(),
    });

    expect(outcome).toMatchObject({ status: 'failed', component: 'broken-source' });
    expect(String((outcome as { error: Error }).error.message)).toMatch(/invalid message for .*samples/);
  });
});

describe('runCommand', () => {
  test('invalid config rejected before start', async () => {
    await expect(
      runCommand({ stages: 'echo' }, { EAAWAS__RUNNER__MAX_BATCH_RECORDS: '0' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('runner.max_batch_records') as unknown,
    });
  });

  test('unknown stage rejected with valid names', async () => {
    await expect(runCommand({ stages: 'no-such-stage', source: 'none' }, {})).rejects.toThrow(
      /Unknown stage name in --stages: no-such-stage\. Valid stages: .*aggregate/,
    );
  });
});

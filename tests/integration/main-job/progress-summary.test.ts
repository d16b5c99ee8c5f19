// eaawas run's progress line and end-of-run summary over a short paced replay on the embedded
// transport: real traces through aggregate, energy and the allocator, then the comparison table.
import { jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { createProgressExtension } from '../../../pipeline/cli/progress-extension.js';
import { runPipeline } from '../../../pipeline/cli/run-pipeline.js';
import { createSummaryExtension } from '../../../pipeline/cli/summary-extension.js';
import { loadConfig } from '../../../pipeline/config/load-config.js';
import { createAllocatorStage } from '../../../stages/allocator/allocator-stage.js';
import { aggregateStage } from '../../../stages/aggregate/aggregate-stage.js';
import { energyStage } from '../../../stages/energy/energy-stage.js';
import { carbonReplaySource } from '../../../stages/replay/carbon-replay.js';
import { utilizationReplaySource } from '../../../stages/replay/utilization-replay.js';
import { workloadReplaySource } from '../../../stages/replay/workload-replay.js';
import { silent } from '../runner/runner-fixtures.js';
import { uniqueName, waitFor } from '../transport/poll.js';

jest.setTimeout(120_000);

describe('run progress and summary', () => {
  test('short replay prints progress and summary', async () => {
    const config = loadConfig({
      env: {},
      overrides: {
        transport: { kind: 'embedded', topic_prefix: `${uniqueName('summary')}.`, partitions: 2 },
        logging: { level: 'silent' },
        sources: {
          mode: 'replay',
          // Two simulated hours at 3600 times real time: one 5-minute step every 83 ms.
          replay: { speed: 3600, start_time: '2023-03-06T00:00:00Z', end_offset_s: 7200 },
        },
      },
    });
    const progress: string[] = [];
    const summary: string[] = [];
    const stop = new AbortController();
    const running = runPipeline({
      config,
      stages: [aggregateStage, energyStage, createAllocatorStage()],
      sources: [utilizationReplaySource, carbonReplaySource, workloadReplaySource],
      extensions: [
        createProgressExtension({ write: (line) => progress.push(line), intervalMs: 200 }),
        createSummaryExtension({ write: (text) => summary.push(text) }),
      ],
      stop: stop.signal,
      logger: silent,
      registry: new Registry(),
    });

    await waitFor(
      'all 576 samples (24 resources, 24 steps) aggregated and some decisions',
      () =>
        progress.some(
          (line) =>
            line.includes('simulated 2023-03-06 02:00 UTC') &&
            line.includes(' 576 samples') &&
            / [1-9]\d* decisions/.test(line),
        ),
      90_000,
      100,
    );
    stop.abort();
    const outcome = await running;
    const text = summary.join('');

    expect(outcome.status).toBe('stopped');
    expect(progress.every((line) => line.startsWith('progress: ') && line.endsWith('\n'))).toBe(true);
    expect(progress.every((line) => line.split('\n').length === 2)).toBe(true);
    expect(text).toContain('simulated 2023-03-06 00:00 UTC to 2023-03-06 02:00 UTC');
    expect(text).toMatch(/samples {11}576\n/);
    expect(text).toMatch(/decisions {9}[1-9]\d*: /);
    expect(text).toMatch(/fleet energy {6}\d+\.\d{3} kWh/);
    expect(text).toContain('anomalies         n/a');
    expect(text).toMatch(/eaawas \(carbon-aware\) +\d+/);
    expect(text).toMatch(/eaawas without carbon +\d+/);
  });
});

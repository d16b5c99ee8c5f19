// Aggregates and inventory in on the real broker and on the embedded transport, energy messages
// out, totals in the materialized state. Uses the stage runner, so records pass the same decoding,
// validation and dead-lettering as in production.
import { jest } from '@jest/globals';
import { METRIC_NAMES } from '../../../pipeline/metrics/metric-names.js';
import { DEAD_LETTER_HEADERS } from '../../../pipeline/runner/dead-letter-headers.js';
import { startStage, type RunningComponent } from '../../../pipeline/runner/stage-runner.js';
import { stageGroupId } from '../../../pipeline/topics/topic-names.js';
import type { Aggregate } from '../../../schemas/definitions/aggregate.js';
import type { Carbon } from '../../../schemas/definitions/carbon.js';
import { energySchema, type Energy } from '../../../schemas/definitions/energy.js';
import { energyStage } from '../../../stages/energy/energy-stage.js';
import { EnergyState } from '../../../stages/energy/energy-state.js';
import { cpuAggregate } from '../../fixtures/aggregate-fixtures.js';
import { m5LargeInventory } from '../../fixtures/inventory-fixtures.js';
import { createRunnerFixture, type RunnerFixture } from '../runner/runner-fixtures.js';
import { waitFor } from '../transport/poll.js';

jest.setTimeout(120_000);

function cpuWindow(id: string, minute: number, mean: number, overrides: Partial<Aggregate> = {}): Aggregate {
  return cpuAggregate(id, Date.UTC(2026, 11, 4, 10, minute), mean, {
    region: 'us-east-1',
    window_size_s: 60,
    count: 6,
    ...overrides,
  });
}

const carbon: Carbon = {
  region: 'us-east-1',
  zone: 'US-MIDA-PJM',
  hour: '2026-12-04T10:00:00.000Z',
  intensity_g_per_kwh: 300,
  kind: 'observed',
  source: 'replay',
  fallback: false,
  model_version: null,
  issued_at: null,
};

const json = (value: unknown) => JSON.stringify(value);
const decode = (value: Buffer | null) => energySchema.parse(JSON.parse(value!.toString('utf8')));

describe.each(['embedded', 'kafka'] as const)('energy stage on %s', (kind) => {
  let fixture: RunnerFixture;
  let stage: RunningComponent | undefined;

  beforeEach(async () => {
    // The windows below are 60 s, so the stage prices 60 s windows here (the default is 300 s).
    fixture = await createRunnerFixture(kind, { energy: { window_size_s: 60 } });
  });

  afterEach(async () => {
    await stage?.stop();
    await fixture.close();
  });

  test('aggregates in, energy out, totals kept', async () => {
    const { topics, transport } = fixture;
    const producer = await transport.producer();
    await producer.send(topics.inventory, [
      { key: 'i-run', value: json(m5LargeInventory('i-run')) },
      { key: 'i-stop', value: json(m5LargeInventory('i-stop', { state: 'stopped' })) },
      {
        key: 'i-north',
        value: json(
          m5LargeInventory('i-north', {
            region: 'eu-north-1',
            instance_type: 'm6g.large',
            architecture: 'arm64',
          }),
        ),
      },
    ]);
    await producer.send(topics.carbon, [{ key: carbon.region, value: json(carbon) }]);
    await producer.send(topics.aggregates, [
      { key: 'i-run', value: json(cpuWindow('i-run', 0, 50)) },
      // 10:01 is missing: a gap, not a zero-power window.
      { key: 'i-run', value: json(cpuWindow('i-run', 2, 37)) },
      { key: 'i-run', value: json(cpuWindow('i-run', 2, 37, { metric: 'memory_utilization' })) },
      // A 300 s window over the same minutes: only energy.window_size_s (60 s here) windows are priced.
      {
        key: 'i-run',
        value: json(
          cpuWindow('i-run', 0, 90, { window_size_s: 300, window_end: '2026-12-04T10:05:00.000Z' }),
        ),
      },
      { key: 'i-stop', value: json(cpuWindow('i-stop', 0, 20)) },
      { key: 'i-north', value: json(cpuWindow('i-north', 0, 10, { region: 'eu-north-1' })) },
      { key: 'i-ghost', value: json(cpuWindow('i-ghost', 0, 10)) },
      // An EKS node's Container Insights window: the node's EC2 instance windows are priced instead.
      { key: 'prod/node-1', value: json(cpuWindow('prod/node-1', 0, 10, { resource_type: 'eks_node' })) },
    ]);
    await producer.close();
    const outputs = await fixture.collect(topics.energy);
    const deadLetters = await fixture.collect(topics.dlq);

    stage = await startStage(energyStage, fixture.context());
    await waitFor(
      '4 energy messages and 1 dead letter',
      () => outputs.length >= 4 && deadLetters.length >= 1,
      60_000,
    );
    const groupId = stageGroupId(fixture.config.transport.topic_prefix, energyStage.name);
    await waitFor('every aggregate committed', async () => {
      const ends = await transport.admin().endOffsets(topics.aggregates);
      const committed = await transport.admin().committedOffsets(groupId, topics.aggregates);
      return [...ends].every(([partition, end]) => end === '0' || committed.get(partition) === end);
    });

    const records = outputs.map((record) => decode(record.value));
    const byKey = (id: string, minute: number): Energy | undefined =>
      records.find(
        (record) =>
          record.resource_id === id && record.window_start === cpuWindow(id, minute, 0).window_start,
      );

    // m5.large at 50 percent: 7.16 + 4.96 + 2.0 = 14.12 W for 60 s at PUE 1.15:
    // 14.12 / 60 * 1.15 = 0.270633 Wh, at 300 g/kWh = 0.081190 g.
    const first = byKey('i-run', 0);
    expect(first?.power_w).toBeCloseTo(14.12, 9);
    expect(first?.energy_wh).toBeCloseTo((14.12 / 60) * 1.15, 9);
    expect(first?.intensity_source).toBe('hourly');
    expect(first?.grid_intensity_g_per_kwh).toBe(300);
    expect(first?.operational_gco2e).toBeCloseTo(((14.12 / 60) * 1.15 * 300) / 1000, 9);

    // m5.large at 37 percent: 6.97 + 7.15 * 27 / 40 = 11.79625 W.
    expect(byKey('i-run', 2)?.power_w).toBeCloseTo(11.79625, 9);
    expect(byKey('i-run', 1)).toBeUndefined();

    const stopped = byKey('i-stop', 0);
    expect(stopped?.state).toBe('stopped');
    expect(stopped?.power_w).toBe(0);

    // No carbon message for eu-north-1: the annual mean of the SE-SE3 series, 2.751 g/kWh.
    const north = byKey('i-north', 0);
    expect(north?.intensity_source).toBe('annual_average');
    expect(north?.grid_intensity_g_per_kwh).toBe(2.751);
    expect(north?.estimate_quality).toBe('measured');

    expect(records).toHaveLength(4);
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.key).toBe('i-ghost');
    expect(deadLetters[0]!.headers[DEAD_LETTER_HEADERS.errorCode]).toBe('NOT_FOUND');

    const state = new EnergyState(10);
    for (const record of records) {
      state.apply(record);
    }
    expect(state.totals('i-run')?.windows).toBe(2);
    expect(state.totals('i-run')?.energy_wh).toBeCloseTo(((14.12 + 11.79625) / 60) * 1.15, 9);
    expect(state.region('us-east-1')?.power_w).toBeCloseTo(11.79625, 9);
    expect(state.region('eu-north-1')?.resources).toBe(1);
    expect(state.fleet().resources).toBe(3);
  });

  test('inventory published later is found', async () => {
    const { topics, transport } = fixture;
    const outputs = await fixture.collect(topics.energy);
    stage = await startStage(energyStage, fixture.context());

    const producer = await transport.producer();
    await producer.send(topics.inventory, [{ key: 'i-late', value: json(m5LargeInventory('i-late')) }]);
    await producer.send(topics.aggregates, [{ key: 'i-late', value: json(cpuWindow('i-late', 0, 100)) }]);
    await producer.close();

    await waitFor('energy message of i-late', () => outputs.length >= 1, 60_000);
    // m5.large at 100 percent: 9.96 + 8.00 + 2.0 = 19.96 W.
    expect(decode(outputs[0]!.value).power_w).toBeCloseTo(19.96, 9);
  });

  test('copy of priced window is dropped', async () => {
    const { topics, transport } = fixture;
    const outputs = await fixture.collect(topics.energy);
    stage = await startStage(energyStage, fixture.context());

    const producer = await transport.producer();
    await producer.send(topics.inventory, [{ key: 'i-copy', value: json(m5LargeInventory('i-copy')) }]);
    // The aggregate stage sends a window again, byte-identical, after a crash between send and commit.
    await producer.send(topics.aggregates, [
      { key: 'i-copy', value: json(cpuWindow('i-copy', 0, 50)) },
      { key: 'i-copy', value: json(cpuWindow('i-copy', 0, 50)) },
    ]);
    await producer.send(topics.aggregates, [{ key: 'i-copy', value: json(cpuWindow('i-copy', 0, 50)) }]);
    // A later window of the same resource, on the same partition, is processed after the copies.
    await producer.send(topics.aggregates, [{ key: 'i-copy', value: json(cpuWindow('i-copy', 1, 60)) }]);
    await producer.close();

    const isLater = (record: { value: Buffer | null }) =>
      decode(record.value).window_start === cpuWindow('i-copy', 1, 0).window_start;
    await waitFor('energy message of the later window', () => outputs.some(isLater), 60_000);
    const starts = outputs.map((record) => decode(record.value).window_start);
    expect(starts).toEqual([cpuWindow('i-copy', 0, 0).window_start, cpuWindow('i-copy', 1, 0).window_start]);
    const dropped = await fixture.registry.getSingleMetric(METRIC_NAMES.energyWindowCopiesDropped)?.get();
    expect(dropped?.values[0]?.value).toBe(2);
  });
});

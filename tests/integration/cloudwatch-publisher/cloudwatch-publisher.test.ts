// The CloudWatch publisher against moto: fleet and region sums of energy records land as custom
// metrics in the EAAWAS/Metrics namespace.
import { jest } from '@jest/globals';
import {
  CloudWatchClient,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  type Dimension,
} from '@aws-sdk/client-cloudwatch';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import type { DecodedRecord, StageContext } from '../../../pipeline/runner/stage.js';
import { startStage } from '../../../pipeline/runner/stage-runner.js';
import type { Energy } from '../../../schemas/definitions/energy.js';
import { cloudWatchPublisherStage } from '../../../stages/cloudwatch-publisher/cloudwatch-publisher-stage.js';
import { createRunnerFixture, type RunnerFixture } from '../runner/runner-fixtures.js';
import { uniqueName, waitFor } from '../transport/poll.js';
import { MOTO_CREDENTIALS, MOTO_SDK_CREDENTIALS, motoEndpoint } from '../aws/moto.js';

jest.setTimeout(120_000);

const endpoint = motoEndpoint();
const cloudWatch = new CloudWatchClient({
  region: 'us-east-1',
  endpoint,
  credentials: MOTO_SDK_CREDENTIALS,
});
const NAMESPACE = 'EAAWAS/Metrics';

function energy(resourceId: string, region: string, windowStart: Date, powerW: number): Energy {
  return {
    resource_id: resourceId,
    resource_type: 'ec2_instance',
    instance_type: 'm5.large',
    region,
    window_start: windowStart.toISOString(),
    window_end: new Date(windowStart.getTime() + 60_000).toISOString(),
    duration_s: 60,
    state: 'running',
    cpu_utilization_percent: 50,
    power_w: powerW,
    power_w_lower: powerW,
    power_w_upper: powerW,
    energy_wh: powerW / 60,
    energy_wh_lower: powerW / 60,
    energy_wh_upper: powerW / 60,
    pue: 1.15,
    pue_source: 'provider_average',
    grid_intensity_g_per_kwh: 300,
    intensity_kind: 'location_based_average',
    intensity_source: 'hourly',
    operational_gco2e: 1,
    embodied_gco2e: 0.5,
    cost_usd: 0.01,
    estimate_quality: 'measured',
  };
}

async function sumOf(metricName: string, dimensions: Dimension[], start: Date): Promise<number | undefined> {
  const result = await cloudWatch.send(
    new GetMetricStatisticsCommand({
      Namespace: NAMESPACE,
      MetricName: metricName,
      Dimensions: dimensions,
      StartTime: new Date(start.getTime() - 60_000),
      EndTime: new Date(start.getTime() + 120_000),
      Period: 300,
      Statistics: ['Sum'],
    }),
  );
  const points = result.Datapoints ?? [];
  return points.length === 0 ? undefined : points.reduce((sum, point) => sum + (point.Sum ?? 0), 0);
}

describe('CloudWatch publisher', () => {
  let fixture: RunnerFixture;
  let run: string;
  let context: StageContext;
  const windowStart = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);

  beforeEach(async () => {
    fixture = await createRunnerFixture('kafka');
    run = uniqueName('cw');
    const config: EaawasConfig = {
      ...fixture.config,
      aws: {
        ...fixture.config.aws,
        endpoint,
        credentials: MOTO_CREDENTIALS,
      },
      cloudwatch_publisher: {
        enabled: true,
        namespace: NAMESPACE,
        region: 'us-east-1',
        dimensions: { TestRun: run },
        max_age_s: 86_400,
      },
    };
    context = { ...fixture.context(), config };
  });

  afterEach(async () => {
    await fixture.close();
  });

  test('region and fleet sums are put', async () => {
    const records: DecodedRecord[] = [
      energy('i-1', 'us-east-1', windowStart, 10),
      energy('i-2', 'us-east-1', windowStart, 20),
      energy('i-3', 'eu-north-1', windowStart, 5),
    ].map((value, offset) => ({
      topic: fixture.topics.energy,
      partition: 0,
      offset: String(offset),
      key: value.resource_id,
      value,
      headers: {},
      timestamp: 0,
    }));
    const publisher = await cloudWatchPublisherStage.create(context);
    await publisher.processBatch(records, { topic: fixture.topics.energy, partition: 0 });
    await publisher.close();

    const testRun = { Name: 'TestRun', Value: run };
    expect(
      await sumOf('PowerWatts', [{ Name: 'Region', Value: 'us-east-1' }, testRun], windowStart),
    ).toBeCloseTo(30, 9);
    expect(
      await sumOf('PowerWatts', [{ Name: 'Region', Value: 'eu-north-1' }, testRun], windowStart),
    ).toBeCloseTo(5, 9);
    expect(await sumOf('PowerWatts', [{ Name: 'Scope', Value: 'fleet' }, testRun], windowStart)).toBeCloseTo(
      35,
      9,
    );
    expect(
      await sumOf('OperationalCarbonGrams', [{ Name: 'Scope', Value: 'fleet' }, testRun], windowStart),
    ).toBeCloseTo(3, 9);
    expect(
      await sumOf('CostUsd', [{ Name: 'Region', Value: 'us-east-1' }, testRun], windowStart),
    ).toBeCloseTo(0.02, 9);

    const listed = await cloudWatch.send(
      new ListMetricsCommand({ Namespace: NAMESPACE, Dimensions: [testRun] }),
    );
    const names = new Set((listed.Metrics ?? []).map((metric) => metric.MetricName));
    expect([...names].sort()).toEqual([
      'CostUsd',
      'EmbodiedCarbonGrams',
      'EnergyWattHours',
      'OperationalCarbonGrams',
      'PowerWatts',
    ]);
  });

  test('windows older than max age skipped', async () => {
    const old = new Date(Date.now() - 3 * 86_400_000);
    const value = energy('i-1', 'us-east-1', old, 10);
    const publisher = await cloudWatchPublisherStage.create(context);
    await publisher.processBatch(
      [
        {
          topic: fixture.topics.energy,
          partition: 0,
          offset: '0',
          key: 'i-1',
          value,
          headers: {},
          timestamp: 0,
        },
      ],
      { topic: fixture.topics.energy, partition: 0 },
    );
    await publisher.close();
    const listed = await cloudWatch.send(
      new ListMetricsCommand({ Namespace: NAMESPACE, Dimensions: [{ Name: 'TestRun', Value: run }] }),
    );
    expect(listed.Metrics ?? []).toHaveLength(0);
  });

  test('energy topic reaches CloudWatch', async () => {
    const producer = await fixture.transport.producer();
    await producer.send(fixture.topics.energy, [
      { key: 'i-9', value: JSON.stringify(energy('i-9', 'eu-north-1', windowStart, 7)) },
    ]);
    await producer.close();
    const stage = await startStage(cloudWatchPublisherStage, context);
    const dimensions = [
      { Name: 'Region', Value: 'eu-north-1' },
      { Name: 'TestRun', Value: run },
    ];
    await waitFor(
      'PowerWatts in CloudWatch',
      async () => (await sumOf('PowerWatts', dimensions, windowStart)) !== undefined,
      60_000,
    );
    await stage.stop();
    expect(await sumOf('PowerWatts', dimensions, windowStart)).toBeCloseTo(7, 9);
  });
});

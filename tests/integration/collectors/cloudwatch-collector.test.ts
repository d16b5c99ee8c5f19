import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { Registry } from 'prom-client';
import { createAwsClients } from '../../../pipeline/aws/aws-clients.js';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import type { Sample } from '../../../schemas/definitions/index.js';
import { createCloudWatchCollector } from '../../../stages/collectors/cloudwatch/cloudwatch-collector.js';
import {
  createSourceTestTransport,
  createTestPublish,
  createTestTopics,
  manualClock,
  readTopic,
  sourceContext,
  sourceTestConfig,
  uniqueSuffix,
} from './source-harness.js';
import { motoClientSettings } from '../aws/moto.js';

const REGION = 'ap-northeast-2';
const MINUTE = 60_000;
// A minute boundary well in the past, so every datapoint lies before the real time.
const END = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;
const at = (minutesBeforeEnd: number): Date => new Date(END - minutesBeforeEnd * MINUTE);
const iso = (minutesBeforeEnd: number): string => at(minutesBeforeEnd).toISOString();

describe('CloudWatch collector against moto', () => {
  const suite = uniqueSuffix();
  const cluster = `eaawas-${suite}`;
  const node = `ip-10-0-0-7.${suite}.internal`;
  const abort = new AbortController();
  let config: EaawasConfig;
  let transport: Transport;
  let busy = '';
  let idle = '';

  async function poll(nowMs: number): Promise<Sample[]> {
    const context = sourceContext(config, transport, manualClock(nowMs));
    const clients = createAwsClients(config.aws);
    const collector = createCloudWatchCollector(context, clients);
    const before = (await readTopic(transport, context.topics.samples)).length;
    await collector.poll(await createTestPublish(transport, config), abort.signal);
    await collector.close();
    clients.destroy();
    const records = await readTopic(transport, context.topics.samples);
    return records.slice(before).map((record) => record.value as Sample);
  }

  function mine(samples: Sample[]): Sample[] {
    return samples.filter((sample) => [busy, idle, `${cluster}/${node}`].includes(sample.resource_id));
  }

  async function put(namespace: string, data: MetricDatum[]): Promise<void> {
    const client = new CloudWatchClient(motoClientSettings(REGION));
    await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
    client.destroy();
  }

  beforeAll(async () => {
    const ec2 = new EC2Client(motoClientSettings(REGION));
    const output = await ec2.send(
      new RunInstancesCommand({
        ImageId: 'ami-12c6146b',
        InstanceType: 'm5.large',
        MinCount: 2,
        MaxCount: 2,
      }),
    );
    ec2.destroy();
    const ids = (output.Instances ?? []).map((instance) => instance.InstanceId ?? '');
    busy = ids[0] ?? '';
    idle = ids[1] ?? '';
    const busyDimension = [{ Name: 'InstanceId', Value: busy }];
    // The busy instance has CPU for minutes -5, -4, -2 and -1; minute -3 is missing on purpose.
    await put('AWS/EC2', [
      ...[5, 4, 2, 1].map((minute) => ({
        MetricName: 'CPUUtilization',
        Dimensions: busyDimension,
        Timestamp: at(minute),
        Value: 10 * minute + 0.5,
        Unit: 'Percent' as const,
      })),
      { MetricName: 'NetworkIn', Dimensions: busyDimension, Timestamp: at(5), Value: 1000, Unit: 'Bytes' },
      { MetricName: 'NetworkIn', Dimensions: busyDimension, Timestamp: at(5), Value: 500, Unit: 'Bytes' },
      { MetricName: 'NetworkOut', Dimensions: busyDimension, Timestamp: at(1), Value: 42, Unit: 'Bytes' },
      {
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: idle }],
        Timestamp: at(4),
        Value: 0,
        Unit: 'Percent',
      },
    ]);
    await put('ContainerInsights', [
      {
        MetricName: 'node_cpu_utilization',
        Dimensions: [
          { Name: 'ClusterName', Value: cluster },
          { Name: 'NodeName', Value: node },
          { Name: 'InstanceId', Value: 'i-0000000000000node' },
        ],
        Timestamp: at(2),
        Value: 63.25,
        Unit: 'Percent',
      },
    ]);

    // Two queries per request give several GetMetricData requests per poll.
    config = sourceTestConfig({
      aws: { regions: [REGION] },
      sources: { collectors: { cloudwatch: { period_s: 60, lookback_s: 300, max_queries_per_request: 2 } } },
    });
    transport = createSourceTestTransport(config, new Registry());
    await createTestTopics(transport, config);
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    await transport?.close();
  });

  it('publishes each datapoint once across polls and restarts', async () => {
    const first = mine(await poll(END + 20_000));

    expect(
      first.map((sample) => [sample.resource_id, sample.metric, sample.event_time, sample.value]).sort(),
    ).toEqual(
      [
        [busy, 'cpu_utilization', iso(5), 50.5],
        [busy, 'cpu_utilization', iso(4), 40.5],
        [busy, 'cpu_utilization', iso(2), 20.5],
        [busy, 'cpu_utilization', iso(1), 10.5],
        [busy, 'network_in', iso(5), 1500],
        [busy, 'network_out', iso(1), 42],
        [idle, 'cpu_utilization', iso(4), 0],
        [`${cluster}/${node}`, 'cpu_utilization', iso(2), 63.25],
      ].sort(),
    );
    expect(
      first.find((sample) => sample.resource_id === busy && sample.metric === 'cpu_utilization'),
    ).toEqual({
      resource_id: busy,
      resource_type: 'ec2_instance',
      region: REGION,
      metric: 'cpu_utilization',
      unit: 'percent',
      value: 50.5,
      event_time: iso(5),
      period_s: 60,
      source: 'cloudwatch',
    });
    expect(first.find((sample) => sample.resource_type === 'eks_node')?.source).toBe('container_insights');
    expect(first.some((sample) => sample.resource_id === busy && sample.event_time === iso(3))).toBe(false);

    // A new datapoint arrives; the next poll's window overlaps the first by three minutes.
    await put('AWS/EC2', [
      {
        MetricName: 'CPUUtilization',
        Dimensions: [{ Name: 'InstanceId', Value: busy }],
        Timestamp: at(0),
        Value: 77,
        Unit: 'Percent',
      },
    ]);
    const second = mine(await poll(END + 2 * MINUTE));

    expect(
      second.map((sample) => [sample.resource_id, sample.metric, sample.event_time, sample.value]),
    ).toEqual([[busy, 'cpu_utilization', iso(0), 77]]);

    // A new collector on the same checkpoint topic, as after a restart, publishes nothing again.
    const afterRestart = mine(await poll(END + 2 * MINUTE));

    expect(afterRestart).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  EC2Client,
  RunInstancesCommand,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, EKSClient } from '@aws-sdk/client-eks';
import { Registry } from 'prom-client';
import { createAwsClients } from '../../../pipeline/aws/aws-clients.js';
import type { EaawasConfig } from '../../../pipeline/config/config-schema.js';
import type { Transport } from '../../../pipeline/transport/transport.js';
import { createEc2Collector } from '../../../stages/collectors/ec2/ec2-collector.js';
import { createEksCollector } from '../../../stages/collectors/eks/eks-collector.js';
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

// Regions other suites are unlikely to seed, so the listings stay small; assertions still look only
// at the resources this suite created, because moto's state is shared by every test run.
const REGION_A = 'ap-northeast-2';
const REGION_B = 'ca-central-1';
const OBSERVED_AT = Date.parse('2026-12-04T10:00:00.000Z');

async function runInstances(
  region: string,
  instanceType: string,
  count: number,
  tag: string,
): Promise<string[]> {
  const client = new EC2Client(motoClientSettings(region));
  const output = await client.send(
    new RunInstancesCommand({
      ImageId: 'ami-12c6146b',
      InstanceType: instanceType as never,
      MinCount: count,
      MaxCount: count,
      Placement: { AvailabilityZone: `${region}a` },
      TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'suite', Value: tag }] }],
    }),
  );
  client.destroy();
  return (output.Instances ?? []).map((instance) => instance.InstanceId ?? '');
}

describe('EC2 and EKS collectors against moto', () => {
  const suite = uniqueSuffix();
  const abort = new AbortController();
  let config: EaawasConfig;
  let transport: Transport;
  let idsA: string[] = [];
  let idsB: string[] = [];
  let gravitonId = '';

  beforeAll(async () => {
    // Four reservations in region A and a page size of 5 (the AWS minimum, counted in reservations
    // by moto) give more than one DescribeInstances page.
    idsA = [
      ...(await runInstances(REGION_A, 'm5.large', 2, suite)),
      ...(await runInstances(REGION_A, 'c5.xlarge', 1, suite)),
      ...(await runInstances(REGION_A, 't3.medium', 1, suite)),
      ...(await runInstances(REGION_A, 'g4dn.xlarge', 1, suite)),
    ];
    for (let index = 0; index < 5; index += 1) {
      idsA.push(...(await runInstances(REGION_A, 'm5.large', 1, suite)));
    }
    gravitonId = (await runInstances(REGION_B, 'm6g.large', 1, suite))[0] ?? '';
    idsB = [gravitonId];

    config = sourceTestConfig({
      aws: { regions: [REGION_A, REGION_B] },
      sources: { collectors: { ec2: { page_size: 5 } } },
    });
    transport = createSourceTestTransport(config, new Registry());
    await createTestTopics(transport, config);
  }, 60_000);

  afterAll(async () => {
    abort.abort();
    await transport?.close();
  });

  it('publishes every instance of both regions', async () => {
    const context = sourceContext(config, transport, manualClock(OBSERVED_AT));
    const clients = createAwsClients(config.aws);
    const collector = createEc2Collector(context, clients);

    await collector.poll(await createTestPublish(transport, config), abort.signal);
    clients.destroy();

    const records = await readTopic(transport, context.topics.inventory);
    const mine = records.filter((record) => [...idsA, ...idsB].includes(record.key ?? ''));
    expect(mine.map((record) => record.key).sort()).toEqual([...idsA, ...idsB].sort());
    const graviton = mine.find((record) => record.key === gravitonId)?.value;
    expect(graviton).toMatchObject({
      resource_id: gravitonId,
      resource_type: 'ec2_instance',
      region: REGION_B,
      availability_zone: `${REGION_B}a`,
      instance_type: 'm6g.large',
      state: 'running',
      vcpus: 2,
      memory_mib: 8192,
      architecture: 'arm64',
      gpus: 0,
      nodegroup_id: null,
      tags: { suite },
      observed_at: '2026-12-04T10:00:00.000Z',
      source: 'ec2',
    });
    const gpuRecord = mine.find(
      (record) => (record.value as { instance_type?: string }).instance_type === 'g4dn.xlarge',
    );
    expect(gpuRecord?.value).toMatchObject({ vcpus: 4, memory_mib: 16384, gpus: 1, architecture: 'x86_64' });
  });

  it('tombstones a terminated instance once', async () => {
    const context = sourceContext(config, transport, manualClock(OBSERVED_AT));
    const clients = createAwsClients(config.aws);
    const collector = createEc2Collector(context, clients);
    const publish = await createTestPublish(transport, config);
    const [terminated, stopped] = idsA;
    await collector.poll(publish, abort.signal);
    const before = (await readTopic(transport, context.topics.inventory)).length;

    const ec2 = new EC2Client(motoClientSettings(REGION_A));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [terminated ?? ''] }));
    await ec2.send(new StopInstancesCommand({ InstanceIds: [stopped ?? ''] }));
    ec2.destroy();
    await collector.poll(publish, abort.signal);
    await collector.poll(publish, abort.signal);
    clients.destroy();

    const after = (await readTopic(transport, context.topics.inventory)).slice(before);
    const tombstones = after.filter((record) => record.key === terminated);
    expect(tombstones).toHaveLength(1);
    expect(tombstones[0]?.value).toBeNull();
    const stoppedStates = after
      .filter((record) => record.key === stopped)
      .map((record) => (record.value as { state: string }).state);
    expect(stoppedStates.length).toBe(2);
    expect(stoppedStates.every((state) => state === 'stopped' || state === 'stopping')).toBe(true);
  });

  it('publishes node groups with scaling config', async () => {
    const cluster = `eaawas-${suite}`;
    const eks = new EKSClient(motoClientSettings(REGION_A));
    await eks.send(
      new CreateClusterCommand({
        name: cluster,
        roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      }),
    );
    for (const [nodegroup, instanceType, min, desired, max] of [
      ['general', 'm5.large', 1, 2, 4],
      ['gpu', 'g4dn.xlarge', 0, 1, 2],
    ] as const) {
      await eks.send(
        new CreateNodegroupCommand({
          clusterName: cluster,
          nodegroupName: nodegroup,
          nodeRole: 'arn:aws:iam::123456789012:role/eks-node',
          subnets: ['subnet-1'],
          instanceTypes: [instanceType],
          scalingConfig: { minSize: min, desiredSize: desired, maxSize: max },
          tags: { suite },
        }),
      );
    }
    eks.destroy();
    const context = sourceContext(config, transport, manualClock(OBSERVED_AT));
    const clients = createAwsClients(config.aws);

    await createEksCollector(context, clients).poll(await createTestPublish(transport, config), abort.signal);
    clients.destroy();

    const records = await readTopic(transport, context.topics.inventory);
    const groups = records.filter((record) => record.key?.startsWith(`${cluster}/`));
    expect(groups.map((record) => record.key).sort()).toEqual([`${cluster}/general`, `${cluster}/gpu`]);
    expect(groups.find((record) => record.key === `${cluster}/general`)?.value).toEqual({
      resource_id: `${cluster}/general`,
      resource_type: 'eks_nodegroup',
      region: REGION_A,
      cluster,
      nodegroup: 'general',
      instance_types: ['m5.large'],
      status: 'ACTIVE',
      desired_size: 2,
      min_size: 1,
      max_size: 4,
      tags: { suite },
      observed_at: '2026-12-04T10:00:00.000Z',
      source: 'eks',
    });
  });

  it('counts a failed region and carries on', async () => {
    // moto returns 500 for a region it does not know, which the SDK retries and then gives up on.
    const partlyBroken = sourceTestConfig({
      aws: { regions: ['zz-nowhere-1', REGION_B] },
      transport: { topic_prefix: config.transport.topic_prefix },
    });
    const registry = new Registry();
    const context = sourceContext(partlyBroken, transport, manualClock(OBSERVED_AT), registry);
    const clients = createAwsClients(partlyBroken.aws);
    const before = (await readTopic(transport, context.topics.inventory)).length;

    await createEc2Collector(context, clients).poll(
      await createTestPublish(transport, partlyBroken),
      abort.signal,
    );
    clients.destroy();

    const failures = await registry.getSingleMetricAsString('eaawas_aws_call_failures_total');
    expect(failures).toContain('stage="ec2-collector",command="DescribeInstances"} 1');
    const after = (await readTopic(transport, context.topics.inventory)).slice(before);
    expect(after.map((record) => record.key)).toContain(gravitonId);
  });
});

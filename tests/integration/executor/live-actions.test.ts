import { randomUUID } from 'node:crypto';
import { DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateClusterCommand, CreateNodegroupCommand, DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { createAwsClients, type AwsClients } from '../../../pipeline/aws/aws-clients.js';
import { topicNames } from '../../../pipeline/topics/topic-names.js';
import type { Decision } from '../../../schemas/definitions/decision.js';
import { createFleetState } from '../../../stages/allocator/fleet-state.js';
import { clientTokenFor, planForDecision, type PlannedAction } from '../../../stages/executor/action-plan.js';
import { createActionRunner } from '../../../stages/executor/action-runner.js';
import { CLIENT_TOKEN_TAG } from '../../../stages/executor/aws-actions.js';
import { createSimulatedFleet } from '../../../stages/executor/simulated-fleet.js';
import { fixtureEnergyModel } from '../../unit/allocator/allocator-fixtures.js';
import { MOTO_CREDENTIALS, motoEndpoint } from '../aws/moto.js';

const endpoint = motoEndpoint();
const REGION = 'us-east-1';

let clients: AwsClients;
let imageId: string;

beforeAll(async () => {
  clients = createAwsClients({
    regions: [REGION],
    endpoint,
    max_attempts: 2,
    credentials: MOTO_CREDENTIALS,
  });
  const images = await clients.ec2(REGION).send(new DescribeImagesCommand({}));
  const first = images.Images?.[0]?.ImageId;
  if (first === undefined) {
    throw new Error('moto lists no AMI');
  }
  imageId = first;
});

afterAll(() => {
  clients.destroy();
});

function runnerFor(mode: 'live' | 'dry-run') {
  return createActionRunner({
    mode,
    topics: topicNames('test.'),
    fleet: createSimulatedFleet(createFleetState(), fixtureEnergyModel()),
    aws: { clients, imageIds: { [REGION]: imageId } },
    now: () => Date.now(),
  });
}

function launchDecision(requestId: string): Decision {
  return {
    request_id: requestId,
    status: 'launched',
    target: {
      kind: 'new_instance',
      resource_id: null,
      instance_type: 'm5.large',
      region: REGION,
      availability_zone: null,
    },
    start_time: new Date().toISOString(),
    added_power_w: 20,
    energy_kwh: 0.02,
    carbon_gco2e: 6,
    cost_usd: 0.1,
    alternatives: [],
    reason: 'test launch',
    invalid_fields: [],
    model_versions: {},
    decided_at: new Date().toISOString(),
  };
}

async function instancesWithToken(token: string): Promise<string[]> {
  const output = await clients
    .ec2(REGION)
    .send(new DescribeInstancesCommand({ Filters: [{ Name: `tag:${CLIENT_TOKEN_TAG}`, Values: [token] }] }));
  return (output.Reservations ?? [])
    .flatMap((reservation) => reservation.Instances ?? [])
    .map((instance) => instance.InstanceId ?? '');
}

describe('executor against moto', () => {
  test('live launch retried twice launches once', async () => {
    const requestId = `req-${randomUUID()}`;
    const planned = planForDecision(launchDecision(requestId), {});
    expect(planned?.kind).toBe('run_instances');
    const runner = runnerFor('live');
    const first = await runner.run(planned as PlannedAction);
    const second = await runner.run(planned as PlannedAction);
    const third = await runner.run(planned as PlannedAction);

    expect(first.action.outcome).toBe('succeeded');
    expect(second.action.outcome).toBe('succeeded');
    expect(third.action.outcome).toBe('succeeded');
    const launched = await instancesWithToken(clientTokenFor(requestId));
    expect(launched).toHaveLength(1);
    expect(second.action.parameters.instance_id).toBe(launched[0]);
    expect(third.action.parameters.instance_id).toBe(launched[0]);
  });

  test('dry-run launch reports dry_run_ok', async () => {
    const requestId = `req-${randomUUID()}`;
    const planned = planForDecision(launchDecision(requestId), {}) as PlannedAction;
    const { action } = await runnerFor('dry-run').run(planned);
    expect(action.outcome).toBe('dry_run_ok');
    expect(action.mode).toBe('dry-run');
    expect(await instancesWithToken(clientTokenFor(requestId))).toHaveLength(0);
  });

  test('node group scale-out stops at max_size', async () => {
    const cluster = `c-${randomUUID().slice(0, 8)}`;
    const eks = clients.eks(REGION);
    await eks.send(
      new CreateClusterCommand({
        name: cluster,
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );
    await eks.send(
      new CreateNodegroupCommand({
        clusterName: cluster,
        nodegroupName: 'workers',
        nodeRole: 'arn:aws:iam::123456789012:role/node',
        subnets: ['subnet-1'],
        scalingConfig: { minSize: 1, maxSize: 2, desiredSize: 1 },
        instanceTypes: ['m5.large'],
      }),
    );
    const scaleOut = (suffix: string): PlannedAction => ({
      actionId: `scale-${cluster}-${suffix}`,
      requestId: `req-${suffix}`,
      kind: 'update_nodegroup_config',
      region: REGION,
      target: `${cluster}/workers`,
      availabilityZone: null,
      clientToken: null,
      desiredSizeDelta: 1,
      dueMs: Date.now(),
    });
    const runner = runnerFor('live');
    const grown = await runner.run(scaleOut('a'));
    const refused = await runner.run(scaleOut('b'));

    expect(grown.action.outcome).toBe('succeeded');
    expect(refused.action.outcome).toBe('failed');
    expect(refused.action.error).toMatch(/outside min_size 1 and max_size 2/);
    const described = await eks.send(
      new DescribeNodegroupCommand({ clusterName: cluster, nodegroupName: 'workers' }),
    );
    expect(described.nodegroup?.scalingConfig?.desiredSize).toBe(2);
  });
});

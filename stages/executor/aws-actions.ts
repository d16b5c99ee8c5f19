import {
  DescribeInstancesCommand,
  RunInstancesCommand,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DescribeNodegroupCommand, UpdateNodegroupConfigCommand } from '@aws-sdk/client-eks';
import type { AwsClients } from '../../pipeline/aws/aws-clients.js';
import type { Action } from '../../schemas/definitions/action.js';
import { nodegroupNames, type PlannedAction } from './action-plan.js';

/** Tag that marks an instance with the ClientToken that launched it. */
export const CLIENT_TOKEN_TAG = 'eaawas:client-token';
export const REQUEST_ID_TAG = 'eaawas:request-id';

export interface AwsActionOptions {
  clients: AwsClients;
  mode: 'dry-run' | 'live';
  imageIds: Readonly<Record<string, string>>;
}

/** Outcome fields of an Action record, as an AWS call returned them. */
export type AwsActionResult = Pick<Action, 'outcome' | 'error' | 'aws_request_id'> & {
  parameters: Record<string, unknown>;
};

/**
 * Issues one planned action on AWS. In dry-run mode EC2 calls carry DryRun=true and AWS's
 * DryRunOperation error means the call would have succeeded; EKS has no dry run, so a node group
 * change is checked against DescribeNodegroup and not sent. Failures become a `failed` outcome
 * with the error, never an exception, so every action is published with its outcome.
 */
export async function issueAwsAction(
  options: AwsActionOptions,
  planned: PlannedAction,
): Promise<AwsActionResult> {
  try {
    switch (planned.kind) {
      case 'run_instances':
        return await runInstances(options, planned);
      case 'start_instances':
      case 'stop_instances':
        return await startOrStop(options, planned);
      case 'update_nodegroup_config':
        return await updateNodegroup(options, planned);
    }
  } catch (error) {
    if (isDryRunOk(error)) {
      return { outcome: 'dry_run_ok', error: null, aws_request_id: requestIdOf(error), parameters: {} };
    }
    return {
      outcome: 'failed',
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      aws_request_id: requestIdOf(error),
      parameters: {},
    };
  }
}

async function runInstances(options: AwsActionOptions, planned: PlannedAction): Promise<AwsActionResult> {
  const imageId = options.imageIds[planned.region];
  if (imageId === undefined) {
    return {
      outcome: 'failed',
      error: `no AMI configured for ${planned.region} in executor.image_ids`,
      aws_request_id: null,
      parameters: {},
    };
  }

  const ec2 = options.clients.ec2(planned.region);
  const token = planned.clientToken ?? planned.actionId;
  const parameters: Record<string, unknown> = {
    image_id: imageId,
    instance_type: planned.target,
    client_token: token,
  };

  // AWS's ClientToken already makes a retry return the first launch. The tag lookup gives the same
  // guarantee on endpoints that ignore the token, as the moto server of the tests does.
  const existing = await ec2.send(
    new DescribeInstancesCommand({
      Filters: [
        { Name: `tag:${CLIENT_TOKEN_TAG}`, Values: [token] },
        { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
      ],
    }),
  );
  const found = existing.Reservations?.flatMap((reservation) => reservation.Instances ?? [])[0]?.InstanceId;
  if (found !== undefined && options.mode === 'live') {
    return {
      outcome: 'succeeded',
      error: null,
      aws_request_id: existing.$metadata.requestId ?? null,
      parameters: { ...parameters, instance_id: found, already_launched: true },
    };
  }

  const tags = [
    { Key: CLIENT_TOKEN_TAG, Value: token },
    ...(planned.requestId === null ? [] : [{ Key: REQUEST_ID_TAG, Value: planned.requestId }]),
  ];
  const output = await ec2.send(
    new RunInstancesCommand({
      ImageId: imageId,
      InstanceType: planned.target as RunInstancesCommand['input']['InstanceType'],
      MinCount: 1,
      MaxCount: 1,
      ClientToken: token,
      DryRun: options.mode === 'dry-run',
      ...(planned.availabilityZone === null
        ? {}
        : { Placement: { AvailabilityZone: planned.availabilityZone } }),
      TagSpecifications: [{ ResourceType: 'instance', Tags: tags }],
    }),
  );

  const instanceId = output.Instances?.[0]?.InstanceId ?? null;
  return {
    outcome: 'succeeded',
    error: null,
    aws_request_id: output.$metadata.requestId ?? null,
    parameters: { ...parameters, instance_id: instanceId },
  };
}

async function startOrStop(options: AwsActionOptions, planned: PlannedAction): Promise<AwsActionResult> {
  const ec2 = options.clients.ec2(planned.region);
  const input = { InstanceIds: [planned.target], DryRun: options.mode === 'dry-run' };
  const output =
    planned.kind === 'start_instances'
      ? await ec2.send(new StartInstancesCommand(input))
      : await ec2.send(new StopInstancesCommand(input));
  return {
    outcome: 'succeeded',
    error: null,
    aws_request_id: output.$metadata.requestId ?? null,
    parameters: { instance_ids: [planned.target] },
  };
}

async function updateNodegroup(options: AwsActionOptions, planned: PlannedAction): Promise<AwsActionResult> {
  const names = nodegroupNames(planned.target);
  if (names === null) {
    return {
      outcome: 'failed',
      error: `"${planned.target}" is not <cluster>/<nodegroup>`,
      aws_request_id: null,
      parameters: {},
    };
  }

  const eks = options.clients.eks(planned.region);
  const described = await eks.send(
    new DescribeNodegroupCommand({ clusterName: names.cluster, nodegroupName: names.nodegroup }),
  );
  const scaling = described.nodegroup?.scalingConfig;
  if (scaling?.desiredSize === undefined || scaling.minSize === undefined || scaling.maxSize === undefined) {
    return {
      outcome: 'failed',
      error: `node group ${planned.target} reports no scaling config`,
      aws_request_id: described.$metadata.requestId ?? null,
      parameters: {},
    };
  }

  const desired = scaling.desiredSize + planned.desiredSizeDelta;
  const parameters = {
    min_size: scaling.minSize,
    max_size: scaling.maxSize,
    desired_size_before: scaling.desiredSize,
    desired_size: desired,
  };
  if (desired < scaling.minSize || desired > scaling.maxSize) {
    return {
      outcome: 'failed',
      error: `desired size ${desired} is outside min_size ${scaling.minSize} and max_size ${scaling.maxSize}`,
      aws_request_id: described.$metadata.requestId ?? null,
      parameters,
    };
  }
  if (options.mode === 'dry-run') {
    return {
      outcome: 'dry_run_ok',
      error: null,
      aws_request_id: described.$metadata.requestId ?? null,
      parameters,
    };
  }

  const output = await eks.send(
    new UpdateNodegroupConfigCommand({
      clusterName: names.cluster,
      nodegroupName: names.nodegroup,
      scalingConfig: { minSize: scaling.minSize, maxSize: scaling.maxSize, desiredSize: desired },
      clientRequestToken: planned.actionId.slice(0, 64),
    }),
  );
  return {
    outcome: 'succeeded',
    error: null,
    aws_request_id: output.$metadata.requestId ?? null,
    parameters: { ...parameters, update_id: output.update?.id ?? null },
  };
}

function isDryRunOk(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { name?: string }).name === 'DryRunOperation'
  );
}

function requestIdOf(error: unknown): string | null {
  const metadata = (error as { $metadata?: { requestId?: string } } | null)?.$metadata;
  return metadata?.requestId ?? null;
}

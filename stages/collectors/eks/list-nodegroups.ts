import {
  DescribeNodegroupCommand,
  type EKSClient,
  ListClustersCommand,
  ListNodegroupsCommand,
  type Nodegroup,
} from '@aws-sdk/client-eks';
import { sendAwsCommand } from '../../../pipeline/aws/aws-call.js';
import { followPages } from '../follow-pages.js';

/** Lists every cluster of a region with ListClusters, over every page. */
export async function listAllClusters(
  client: EKSClient,
  region: string,
  signal?: AbortSignal,
): Promise<string[]> {
  return followPages(async (nextToken) => {
    const output = await sendAwsCommand(region, new ListClustersCommand({ nextToken }), (command) =>
      client.send(command, { abortSignal: signal }),
    );
    return { items: output.clusters ?? [], nextToken: output.nextToken };
  });
}

/**
 * Describes every managed node group of every cluster in a region: ListClusters, ListNodegroups per
 * cluster, then DescribeNodegroup per node group.
 * @throws EaawasError (AWS_CALL_FAILED) when a call fails after the SDK's retries.
 */
export async function describeAllNodegroups(
  client: EKSClient,
  region: string,
  signal?: AbortSignal,
): Promise<Nodegroup[]> {
  const nodegroups: Nodegroup[] = [];
  for (const clusterName of await listAllClusters(client, region, signal)) {
    const names = await followPages(async (nextToken) => {
      const output = await sendAwsCommand(
        region,
        new ListNodegroupsCommand({ clusterName, nextToken }),
        (command) => client.send(command, { abortSignal: signal }),
      );
      return { items: output.nodegroups ?? [], nextToken: output.nextToken };
    });
    for (const nodegroupName of names) {
      const output = await sendAwsCommand(
        region,
        new DescribeNodegroupCommand({ clusterName, nodegroupName }),
        (command) => client.send(command, { abortSignal: signal }),
      );
      if (output.nodegroup !== undefined) {
        nodegroups.push(output.nodegroup);
      }
    }
  }
  return nodegroups;
}

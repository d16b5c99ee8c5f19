import { DescribeInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { sendAwsCommand } from '../../../pipeline/aws/aws-call.js';
import { followPages } from '../follow-pages.js';

/**
 * Lists every instance of a region with DescribeInstances, following NextToken over every page. A
 * page may hold no reservations and still carry a NextToken, so only a missing token ends the
 * listing.
 * @throws EaawasError (AWS_CALL_FAILED) when a page fails after the SDK's retries.
 */
export async function describeAllInstances(
  client: EC2Client,
  region: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<Instance[]> {
  const pages = await followPages(async (nextToken) => {
    const output = await sendAwsCommand(
      region,
      new DescribeInstancesCommand({ MaxResults: pageSize, NextToken: nextToken }),
      (command) => client.send(command, { abortSignal: signal }),
    );
    const instances = (output.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
    return { items: instances, nextToken: output.NextToken };
  });
  return pages;
}

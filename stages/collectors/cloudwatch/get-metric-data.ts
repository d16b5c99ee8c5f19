import {
  type CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type Metric,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { sendAwsCommand } from '../../../pipeline/aws/aws-call.js';
import { followPages } from '../follow-pages.js';
import type { QueryBatch } from './metric-queries.js';

/** One datapoint: the start of its period and its value. */
export interface Datapoint {
  timestampMs: number;
  value: number;
}

/**
 * Merges the results of several GetMetricData pages: each page may carry a slice of the datapoints
 * of any query id. Returns the datapoints per id in ascending time; a period without data has no
 * datapoint.
 */
export function mergeMetricResults(results: readonly MetricDataResult[]): Map<string, Datapoint[]> {
  const byId = new Map<string, Datapoint[]>();
  for (const result of results) {
    if (result.Id === undefined) {
      continue;
    }
    const points = byId.get(result.Id) ?? [];
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    for (let index = 0; index < Math.min(timestamps.length, values.length); index += 1) {
      const timestamp = timestamps[index] as Date;
      points.push({ timestampMs: timestamp.getTime(), value: values[index] as number });
    }
    byId.set(result.Id, points);
  }
  for (const points of byId.values()) {
    points.sort((left, right) => left.timestampMs - right.timestampMs);
  }
  return byId;
}

/**
 * Runs one batch of queries with GetMetricData over [startMs, endMs), following NextToken until the
 * last page.
 * @throws EaawasError (AWS_CALL_FAILED) when a page fails after the SDK's retries.
 */
export async function getMetricData(
  client: CloudWatchClient,
  region: string,
  batch: QueryBatch,
  startMs: number,
  endMs: number,
  signal?: AbortSignal,
): Promise<Map<string, Datapoint[]>> {
  const results = await followPages(async (nextToken) => {
    const output = await sendAwsCommand(
      region,
      new GetMetricDataCommand({
        MetricDataQueries: batch.queries,
        StartTime: new Date(startMs),
        EndTime: new Date(endMs),
        ScanBy: 'TimestampAscending',
        NextToken: nextToken,
      }),
      (command) => client.send(command, { abortSignal: signal }),
    );
    return { items: output.MetricDataResults ?? [], nextToken: output.NextToken };
  });
  return mergeMetricResults(results);
}

/**
 * Lists the metrics of one name in a namespace with ListMetrics, over every page.
 * @throws EaawasError (AWS_CALL_FAILED) when a page fails after the SDK's retries.
 */
export async function listMetrics(
  client: CloudWatchClient,
  region: string,
  namespace: string,
  metricName: string,
  signal?: AbortSignal,
): Promise<Metric[]> {
  return followPages(async (nextToken) => {
    const output = await sendAwsCommand(
      region,
      new ListMetricsCommand({ Namespace: namespace, MetricName: metricName, NextToken: nextToken }),
      (command) => client.send(command, { abortSignal: signal }),
    );
    return { items: output.Metrics ?? [], nextToken: output.NextToken };
  });
}

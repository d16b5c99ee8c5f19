import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { Counter, type Registry } from 'prom-client';
import { awsClientSettings } from '../../pipeline/aws/aws-clients.js';
import { sendAwsCommand } from '../../pipeline/aws/aws-call.js';
import { EaawasError } from '../../pipeline/errors/eaawas-error.js';
import { METRIC_NAMES } from '../../pipeline/metrics/metric-names.js';
import type { StageContext, StageDefinition, StageInstance } from '../../pipeline/runner/stage.js';
import { energySchema, type Energy } from '../../schemas/definitions/energy.js';
import { energyDatapoints, type EnergyDatapoint } from './energy-datapoints.js';

export const CLOUDWATCH_PUBLISHER_STAGE_NAME = 'cloudwatch-publisher';

/** PutMetricData takes at most 1000 metrics and 1 MB per request; 1000 data points stay far below 1 MB. */
const MAX_DATAPOINTS_PER_REQUEST = 1000;

/** CloudWatch accepts time stamps up to two hours ahead of its clock. */
const MAX_FUTURE_MS = 2 * 3_600_000;

/**
 * Puts fleet and region power, energy, carbon and cost into CloudWatch (namespace
 * `cloudwatch_publisher.namespace`, EAAWAS/Metrics by default), one data point per metric, scope
 * and window start, summed over the batch (see energyDatapoints). Data points are put before the
 * batch returns, so the runner commits only what CloudWatch accepted.
 *
 * NOTE: a batch redelivered after a crash is put again, and CloudWatch adds the repeated data
 * points into its Sum statistic. The S3 archive and the energy topic keep the exact figures.
 */
export const cloudWatchPublisherStage: StageDefinition = {
  name: CLOUDWATCH_PUBLISHER_STAGE_NAME,
  enabled: (config) => config.cloudwatch_publisher.enabled,
  inputs: (topics) => [{ topic: topics.energy, schema: energySchema }],
  outputs: () => [],
  create: createCloudWatchPublisher,
};

function datapointCounter(registry: Registry): Counter<'outcome'> {
  const name = METRIC_NAMES.cloudwatchDatapoints;
  return (
    (registry.getSingleMetric(name) as Counter<'outcome'> | undefined) ??
    new Counter({
      name,
      help: 'CloudWatch data points by outcome: put, or skipped because the window was outside the time CloudWatch accepts.',
      labelNames: ['outcome'],
      registers: [registry],
    })
  );
}

function createCloudWatchPublisher(context: StageContext): Promise<StageInstance> {
  const { config, logger, clock } = context;
  const settings = config.cloudwatch_publisher;
  if (!settings.enabled) {
    // A runner that ignores `enabled` must not reach CloudWatch with a config that switched it off.
    return Promise.reject(
      new EaawasError(
        'CONFIG_INVALID',
        'The CloudWatch publisher was started although cloudwatch_publisher.enabled is false; enable it or leave it out of --stages.',
      ),
    );
  }
  const client = new CloudWatchClient(awsClientSettings(config.aws, settings.region));
  const datapoints = datapointCounter(context.registry);
  const extraDimensions = Object.entries(settings.dimensions).map(([Name, Value]) => ({ Name, Value }));
  let closed = false;

  function toDatum(point: EnergyDatapoint): MetricDatum {
    return {
      MetricName: point.metricName,
      Dimensions: [{ Name: point.dimension.name, Value: point.dimension.value }, ...extraDimensions],
      Timestamp: point.timestamp,
      Value: point.value,
      Unit: 'None',
    };
  }

  return Promise.resolve({
    async processBatch(records) {
      const now = clock.now();
      const energy = records.map((record) => record.value).filter((value): value is Energy => value !== null);
      const points = energyDatapoints(energy);
      const accepted = points.filter((point) => {
        const time = point.timestamp.getTime();
        return time >= now - settings.max_age_s * 1000 && time <= now + MAX_FUTURE_MS;
      });
      datapoints.inc({ outcome: 'skipped_out_of_range' }, points.length - accepted.length);

      for (let start = 0; start < accepted.length; start += MAX_DATAPOINTS_PER_REQUEST) {
        const chunk = accepted.slice(start, start + MAX_DATAPOINTS_PER_REQUEST);
        const command = new PutMetricDataCommand({
          Namespace: settings.namespace,
          MetricData: chunk.map(toDatum),
        });
        await sendAwsCommand(settings.region, command, (put) => client.send(put));
        datapoints.inc({ outcome: 'put' }, chunk.length);
      }
      logger.debug(
        { records: energy.length, datapoints: accepted.length, skipped: points.length - accepted.length },
        'put energy metrics',
      );
      return { outputs: [] };
    },
    close() {
      if (!closed) {
        closed = true;
        client.destroy();
      }
      return Promise.resolve();
    },
  });
}

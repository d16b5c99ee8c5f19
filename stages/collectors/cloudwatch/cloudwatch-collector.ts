import { createAwsClients, type AwsClients } from '../../../pipeline/aws/aws-clients.js';
import { createPollFailureReporter } from '../../../pipeline/aws/poll-failure.js';
import type { Publish, SourceDefinition, SourceInstance } from '../../../pipeline/runner/source.js';
import type { StageContext } from '../../../pipeline/runner/stage.js';
import { collectorMetrics } from '../collector-metrics.js';
import { describeAllInstances } from '../ec2/describe-instances.js';
import { pollEachRegion } from '../poll-each.js';
import { collectorPollingRun } from '../polling-loop.js';
import { getMetricData, listMetrics } from './get-metric-data.js';
import { createHighWaterMarkStore } from './high-water-marks.js';
import { alignedWindow, buildQueryBatches } from './metric-queries.js';
import {
  CONTAINER_INSIGHTS_NAMESPACE,
  CONTAINER_INSIGHTS_NODE_METRICS,
  containerInsightsNodeSeries,
  ec2InstanceSeries,
  type MetricSeries,
} from './metric-series.js';
import { newSamples } from './series-samples.js';

const NAME = 'cloudwatch-collector';

/** A poller of CloudWatch metrics; each poll covers every configured region. */
export interface CloudWatchCollector {
  /** Reads every series' new datapoints and publishes them as samples; a failing region is reported and skipped. */
  poll(publish: Publish, signal: AbortSignal): Promise<void>;
  /** Releases the checkpoint store; calling it again does nothing. */
  close(): Promise<void>;
}

/**
 * Creates the CloudWatch collector. Each poll reads, per region, CPUUtilization, NetworkIn and
 * NetworkOut of every EC2 instance and, when enabled, the Container Insights node metrics of every
 * EKS node, over the last `lookback_s` aligned to period boundaries. Each datapoint is published
 * once: a per-series high-water mark, saved to a compacted checkpoint topic after the samples were
 * acknowledged, skips datapoints already published, also across restarts.
 */
export function createCloudWatchCollector(context: StageContext, clients: AwsClients): CloudWatchCollector {
  const { config, topics, logger, clock } = context;
  const settings = config.sources.collectors.cloudwatch;
  const metrics = collectorMetrics(context.registry);
  const failures = createPollFailureReporter(context.registry, logger, NAME);
  const store = createHighWaterMarkStore(
    context.transport,
    config.transport.topic_prefix,
    config.transport.replication_factor,
    logger,
  );
  let marks: Map<string, number> | null = null;

  async function loadMarks(): Promise<Map<string, number>> {
    if (marks === null) {
      const stored = await store.load();
      marks = new Map([...stored].map(([seriesId, mark]) => [seriesId, Date.parse(mark.last_event_time)]));
      logger.info({ series: marks.size }, 'high-water marks restored');
    }
    return marks;
  }

  async function listSeries(region: string, signal: AbortSignal): Promise<MetricSeries[]> {
    const instances = await describeAllInstances(
      clients.ec2(region),
      region,
      config.sources.collectors.ec2.page_size,
      signal,
    );
    const series = instances.flatMap((instance) =>
      instance.InstanceId === undefined ? [] : ec2InstanceSeries(region, instance.InstanceId),
    );
    if (settings.container_insights) {
      for (const metricName of Object.keys(CONTAINER_INSIGHTS_NODE_METRICS) as Array<
        keyof typeof CONTAINER_INSIGHTS_NODE_METRICS
      >) {
        const listed = await listMetrics(
          clients.cloudWatch(region),
          region,
          CONTAINER_INSIGHTS_NAMESPACE,
          metricName,
          signal,
        );
        for (const metric of listed) {
          const nodeSeries = containerInsightsNodeSeries(region, metricName, metric.Dimensions ?? []);
          if (nodeSeries !== null) {
            series.push(nodeSeries);
          }
        }
      }
    }
    return series;
  }

  async function pollRegion(region: string, publish: Publish, signal: AbortSignal): Promise<void> {
    const highWaterMarks = await loadMarks();
    const series = await listSeries(region, signal);
    const { startMs, endMs } = alignedWindow(clock.now(), settings.period_s, settings.lookback_s);
    let published = 0;
    for (const batch of buildQueryBatches(series, settings.period_s, settings.max_queries_per_request)) {
      const pointsById = await getMetricData(
        clients.cloudWatch(region),
        region,
        batch,
        startMs,
        endMs,
        signal,
      );
      const samples = [];
      const advanced: Array<readonly [string, number]> = [];
      let invalid = 0;
      for (const [queryId, entry] of batch.seriesById) {
        const previous = highWaterMarks.get(entry.seriesId) ?? null;
        const result = newSamples(entry, pointsById.get(queryId) ?? [], settings.period_s, previous);
        samples.push(...result.samples);
        invalid += result.invalid;
        if (result.highWaterMarkMs !== null && result.highWaterMarkMs !== previous) {
          advanced.push([entry.seriesId, result.highWaterMarkMs]);
        }
      }
      if (invalid > 0) {
        logger.warn({ region, invalid }, 'datapoints with impossible values were skipped');
      }
      await publish(
        samples.map((sample) => ({
          topic: topics.samples,
          key: sample.resource_id,
          value: sample,
          timestamp: Date.parse(sample.event_time),
        })),
      );
      // The marks advance only after the samples were acknowledged: a crash in between publishes
      // the samples again (at-least-once) instead of losing them.
      await store.save(
        advanced.map(([seriesId, mark]) => [seriesId, { last_event_time: new Date(mark).toISOString() }]),
      );
      for (const [seriesId, mark] of advanced) {
        highWaterMarks.set(seriesId, mark);
      }
      published += samples.length;
    }
    metrics.recordsPublished.inc({ stage: NAME, topic: topics.samples }, published);
    logger.debug({ region, series: series.length, samples: published }, 'CloudWatch region polled');
  }

  return {
    poll: (publish, signal) => pollEachRegion(config.aws.regions, pollRegion, failures, publish, signal),
    close: () => store.close(),
  };
}

/** The CloudWatch metrics collector as a source of `eaawas run --source aws`. */
export const cloudWatchCollectorSource: SourceDefinition = {
  name: NAME,
  outputs: (topics) => [topics.samples],
  enabled: (config) => config.sources.mode === 'aws' && config.sources.collectors.cloudwatch.enabled,
  create(context: StageContext): Promise<SourceInstance> {
    const clients = createAwsClients(context.config.aws);
    const collector = createCloudWatchCollector(context, clients);
    return Promise.resolve({
      run: collectorPollingRun(
        context,
        NAME,
        context.config.sources.collectors.cloudwatch.poll_interval_s * 1000,
        (publish, signal) => collector.poll(publish, signal),
      ),
      async close() {
        await collector.close();
        clients.destroy();
      },
    });
  },
};

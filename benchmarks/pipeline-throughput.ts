import pino from 'pino';
import { Registry } from 'prom-client';

import { systemClock } from '../pipeline/runner/clock.js';
import type { RunningComponent } from '../pipeline/runner/stage-runner.js';
import { startStage } from '../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../pipeline/transport/create-topics.js';
import { createTransport } from '../pipeline/transport/create-transport.js';
import { aggregateChangelogTopic, aggregateStage } from '../stages/aggregate/aggregate-stage.js';
import { anomalyChangelogTopic, anomalyStage } from '../stages/anomaly/anomaly-stage.js';
import { energyStage } from '../stages/energy/energy-stage.js';
import { benchTopicPrefix, loadBenchConfig, type TransportKind } from './bench-config.js';
import { benchInventory, benchSamples, keyedRecords, sendInChunks } from './bench-fixtures.js';
import { topicRecordCount, waitForCommitted, waitForStableGroups } from './topic-progress.js';

export interface PipelineThroughputOptions {
  transport: TransportKind;
  /** Bootstrap brokers, required for Kafka. */
  brokers?: string;
  resources: number;
  /** Sample steps of 60 s per resource; samples = resources × steps. */
  steps: number;
  timeoutMs: number;
}

export interface PipelineThroughputResult {
  transport: TransportKind;
  samples: number;
  resources: number;
  partitions: number;
  /** Encoded size of one sample record value, in bytes. */
  sampleBytes: number;
  /** Aggregate windows produced (60 s and 300 s sizes). */
  windows: number;
  energyRecords: number;
  /** From the first sample sent until aggregate, anomaly and energy committed all their input. */
  seconds: number;
  samplesPerSecond: number;
}

/**
 * Measures samples per second through the aggregate, anomaly and energy stages, chained through
 * their topics and each under the stage runner, as `eaawas run` wires them. The stages start and
 * (on Kafka) their groups settle before the clock starts; the inventory the energy stage needs is
 * published first. Sending the samples is inside the timed span, and commits are polled every
 * 20 ms, which bounds the resolution.
 */
export async function runPipelineThroughput(
  options: PipelineThroughputOptions,
): Promise<PipelineThroughputResult> {
  const prefix = benchTopicPrefix('pipeline');
  const config = loadBenchConfig(options.transport, options.brokers, prefix);
  const logger = pino({ level: config.logging.level }, pino.destination(2));
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: 'bench-pipeline' });
  const topics = topicNames(prefix);
  const stages: RunningComponent[] = [];
  await transport.connect();
  try {
    await createPipelineTopics(transport, config);
    const producer = await transport.producer();
    await sendInChunks(
      producer,
      topics.inventory,
      keyedRecords(benchInventory(options.resources, Date.now()), (item) => item.resource_id),
    );
    const samples = keyedRecords(
      benchSamples(options.resources, options.steps),
      (sample) => sample.resource_id,
    );

    const context = { config, topics, logger, registry, transport, clock: systemClock };
    for (const definition of [energyStage, anomalyStage, aggregateStage]) {
      stages.push(await startStage(definition, context));
    }
    const groups = [aggregateStage, anomalyStage, energyStage].map((definition) =>
      stageGroupId(prefix, definition.name),
    );
    if (options.transport === 'kafka') {
      await waitForStableGroups(options.brokers!, groups, 60_000);
    }

    const started = performance.now();
    await sendInChunks(producer, topics.samples, samples);
    await waitForCommitted(transport, groups[0]!, topics.samples, samples.length, options.timeoutMs);
    const windows = await topicRecordCount(transport, topics.aggregates);
    await waitForCommitted(transport, groups[1]!, topics.aggregates, windows, options.timeoutMs);
    await waitForCommitted(transport, groups[2]!, topics.aggregates, windows, options.timeoutMs);
    const seconds = (performance.now() - started) / 1000;

    return {
      transport: options.transport,
      samples: samples.length,
      resources: options.resources,
      partitions: config.transport.partitions,
      sampleBytes: Buffer.byteLength(samples[0]!.value as string),
      windows,
      energyRecords: await topicRecordCount(transport, topics.energy),
      seconds,
      samplesPerSecond: samples.length / seconds,
    };
  } finally {
    await Promise.allSettled(stages.map((stage) => stage.stop()));
    if (options.transport === 'kafka') {
      await transport
        .admin()
        .deleteTopics([
          ...Object.values(topics),
          aggregateChangelogTopic(prefix),
          anomalyChangelogTopic(prefix),
        ]);
    }
    await transport.close();
  }
}

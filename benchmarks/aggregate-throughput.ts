import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import pino from 'pino';
import { Registry } from 'prom-client';

import { loadConfig } from '../pipeline/config/load-config.js';
import { systemClock } from '../pipeline/runner/clock.js';
import { startStage } from '../pipeline/runner/stage-runner.js';
import { stageGroupId, topicNames } from '../pipeline/topics/topic-names.js';
import { createPipelineTopics } from '../pipeline/transport/create-topics.js';
import { createTransport } from '../pipeline/transport/create-transport.js';
import type { Transport } from '../pipeline/transport/transport.js';
import type { Sample } from '../schemas/definitions/sample.js';
import { aggregateChangelogTopic, aggregateStage } from '../stages/aggregate/aggregate-stage.js';

export interface AggregateBenchmarkOptions {
  transport: 'embedded' | 'kafka';
  /** Samples produced before the stage starts and then timed through it. */
  samples: number;
  /** Distinct resources the samples are spread over. */
  resources: number;
  /** Bootstrap brokers for the Kafka transport, as host:port[,host:port]. */
  brokers?: string;
  /** Records handed to the stage per batch; the config default when absent. */
  maxBatchRecords?: number;
  /** Gives up after this long, in milliseconds. */
  timeoutMs?: number;
}

export interface AggregateBenchmarkResult {
  transport: 'embedded' | 'kafka';
  samples: number;
  resources: number;
  partitions: number;
  maxBatchRecords: number;
  /** From the stage's start, consumer group join included, until every input offset is committed. */
  seconds: number;
  samplesPerSecond: number;
  /** Samples per second from the first commit to the last, which leaves out start-up and the group join. */
  steadySamplesPerSecond: number;
  windowsEmitted: number;
}

/** Builds one sample per resource every 10 s of event time, in order, so every window closes normally. */
function benchmarkSamples(count: number, resources: number): Sample[] {
  const startMs = Date.parse('2026-12-04T00:00:00.000Z');
  return Array.from({ length: count }, (_, index) => ({
    resource_id: `i-bench${String(index % resources).padStart(5, '0')}`,
    resource_type: 'ec2_instance',
    region: 'eu-north-1',
    metric: 'cpu_utilization',
    unit: 'percent',
    value: (index * 37) % 100,
    event_time: new Date(startMs + Math.floor(index / resources) * 10_000).toISOString(),
    period_s: 10,
    source: 'replay',
  }));
}

async function sumOffsets(offsets: Promise<Map<number, string>>): Promise<number> {
  return [...(await offsets).values()].reduce((sum, offset) => sum + Number(offset), 0);
}

interface CommitProgress {
  /** When the first commit was seen, in performance.now() milliseconds. */
  firstCommitAtMs: number;
  /** Samples committed at that moment. */
  firstCommitted: number;
}

async function waitForCommit(
  transport: Transport,
  groupId: string,
  topic: string,
  total: number,
  timeoutMs: number,
): Promise<CommitProgress> {
  const deadline = Date.now() + timeoutMs;
  let first: CommitProgress | undefined;
  for (;;) {
    const committed = await sumOffsets(transport.admin().committedOffsets(groupId, topic));
    if (committed > 0 && first === undefined) {
      first = { firstCommitAtMs: performance.now(), firstCommitted: committed };
    }
    if (committed >= total) {
      return first!;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `aggregate benchmark timed out after ${timeoutMs} ms; raise --timeout-ms or lower --samples`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Measures samples per second through the aggregate stage under the stage runner: produces the
 * samples to fresh topics, starts the stage, and times it until all input offsets are committed.
 * Decoding, validation, windowing, the changelog and the produce of windows are all inside the
 * timed span; producing the input is not. Commits are polled every 20 ms, which bounds the
 * resolution. The Kafka topics are deleted afterwards.
 */
export async function runAggregateBenchmark(
  options: AggregateBenchmarkOptions,
): Promise<AggregateBenchmarkResult> {
  const prefix = `bench.${Date.now().toString(36)}.${randomBytes(3).toString('hex')}.`;
  const env: Record<string, string> = { EAAWAS_TRANSPORT: options.transport };
  if (options.brokers !== undefined) {
    env.KAFKA_BROKERS = options.brokers;
  }
  const config = loadConfig({
    env,
    overrides: {
      transport: { topic_prefix: prefix },
      logging: { level: 'warn' },
      ...(options.maxBatchRecords === undefined
        ? {}
        : { runner: { max_batch_records: options.maxBatchRecords } }),
    },
  });
  const logger = pino({ level: config.logging.level });
  const registry = new Registry();
  const transport = createTransport(config, { logger, registry, clientName: 'aggregate-bench' });
  const topics = topicNames(prefix);
  await transport.connect();
  try {
    await createPipelineTopics(transport, config);
    const producer = await transport.producer();
    const samples = benchmarkSamples(options.samples, options.resources);
    for (let start = 0; start < samples.length; start += 5_000) {
      const chunk = samples.slice(start, start + 5_000);
      await producer.send(
        topics.samples,
        chunk.map((sample) => ({ key: sample.resource_id, value: JSON.stringify(sample) })),
      );
    }

    const startedAt = performance.now();
    const stage = await startStage(aggregateStage, {
      config,
      topics,
      logger,
      registry,
      transport,
      clock: systemClock,
    });
    let progress: CommitProgress;
    let finishedAt: number;
    try {
      const groupId = stageGroupId(prefix, aggregateStage.name);
      progress = await waitForCommit(
        transport,
        groupId,
        topics.samples,
        samples.length,
        options.timeoutMs ?? 300_000,
      );
      finishedAt = performance.now();
    } finally {
      await stage.stop();
    }
    const seconds = (finishedAt - startedAt) / 1000;
    const steadySeconds = (finishedAt - progress.firstCommitAtMs) / 1000;
    const windowsEmitted = await sumOffsets(transport.admin().endOffsets(topics.aggregates));
    return {
      transport: options.transport,
      samples: samples.length,
      resources: options.resources,
      partitions: config.transport.partitions,
      maxBatchRecords: config.runner.max_batch_records,
      seconds,
      samplesPerSecond: samples.length / seconds,
      steadySamplesPerSecond:
        steadySeconds > 0 ? (samples.length - progress.firstCommitted) / steadySeconds : Number.NaN,
      windowsEmitted,
    };
  } finally {
    if (options.transport === 'kafka') {
      await transport.admin().deleteTopics([...Object.values(topics), aggregateChangelogTopic(prefix)]);
    }
    await transport.close();
  }
}

async function main(): Promise<void> {
  const program = new Command()
    .name('aggregate-throughput')
    .description('Measure samples per second through the aggregate stage on the embedded transport or Kafka.')
    .option('--transport <kind>', 'embedded or kafka', 'embedded')
    .option('--samples <count>', 'samples to push through the stage', '20000')
    .option('--resources <count>', 'distinct resources the samples cover', '200')
    .option(
      '--brokers <list>',
      'Kafka bootstrap brokers as host:port[,host:port]; the config default when absent',
    )
    .option('--max-batch-records <count>', 'records per batch handed to the stage')
    .parse();
  const raw = program.opts<{
    transport: string;
    samples: string;
    resources: string;
    brokers?: string;
    maxBatchRecords?: string;
  }>();
  if (raw.transport !== 'embedded' && raw.transport !== 'kafka') {
    throw new Error(`--transport must be embedded or kafka, not ${raw.transport}`);
  }
  const result = await runAggregateBenchmark({
    transport: raw.transport,
    samples: Number(raw.samples),
    resources: Number(raw.resources),
    ...(raw.brokers === undefined ? {} : { brokers: raw.brokers }),
    ...(raw.maxBatchRecords === undefined ? {} : { maxBatchRecords: Number(raw.maxBatchRecords) }),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `aggregate benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
